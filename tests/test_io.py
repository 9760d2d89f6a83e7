"""Readers: every format from files written in the test, and one typed error per bad input."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from baogao.errors import InputTooLargeError, ReadError, UnsupportedFormatError
from baogao.io import DEFAULT_MAX_BYTES, RawDocument, iter_documents, iter_inputs, read_path
from baogao.normalize import normalize

REPORT = (
    "2024年安全生产工作总结\n"
    "一、主要工作及成效\n"
    "全年完成原煤产量635.8万吨，同比增长7.1%，连续1000天实现安全生产。\n"
    "二、存在的问题\n"
    "部分基层单位隐患排查治理不够深入，“三违”行为时有发生。\n"
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def pdf_bytes(objects: list[bytes], *, info: int | None = None) -> bytes:
    """A PDF of these numbered objects (1 = catalog) with its cross-reference table and trailer;
    ``info``: the number of the document information object."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    extra = b" /Info %d 0 R" % info if info else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, extra, xref)
    return bytes(out)


def page_objects(content: bytes, *, resources: bytes = b"", annots: bytes = b"") -> list[bytes]:
    """Catalog, pages, one page (Helvetica as /F1, plus ``resources`` and ``annots``), its content
    stream and the font: objects 1–5."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >>" + resources + b" >>" + annots + b" >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]


def make_pdf(line: str) -> bytes:
    """A minimal one-page PDF with one line of ASCII text in Helvetica (xref offsets computed)."""
    return pdf_bytes(page_objects(f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode("ascii")))


def make_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("一、主要工作及成效")
    document.add_paragraph("全年完成原煤产量635.8万吨。")
    table = document.add_table(rows=2, cols=2)
    for (r, c), value in {(0, 0): "指标", (0, 1): "完成值", (1, 0): "隐患整改率", (1, 1): "98.6%"}.items():
        table.cell(r, c).text = value
    document.add_paragraph("二、下一步工作打算")
    document.save(path)
    return path


# ------------------------------------------------------------------ plain text encodings


@pytest.mark.parametrize(
    ("codec", "reported"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),  # GB18030 is a superset of GBK
        ("utf-16", "utf-16"),  # Python writes a BOM
        ("utf-32", "utf-32"),
        ("utf-16-le", "utf-16-le"),  # no BOM: found by the NUL pattern
        ("utf-16-be", "utf-16-be"),
    ],
)
def test_text_file_is_decoded_and_encoding_named(tmp_path: Path, codec: str, reported: str) -> None:
    path = write(tmp_path, "report.txt", REPORT.encode(codec))
    [doc] = read_path(path)
    assert doc.text == REPORT
    assert doc.encoding == reported
    assert (doc.id, doc.source, doc.format) == (str(path), str(path), "txt")


@pytest.mark.parametrize("codec", ["utf-8", "gb18030"])
def test_one_corrupt_byte_costs_a_character_not_the_report(tmp_path: Path, codec: str) -> None:
    data = (REPORT * 20).encode(codec)
    cut = data.index("二、存在的问题".encode(codec))
    [doc] = read_path(write(tmp_path, "scraped.txt", data[:cut] + b"\xff" + data[cut:]))
    assert doc.encoding == f"{codec}+replace"
    assert 1 <= doc.text.count("\ufffd") <= 3
    assert doc.text.count("全年完成原煤产量635.8万吨") == 20


def test_markdown_is_read_as_text(tmp_path: Path) -> None:
    [doc] = read_path(write(tmp_path, "brief.md", ("# 工作简报\n\n" + REPORT).encode("utf-8")))
    assert doc.text.startswith("# 工作简报") and doc.format == "txt"


def test_crlf_and_full_width_digits_are_kept_raw_and_normalised_later(tmp_path: Path) -> None:
    raw = "一、生产经营\r\n全年生产原煤６３５．８万吨，同比增长７．１％。\r\n"
    [doc] = read_path(write(tmp_path, "win.txt", raw.encode("gb18030")))
    assert doc.text == raw  # readers never normalise: offsets index this text
    norm = normalize(doc.text)
    assert norm.text == "一、生产经营\n全年生产原煤635.8万吨,同比增长7.1%。"
    start = norm.text.index("635.8万吨")
    s, e = norm.span_to_original(start, start + len("635.8万吨"))
    assert doc.text[s:e] == "６３５．８万吨"


def test_long_single_line_file_is_read_whole(tmp_path: Path) -> None:
    line = "坚持安全第一预防为主综合治理方针" * 37_500  # 600,000 characters, no line break
    [doc] = read_path(write(tmp_path, "long.txt", line.encode("utf-8")))
    assert len(doc.text) == 600_000


def test_a_few_nul_bytes_do_not_make_text_unreadable(tmp_path: Path) -> None:
    data = REPORT.encode("utf-8").replace("二、".encode(), b"\x00\x00\x00" + "二、".encode())
    [doc] = read_path(write(tmp_path, "nul.txt", data))
    assert doc.text.count("\x00") == 3
    assert normalize(doc.text).text == normalize(REPORT).text


# ------------------------------------------------------------------ html


@pytest.mark.parametrize(
    "declaration",
    [
        '<meta charset="gbk">',
        '<meta http-equiv="Content-Type" content="text/html; charset=GBK">',
    ],
)
def test_html_declared_gbk_is_decoded_and_reduced_to_visible_blocks(tmp_path: Path, declaration: str) -> None:
    page = (
        f"<html><head>{declaration}<title>网页标题</title><style>p {{color: red}}</style></head>"
        "<body><script>var total = 1;</script><div>一、主要工作及成效</div>"
        "<p>全年完成原煤产量<b>635.8</b>万吨，\n同比增长7.1%。</p>"
        "<ul><li>隐患整改率98.6%</li><li>培训职工3200人次</li></ul>"
        "<table><tr><td>指标</td><td>完成值</td></tr></table>"
        "第一行<br>第二行<noscript>请启用脚本</noscript></body></html>"
    )
    [doc] = read_path(write(tmp_path, "page.htm", page.encode("gbk")))
    assert doc.encoding == "html:gbk"
    assert doc.format == "html"
    assert doc.text.split("\n") == [
        "一、主要工作及成效",
        "全年完成原煤产量635.8万吨， 同比增长7.1%。",
        "隐患整改率98.6%",
        "培训职工3200人次",
        "指标\t完成值",
        "第一行",
        "第二行",
    ]


def test_html_without_declaration_is_detected_like_text(tmp_path: Path) -> None:
    page = "<html><body><p>各位代表：</p><p>现在，我代表市人民政府作工作报告。</p></body></html>"
    [doc] = read_path(write(tmp_path, "page.html", page.encode("gb18030")))
    assert doc.encoding == "html:gb18030"
    assert doc.text == "各位代表：\n现在，我代表市人民政府作工作报告。"


# ------------------------------------------------------------------ docx and pdf


def test_docx_paragraphs_and_table_cells_in_document_order(tmp_path: Path) -> None:
    [doc] = read_path(make_docx(tmp_path / "summary.docx"))
    assert doc.encoding == "docx" and doc.format == "docx"
    assert doc.text.split("\n") == [
        "一、主要工作及成效",
        "全年完成原煤产量635.8万吨。",
        "指标\t完成值",  # a table row is one line, its cells tab-separated (as in HTML)
        "隐患整改率\t98.6%",
        "二、下一步工作打算",
    ]


def test_docx_headers_and_footers_are_read_once_before_the_body(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("一、主要工作及成效")
    document.add_paragraph("全年完成原煤产量635.8万吨。")
    document.sections[0].header.paragraphs[0].text = "内部资料 注意保密"
    document.sections[0].footer.paragraphs[0].text = "东岭煤业办公室 电话0351-7654321"
    document.add_section()  # its header and footer are linked to the first section's: read once
    document.add_paragraph("二、下一步工作打算")
    nested = document.add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "联系人"
    nested.cell(0, 1).text = "张伟"
    nested.cell(0, 1).add_paragraph("13800138000")  # a cell of two paragraphs: one cell of the row line
    path = tmp_path / "margins.docx"
    document.save(path)
    [doc] = read_path(path)
    assert doc.text.split("\n") == [
        "内部资料 注意保密",
        "东岭煤业办公室 电话0351-7654321",
        "一、主要工作及成效",
        "全年完成原煤产量635.8万吨。",
        "二、下一步工作打算",
        "联系人\t张伟 13800138000",
    ]


def test_hand_made_pdf_is_read_by_pdfminer(tmp_path: Path) -> None:
    [doc] = read_path(write(tmp_path, "brief.pdf", make_pdf("Coal output rose 7.1 percent in 2023")))
    assert doc.text == "Coal output rose 7.1 percent in 2023"
    assert (doc.encoding, doc.format) == ("pdf", "pdf")


# ------------------------------------------------------------------ jsonl


def test_jsonl_yields_records_and_bad_lines_in_place(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "r1", "text": "一、工作回顾", "year": 2023}, ensure_ascii=False),
        '{"id": "r2", "text": "未闭合',
        "",
        json.dumps({"id": "r3", "title": "没有正文"}, ensure_ascii=False),
        json.dumps({"text": "二、下一步打算"}, ensure_ascii=False),
    ]
    path = write(tmp_path, "archive.jsonl", "\n".join(lines).encode("utf-8"))
    items = list(iter_documents([path]))
    assert [type(i).__name__ for i in items] == ["RawDocument", "ReadError", "ReadError", "RawDocument"]
    assert items[0].meta == {"year": 2023} and items[0].id == "r1" and items[0].format == "jsonl"
    assert f"{path}:line 2" in str(items[1]) and f"{path}:line 4" in str(items[2])
    assert items[3].id == f"{path}:line 5"
    with pytest.raises(ReadError, match="line 2"):
        read_path(path)  # the strict reader refuses the file


# ------------------------------------------------------------------ bad inputs: one typed error each


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, type[ReadError], str]]:
    import docx  # noqa: F401  (make_docx needs it)

    docx_bytes = make_docx(tmp_path / "whole.docx").read_bytes()
    noise = random.Random(20240305).randbytes(4096)
    riddled = b"\x00".join(bytes([b]) for b in "安全生产工作总结，全年无事故。".encode() * 20)
    return {
        "missing": (tmp_path / "nowhere.txt", ReadError, "no such file"),
        "empty": (write(tmp_path, "empty.txt", b""), ReadError, "empty"),
        "blank": (write(tmp_path, "blank.txt", b" \r\n\t\n"), ReadError, "whitespace-only"),
        "utf16 blank": (write(tmp_path, "blank16.txt", "\u3000\n \n".encode("utf-16")), ReadError, "no text"),
        "random bytes": (write(tmp_path, "noise.txt", noise), ReadError, "binary"),
        "zip as txt": (write(tmp_path, "renamed.txt", docx_bytes), ReadError, "zip"),
        "nul-riddled": (write(tmp_path, "riddled.txt", riddled), ReadError, "NUL-riddled"),
        "truncated docx": (
            write(tmp_path, "cut.docx", docx_bytes[: len(docx_bytes) // 2]),
            ReadError,
            "not a valid .docx",
        ),
        "text as docx": (write(tmp_path, "fake.docx", REPORT.encode()), ReadError, "not a valid .docx"),
        "not a pdf": (write(tmp_path, "fake.pdf", REPORT.encode()), ReadError, "not a PDF"),
        "damaged pdf": (write(tmp_path, "cut.pdf", make_pdf("abc")[:150]), ReadError, "not a valid .pdf"),
        "unsupported": (write(tmp_path, "old.doc", b"\xd0\xcf\x11\xe0"), UnsupportedFormatError, ".doc"),
        "blank docx": (_blank_docx(tmp_path), ReadError, "no text"),
    }


def _blank_docx(tmp_path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("   ")
    document.save(tmp_path / "blank.docx")
    return tmp_path / "blank.docx"


CASES = [
    "missing",
    "empty",
    "blank",
    "utf16 blank",
    "random bytes",
    "zip as txt",
    "nul-riddled",
    "truncated docx",
    "text as docx",
    "not a pdf",
    "damaged pdf",
    "unsupported",
    "blank docx",
]


@pytest.mark.parametrize("case", CASES)
def test_bad_input_raises_typed_error_naming_the_file(tmp_path: Path, case: str) -> None:
    path, error, cause = _bad_inputs(tmp_path)[case]
    with pytest.raises(ReadError) as info:
        read_path(path)
    assert type(info.value) is error
    assert info.value.path == str(path)
    assert cause in info.value.cause
    assert "\n" not in info.value.cause


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_random_bytes_are_binary_whatever_the_seed(tmp_path: Path, seed: int) -> None:
    path = write(tmp_path, "noise.txt", random.Random(seed).randbytes(2048))
    with pytest.raises(ReadError, match="binary|unknown encoding"):
        read_path(path)


def test_file_over_max_bytes_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", REPORT.encode("utf-8"))
    with pytest.raises(InputTooLargeError, match="max_bytes"):
        read_path(path, max_bytes=100)
    assert read_path(path, max_bytes=10_000)[0].text == REPORT
    assert DEFAULT_MAX_BYTES == 50 * 1024 * 1024


# ------------------------------------------------------------------ walking inputs


def test_directories_are_walked_sorted_known_extensions_no_hidden(tmp_path: Path) -> None:
    for name in [
        "b.txt",
        "a.docx.txt",
        "sub/c.md",
        "sub/d.jsonl",
        "z.doc",
        ".hidden.txt",
        ".git/e.txt",
        "sub/~$lock.docx",
        "notes.csv",
    ]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_inputs([tmp_path])]
    assert found == ["a.docx.txt", "b.txt", "sub/c.md", "sub/d.jsonl"]


def test_explicit_file_of_unknown_type_is_reported_not_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, "table.csv", b"a,b\n")
    [item] = list(iter_documents([path]))
    assert isinstance(item, UnsupportedFormatError) and item.path == str(path)


def test_raw_document_is_frozen() -> None:
    doc = RawDocument(id="x", text="正文", source="x", encoding="utf-8", format="txt")
    with pytest.raises(AttributeError):
        doc.text = "改写"  # type: ignore[misc]


def test_docx_heading_styles_give_heading_levels_the_text_does_not_show(tmp_path: Path) -> None:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from baogao.pipeline import PipelineOptions, analyze

    d = docx.Document()
    d.add_paragraph("2024年度安全生产工作总结")
    d.add_paragraph("现将我公司2024年安全生产工作情况汇报如下。")
    d.add_heading("主要工作及成效", level=1)
    d.add_paragraph("全年开展安全培训45场次，培训职工3200余人次。")
    d.add_heading("强化双重预防机制", level=2)
    d.add_paragraph("完善风险分级管控清单，排查治理隐患1200余项。")
    p = d.add_paragraph("存在的问题")  # no heading style, but an explicit outline level (Word's 大纲级别 1)
    level = OxmlElement("w:outlineLvl")
    level.set(qn("w:val"), "0")
    p._p.get_or_add_pPr().append(level)
    d.add_paragraph("部分班组安全意识仍有不足，现场管理存在薄弱环节。")
    path = tmp_path / "heads.docx"
    d.save(str(path))

    raw = read_path(path)[0]
    starts = {raw.text[s:].split("\n", 1)[0]: lv for s, lv in raw.headings}
    assert starts == {"主要工作及成效": 1, "强化双重预防机制": 2, "存在的问题": 1}
    opts = PipelineOptions(metrics=False, slogans=False, themes=False, keywords=False, redact=False, sections=False)
    paras = analyze(raw, options=opts).structure.paragraphs
    by_text = {q.text: q for q in paras}
    assert by_text["强化双重预防机制"].heading_level == 2 and by_text["强化双重预防机制"].kind == "heading"
    inner = next(q for q in paras if q.text.startswith("完善风险分级管控清单"))
    assert [paras[j].text for j in inner.heading_path] == ["主要工作及成效", "强化双重预防机制"]
    assert by_text["存在的问题"].heading_level == 1 and by_text["存在的问题"].heading_marker is None


def test_pdf_lines_are_joined_into_paragraphs_and_page_furniture_read_once() -> None:
    from baogao.io.pdf import _Line, assemble

    def box(*lines: tuple[str, float]) -> list[_Line]:
        return [_Line(text, x1, 12.0) for text, x1 in lines]

    header, right = "东岭公司2023年度工作总结", 504.0
    pages = [
        [box((header, 360)),
         box(("一、主要工作及成效", 180), ("全年完成原煤产量356万吨，同比增长7.1%，实现营业收", right),
             ("入82.7亿元。全年开展安全培训120场次，培训职工3万余人", right - 20)),
         box(("第1页 共2页", 330))],
        [box((header, 360)),
         box(("次，职工收入增长5.2", right), ("%。我们也清醒看到，成本管控压力较大。", 300), ("二、存在的问题", 156),
             ("科技创新能力不足，人才队伍结构还不够合理", right)),
         box(("三、2024年工作打算", 204), ("力争原煤产量达到380万吨。", 260)),
         box(("第2页 共2页", 330))],
    ]
    assert assemble(pages).split("\n") == [
        header,  # once, before the body
        "一、主要工作及成效",
        # across the page end, and a line opening with %
        ("全年完成原煤产量356万吨，同比增长7.1%，实现营业收入82.7亿元。全年开展安全培训120场次，培训职工3万余人"
         "次，职工收入增长5.2%。我们也清醒看到，成本管控压力较大。"),
        "二、存在的问题",
        "科技创新能力不足，人才队伍结构还不够合理",  # a full line before a numbered heading stays a line
        "三、2024年工作打算",
        "力争原煤产量达到380万吨。",
    ]


def test_pdf_lines_that_end_short_or_end_a_sentence_stay_lines() -> None:
    from baogao.io.pdf import _Line, assemble

    pages = [[[_Line("Coal output rose", 500, 12), _Line("in 2023.", 200, 12), _Line("Safety first。", 500, 12),
               _Line("下一行", 100, 12)]]]
    assert assemble(pages).split("\n") == ["Coal output rose in 2023.", "Safety first。", "下一行"]


def test_a_walk_follows_linked_folders_once_and_never_loops(tmp_path) -> None:
    archive, other = tmp_path / "archive", tmp_path / "other-disk"
    (archive / "2023").mkdir(parents=True)
    other.mkdir()
    (archive / "2023" / "a.txt").write_text("报告一。", encoding="utf-8")
    (other / "b.txt").write_text("报告二。", encoding="utf-8")
    (archive / "linked").symlink_to(other, target_is_directory=True)  # part of the archive lives elsewhere
    (archive / "2023" / "up").symlink_to(archive, target_is_directory=True)  # a loop back up the tree
    (archive / "again").symlink_to(other, target_is_directory=True)  # the same folder a second time
    found = [p.relative_to(archive).as_posix() for p in iter_inputs([archive])]
    assert sorted(found) in (["2023/a.txt", "again/b.txt"], ["2023/a.txt", "linked/b.txt"])
