"""A directory of broken and oddly encoded files: one item per file, never an exception."""

from __future__ import annotations

import codecs
import json
import random
from pathlib import Path

import pytest

from baogao.errors import ReadError
from baogao.io import RawDocument, iter_documents

TEXT = "各位代表：\n过去一年，全市地区生产总值达到３２５６亿元，增长６．２％。\n二、今年工作安排\n"


def _docx_bytes(tmp_path: Path) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("一、工作回顾")
    path = tmp_path / "src.docx"
    document.save(path)
    return path.read_bytes()


def build_archive(root: Path, tmp_path: Path) -> tuple[dict[str, tuple[str, str]], set[str]]:
    """Write the files; return {name: (expected text, expected encoding)} for readable ones and the broken names."""
    docx_bytes = _docx_bytes(tmp_path)
    readable = {
        "01_utf8.txt": (TEXT.encode("utf-8"), "utf-8"),
        "02_utf8_bom.txt": (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        "03_gb18030.txt": (TEXT.encode("gb18030"), "gb18030"),
        "04_gbk.md": (TEXT.encode("gbk"), "gb18030"),
        "05_utf16_bom.txt": (TEXT.encode("utf-16"), "utf-16"),
        "06_utf16be_bom.txt": (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        "07_utf16le_nobom.txt": (TEXT.encode("utf-16-le"), "utf-16-le"),
        "08_utf32.txt": (TEXT.encode("utf-32"), "utf-32"),
        "09_crlf.txt": (TEXT.replace("\n", "\r\n").encode("gb18030"), "gb18030"),
        "10_few_nuls.txt": (TEXT.encode("utf-8").replace(b"\n", b"\x00\n", 1), "utf-8"),
        "11_record.jsonl": (
            json.dumps({"id": "x", "text": TEXT}, ensure_ascii=False).encode("utf-8"),
            "utf-8",
        ),
    }
    expected_text = {
        "09_crlf.txt": TEXT.replace("\n", "\r\n"),
        "10_few_nuls.txt": TEXT.replace("\n", "\x00\n", 1),
    }
    broken = {
        "20_empty.txt": b"",
        "21_blank.md": b"\r\n   \n\t",
        "22_random.txt": random.Random(7).randbytes(3000),
        "23_nul_riddled.txt": b"\x00\x00".join(TEXT.encode("utf-8")[i : i + 1] for i in range(60)) * 4,
        "24_truncated.docx": docx_bytes[:700],
        "25_text.docx": TEXT.encode("utf-8"),
        "26_fake.pdf": TEXT.encode("utf-8"),
        "27_broken.jsonl": b'{"id": 1, "text": ',
        "28_png.txt": b"\x89PNG\r\n\x1a\n" + random.Random(8).randbytes(500),
        "29_bad_utf16_bom.txt": codecs.BOM_UTF16_LE + b"\x00\xd8\x41",  # lone surrogate
        "30_html_lies.html": b'<meta charset="utf-8"><p>' + "各位代表".encode("gb18030") + b"</p>",
    }
    sub = root / "nested" / "deeper"
    sub.mkdir(parents=True)
    for name, (data, _) in readable.items():
        (sub if name.startswith("0") else root / "nested").joinpath(name).write_bytes(data)
    for name, data in broken.items():
        (root / name).write_bytes(data)
    for skipped in [".hidden.txt", "notes.xlsx", "readme"]:  # not walked: hidden or unknown type
        (root / skipped).write_bytes(b"\x00\x01")
    truth = {name: (expected_text.get(name, TEXT), enc) for name, (_, enc) in readable.items()}
    broken_names = set(broken) - {"30_html_lies.html"}  # that one is readable: the lie is detected
    truth["30_html_lies.html"] = ("各位代表", "html:gb18030")
    return truth, broken_names


def test_archive_yields_one_item_per_file_in_sorted_order(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    root.mkdir()
    truth, broken = build_archive(root, tmp_path)
    items = list(iter_documents([root]))
    # a bad JSONL record is named "path:line N"
    names = [
        Path(i.source if isinstance(i, RawDocument) else str(i.path).split(":line ")[0]).name for i in items
    ]
    assert sorted(names) == sorted([*truth, *broken])
    assert len(names) == len(set(names))  # exactly one item per file
    for item, name in zip(items, names, strict=True):
        if name in broken:
            assert isinstance(item, ReadError), name
            assert item.path and name in item.path and item.cause and "\n" not in item.cause
        else:
            assert isinstance(item, RawDocument), (name, item)
            assert (item.text, item.encoding) == truth[name], name
    # directory order: root files first (sorted), then nested/, then nested/deeper/
    assert names[: len(broken) + 1] == sorted([*broken, "30_html_lies.html"])


@pytest.mark.parametrize("codec", ["utf-8", "gb18030", "utf-16"])
def test_every_decoding_failure_is_a_read_error_not_a_unicode_error(tmp_path: Path, codec: str) -> None:
    # valid text followed by a byte sequence that breaks every strict decoder, then binary noise
    data = TEXT.encode(codec) + b"\xff\xfe\x00\x00\x80" + random.Random(3).randbytes(1500)
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    [item] = list(iter_documents([path]))
    assert isinstance(item, ReadError | RawDocument)
    if isinstance(item, ReadError):
        assert item.path == str(path)
