"""Big5 input is read as Big5, not as the GB18030 nonsense its bytes also decode to."""

from __future__ import annotations

from conftest import SAMPLES

from baogao.io.detect import decode_text

TRADITIONAL = "2023年工作總結\n一、基本情況\n聯繫人張建國，電話13912345678。\n今年完成產值12.5億元，同比增長8%。\n"


def test_big5_is_detected_and_decoded() -> None:
    data = TRADITIONAL.encode("cp950")
    assert data.decode("gb18030")  # the trap: these bytes are "valid" GB18030 too
    text, encoding = decode_text(data, path="t.txt")
    assert (text, encoding) == (TRADITIONAL, "cp950")


def test_simplified_gb18030_stays_gb18030() -> None:
    sample = next(SAMPLES.glob("*.txt")).read_text(encoding="utf-8").replace("×", "")
    for text in (sample, sample[:40], "联系人张建国，电话13912345678。"):
        assert decode_text(text.encode("gb18030"), path="s.txt") == (text, "gb18030")


def test_traditional_text_written_in_gbk_stays_gb18030() -> None:
    # GBK holds traditional characters too (outside GB2312): cp950 cannot read those bytes
    text = "聯繫人張建國，電話13912345678。今年完成產值12.5億元，同比增長8%。"
    assert decode_text(text.encode("gb18030"), path="g.txt") == (text, "gb18030")
