"""Coverage-guided fuzzing of the whole road: bytes → file → read → normalise → extract → mask → check.

The property tests in ``tests/test_fuzz.py`` run a few hundred examples per
CI run; this harness is for long runs. The first byte picks the file
extension, the rest is the file's content. For every input:

* reading returns documents or raises a :class:`baogao.errors.BaogaoError`;
* the offset map of normalisation is in range and monotone;
* every extractor / recognizer finding slices its own text;
* keep-length masking keeps the length, changes nothing outside the findings,
  is idempotent, and leaves nothing for ``check``.

Usage (atheris needs a clang-built CPython or its wheel)::

    pip install atheris
    BAOGAO_NO_NER=1 python scripts/fuzz_atheris.py -atheris_runs=20000 -max_total_time=300 [corpus_dir]

Without atheris, ``python scripts/fuzz_atheris.py --replay FILE...`` runs the
same checks over saved inputs (crash reproducers).
"""

from __future__ import annotations

import itertools
import os
import sys
import tempfile
from pathlib import Path

EXTENSIONS = (".txt", ".html", ".jsonl", ".docx", ".pdf", ".md")
_TMP = Path(tempfile.mkdtemp(prefix="baogao-fuzz-"))


def _slices(text: str, findings: list, where: str) -> None:
    for f in findings:
        assert 0 <= f.start <= f.end <= len(text), (where, f)
        assert text[f.start : f.end] == f.text, (where, f)


def check_document(text: str) -> None:
    from baogao import pipeline
    from baogao.extract import metrics, slogans
    from baogao.io import RawDocument
    from baogao.normalize import normalize
    from baogao.redact.recognizers import find_all
    from baogao.structure import parse

    norm = normalize(text)
    origin = [int(x) for x in norm.origin]
    assert len(origin) == len(norm.text) + 1 and origin[-1] == len(text)
    assert all(0 <= a <= b <= len(text) for a, b in itertools.pairwise(origin))
    t = norm.text
    for p in parse(t).paragraphs:
        assert t[p.start : p.end] == p.text
    _slices(t, metrics.find(t), "metrics")
    _slices(t, slogans.find(t), "slogans")
    _slices(t, find_all(t), "recognizers")

    raw = RawDocument(id="fuzz", text=text, source="fuzz", encoding="str", format="txt", meta={})
    opts = pipeline.PipelineOptions(ner=os.environ.get("BAOGAO_NO_NER") != "1")
    findings = pipeline.check(raw, options=opts)
    _slices(text, findings, "check")
    masked = pipeline.mask(raw, options=opts).text
    assert len(masked) == len(text)
    covered = set()
    for f in findings:
        covered.update(range(f.start, f.end))
    assert all(a == b for i, (a, b) in enumerate(zip(text, masked)) if i not in covered)
    again = RawDocument(id="fuzz", text=masked, source="fuzz", encoding="str", format="txt", meta={})
    assert pipeline.check(again, options=opts) == []
    assert pipeline.mask(again, options=opts).text == masked


def test_one_input(data: bytes) -> None:
    from baogao.errors import BaogaoError
    from baogao.io import read_path

    if not data:
        return
    path = _TMP / f"input{EXTENSIONS[data[0] % len(EXTENSIONS)]}"
    path.write_bytes(data[1:])
    try:
        docs = read_path(path)
    except BaogaoError:
        return
    for doc in docs:
        check_document(doc.text)


def main() -> None:
    if sys.argv[1:2] == ["--replay"]:
        for name in sys.argv[2:]:
            test_one_input(Path(name).read_bytes())
            print("ok", name)
        return
    import atheris

    with atheris.instrument_imports(include=["baogao"]):
        import baogao.pipeline
        import baogao.redact.recognizers

    assert baogao.pipeline and baogao.redact.recognizers  # imported under instrumentation
    test_one_input(b"\x00" + "全年完成原煤产量1286万吨，联系人张建国。".encode())  # warm the caches once
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
