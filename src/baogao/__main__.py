from baogao.cli import main

main()
