"""Text a file publishes without showing it in its body: HTML comments, meta tags, alt texts and
mail links, Word comments and notes (``hidden_text``); and Word text boxes, which are body text."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from baogao.io import iter_documents, read_path
from baogao.pipeline import PipelineOptions, check, read_documents

HIDDEN = PipelineOptions(hidden_text=True)
VISIBLE = PipelineOptions()

PAGE = """<html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="author" content="张建国 13912345678"><title>工作总结</title></head>
<body>
<!-- 联系人李明 电话13987654321 -->
<!--[if lt IE 9]><script src="html5shiv.js"></script><![endif]-->
<p>今年完成产值12.5亿元。</p>
<p><a href="mailto:liming@example.com">联系我们</a> <a href="/news/list.html">新闻</a></p>
<img alt="王小红身份证110101199003077777" src="x.png">
<p><span title="值班电话13700001111">值班</span></p>
<!-- <p>原联系人：<a href="tel:13600002222">赵刚</a></p> -->
<p><a href="http://oa.dongling.local/login">办公系统</a></p>
</body></html>
"""
BODY = "今年完成产值12.5亿元。\n联系我们 新闻\n值班\n办公系统"


def _html(tmp_path: Path, markup: str = PAGE, name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_text(markup, encoding="utf-8")
    return path


def _text(path: Path, options: PipelineOptions) -> str:
    docs = read_documents(path, options=options)
    assert len(docs) == 1
    return docs[0].text


# --------------------------------------------------------------------------- HTML


def test_html_without_hidden_text_is_the_visible_text_only(tmp_path: Path) -> None:
    assert _text(_html(tmp_path), VISIBLE) == BODY


@pytest.mark.parametrize(
    "published",
    [
        "张建国 13912345678",  # <meta name="author" content>
        "工作总结",  # <title>
        "联系人李明 电话13987654321",  # a comment
        "mailto:liming@example.com",  # a mailto: href
        "王小红身份证110101199003077777",  # an alt attribute
        "值班电话13700001111",  # a title attribute
        "原联系人：赵刚",  # commented-out markup: its text ...
        "tel:13600002222",  # ... and its links
        "http://oa.dongling.local/login",  # an absolute link (internal hosts are sensitive)
    ],
)
def test_html_hidden_text_reads_what_the_page_publishes(tmp_path: Path, published: str) -> None:
    assert published in _text(_html(tmp_path), HIDDEN).split("\n")
    assert published not in _text(_html(tmp_path), VISIBLE)


def test_html_hidden_text_comes_before_the_unchanged_body(tmp_path: Path) -> None:
    text = _text(_html(tmp_path), HIDDEN)
    assert text.endswith("\n" + BODY)
    front = text[: -len(BODY)]
    assert "12.5亿元" not in front


@pytest.mark.parametrize(
    "noise", ["width=device-width", "html5shiv", "[if lt IE 9]", "endif", "/news/list.html", "x.png", "<p>"]
)
def test_html_hidden_text_leaves_out_settings_conditional_comments_and_relative_links(
    tmp_path: Path, noise: str
) -> None:
    assert noise not in _text(_html(tmp_path), HIDDEN)


def test_html_hidden_lines_come_once_and_never_repeat_the_body(tmp_path: Path) -> None:
    markup = (
        '<html><head><title>2024年工作总结</title><meta name="description" content="2024年工作总结"></head>'
        '<body><h1>2024年工作总结</h1><img alt="厂区全景"><img alt="厂区全景"><p>全年安全生产。</p></body></html>'
    )
    assert _text(_html(tmp_path, markup), HIDDEN) == "厂区全景\n2024年工作总结\n全年安全生产。"


def test_html_check_finds_personal_data_only_published_outside_the_body(tmp_path: Path) -> None:
    doc = read_documents(_html(tmp_path), options=HIDDEN)[0]
    found = check(doc, options=HIDDEN)
    for f in found:
        assert doc.text[f.start : f.end] == f.text
    by_label = {(f.label, f.text) for f in found}
    assert {("PHONE", "13987654321"), ("PHONE", "13912345678"), ("EMAIL", "liming@example.com"),
            ("ID_NUMBER", "110101199003077777")} <= by_label
    visible = read_documents(_html(tmp_path), options=VISIBLE)[0]
    assert not {f.label for f in check(visible, options=VISIBLE)} & {"PHONE", "EMAIL", "ID_NUMBER"}


SCRIPTED = """<html><head><title>工作总结</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "author": {"@type": "Person", "name": "\\u5f20\\u5efa\\u56fd"}, "publisher": {"name": "华岳矿业有限公司"}}</script>
<script>var contact = '联系人：李明华，电话13812345671'; // 审稿 王芳
var home = "http://10.1.2.3/oa"; /* 内部：赵刚 */ var n = 3; var label = "click";</script>
<script src="https://cdn.example.com/app.js"></script>
</head><body><p>今年完成产值12.5亿元。</p></body></html>
"""


@pytest.mark.parametrize(
    "published",
    [
        "张建国",  # a JSON-LD author, written with \\u escapes
        "华岳矿业有限公司",  # the publisher
        "联系人：李明华，电话13812345671",  # a string literal of an inline script
        "审稿 王芳",  # a line comment
        "http://10.1.2.3/oa",  # a link in a string: its // is no comment
        "内部：赵刚",  # a block comment
    ],
)
def test_html_hidden_text_reads_inline_scripts(tmp_path: Path, published: str) -> None:
    lines = _text(_html(tmp_path, SCRIPTED), HIDDEN).split("\n")
    assert published in lines
    assert published not in _text(_html(tmp_path, SCRIPTED), VISIBLE)


@pytest.mark.parametrize("noise", ["https://schema.org", "@type", "@context", "click", "var ", "NewsArticle"])
def test_html_script_code_and_vocabulary_are_no_hidden_text(tmp_path: Path, noise: str) -> None:
    assert noise not in _text(_html(tmp_path, SCRIPTED), HIDDEN)


def test_html_check_finds_a_phone_and_a_name_only_written_in_a_script(tmp_path: Path) -> None:
    doc = read_documents(_html(tmp_path, SCRIPTED), options=HIDDEN)[0]
    found = {(f.label, f.text) for f in check(doc, options=HIDDEN)}
    assert ("PHONE", "13812345671") in found
    assert ("URL", "http://10.1.2.3/oa") in found


def test_html_hidden_text_through_read_path_and_iter_documents(tmp_path: Path) -> None:
    path = _html(tmp_path)
    assert "13987654321" in read_path(path, hidden_text=True)[0].text
    assert "13987654321" not in read_path(path)[0].text
    (doc,) = iter_documents([tmp_path], hidden_text=True)
    assert not isinstance(doc, Exception) and "13987654321" in doc.text


def test_hidden_text_leaves_plain_text_files_as_they_are(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("<!-- 联系人李明 -->\n今年完成产值12.5亿元。\n", encoding="utf-8")
    assert _text(path, HIDDEN) == _text(path, VISIBLE) == path.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- Word

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS = (
    f'xmlns:w="{W}" xmlns:mc="{MC}" xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _vml_box(text: str) -> str:
    return f'<w:pict><v:shape><v:textbox><w:txbxContent>{_p(text)}</w:txbxContent></v:textbox></v:shape></w:pict>'


def _drawing_box(text: str) -> str:
    return (
        "<w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>"
        f"<w:txbxContent>{_p(text)}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
    )


def _notes(kind: str, text: str) -> str:
    return (
        f'<w:{kind}s {NS}><w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        f'<w:{kind} w:id="1">{_p(text)}</w:{kind}></w:{kind}s>'
    )


COMMENTS = (
    f'<w:comments {NS}><w:comment w:id="0" w:author="张建国" w:initials="ZJG">'
    '<w:p><w:r><w:annotationRef/></w:r><w:r><w:t>审核人张建国 电话13912345678</w:t></w:r></w:p>'
    "</w:comment></w:comments>"
)
PARTS = {
    "comments": (COMMENTS, f"{CT}.comments+xml"),
    "footnotes": (_notes("footnote", "数据来源：统计员孙丽 13500003333"), f"{CT}.footnotes+xml"),
    "endnotes": (_notes("endnote", "附：联系邮箱 sunli@example.com"), f"{CT}.endnotes+xml"),
}


def _docx(tmp_path: Path, body: str, parts: tuple[str, ...] = (), name: str = "report.docx") -> Path:
    """A .docx made by python-docx whose body is ``body`` (WordprocessingML), plus the named parts."""
    import docx

    buf = io.BytesIO()
    template = docx.Document()
    for prop in ("author", "last_modified_by", "comments", "title", "subject", "keywords", "category"):
        setattr(template.core_properties, prop, "")  # the template's (python-docx) are hidden text of their own
    template.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            raw = src.read(info.filename)
            if not info.filename.endswith((".xml", ".rels")):
                dst.writestr(info, raw)
                continue
            data = raw.decode("utf-8")
            if info.filename == "word/document.xml":
                head, rest = data.split("<w:body>", 1)
                for decl in NS.split(" "):  # the prefixes the body uses, where the template lacks them
                    if decl.split("=")[0] + "=" not in head:
                        head = head.replace("<w:document ", f"<w:document {decl} ", 1)
                data = head + "<w:body>" + body + rest[rest.index("<w:sectPr"):]
            elif info.filename == "word/_rels/document.xml.rels":
                rels = "".join(f'<Relationship Id="rIdHidden{i}" Type="{REL}/{part}" Target="{part}.xml"/>'
                               for i, part in enumerate(parts))
                data = data.replace("</Relationships>", rels + "</Relationships>")
            elif info.filename == "[Content_Types].xml":
                types = "".join(f'<Override PartName="/word/{part}.xml" ContentType="{PARTS[part][1]}"/>'
                                for part in parts)
                data = data.replace("</Types>", types + "</Types>")
            dst.writestr(info, data.encode("utf-8"))
        for part in parts:
            dst.writestr(f"word/{part}.xml", PARTS[part][0].encode("utf-8"))
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path


def test_docx_text_box_is_body_text_read_after_its_paragraph(tmp_path: Path) -> None:
    body = _p("2023年工作总结") + f"<w:p><w:r><w:t>见右图。</w:t></w:r><w:r>{_vml_box('联系人李明 手机13987654321')}</w:r></w:p>" \
        + _p("全年完成产值12亿元。")
    expected = "2023年工作总结\n见右图。\n联系人李明 手机13987654321\n全年完成产值12亿元。"
    assert _text(_docx(tmp_path, body), VISIBLE) == expected
    assert _text(_docx(tmp_path, body), HIDDEN) == expected


def test_docx_text_box_written_twice_as_choice_and_fallback_is_read_once(tmp_path: Path) -> None:
    box = "联系人李明 手机13987654321"
    body = _p("2023年工作总结") + (
        f'<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps">{_drawing_box(box)}</mc:Choice>'
        f"<mc:Fallback>{_vml_box(box)}</mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    text = _text(_docx(tmp_path, body), VISIBLE)
    assert text == f"2023年工作总结\n{box}"


def test_docx_text_box_in_a_table_cell_and_a_box_in_a_box(tmp_path: Path) -> None:
    inner = f"<w:p><w:r>{_vml_box('内框：王芳')}</w:r></w:p>"
    outer = f"<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>{_p('外框：赵刚')}{inner}" \
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
    cell = f"<w:tbl><w:tr><w:tc>{_p('负责人')}</w:tc><w:tc><w:p><w:r>{_vml_box('孙丽')}</w:r></w:p></w:tc></w:tr></w:tbl>"
    assert _text(_docx(tmp_path, outer + cell), VISIBLE) == "外框：赵刚\n内框：王芳\n负责人\t孙丽"


def test_docx_comments_and_notes_only_with_hidden_text(tmp_path: Path) -> None:
    path = _docx(tmp_path, _p("2023年工作总结，今年完成产值12亿元。"), ("comments", "footnotes", "endnotes"))
    assert _text(path, VISIBLE) == "2023年工作总结，今年完成产值12亿元。"
    assert _text(path, HIDDEN) == (
        "数据来源：统计员孙丽 13500003333\n附：联系邮箱 sunli@example.com\n张建国\n审核人张建国 电话13912345678\n"
        "2023年工作总结，今年完成产值12亿元。"
    )


def test_docx_check_finds_the_phone_in_a_comment_and_the_email_in_an_endnote(tmp_path: Path) -> None:
    path = _docx(tmp_path, _p("2023年工作总结，今年完成产值12亿元。"), ("comments", "endnotes"))
    doc = read_documents(path, options=HIDDEN)[0]
    found = check(doc, options=HIDDEN)
    for f in found:
        assert doc.text[f.start : f.end] == f.text
    assert {("PHONE", "13912345678"), ("EMAIL", "sunli@example.com")} <= {(f.label, f.text) for f in found}
    assert not check(read_documents(path, options=VISIBLE)[0], options=VISIBLE)


def test_docx_hidden_lines_do_not_repeat_the_body(tmp_path: Path) -> None:
    path = _docx(tmp_path, _p("审核人张建国 电话13912345678") + _p("全年完成产值12亿元。"), ("comments",))
    assert _text(path, HIDDEN) == "张建国\n审核人张建国 电话13912345678\n全年完成产值12亿元。"


# --------------------------------------------------------------------------- PDF


def _pdf_string(value: str) -> bytes:
    """A PDF text string in UTF-16BE with its byte-order mark, as writers store Chinese."""
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _pdf_with_info(line: str, *, author: str, title: str, note: str, note_author: str) -> bytes:
    """A one-page PDF with a document information dictionary, a text annotation (a sticky note)
    and a link to an intranet address."""
    from tests.test_io import page_objects, pdf_bytes

    content = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode("ascii")
    return pdf_bytes(
        page_objects(content, annots=b" /Annots [6 0 R 7 0 R]")
        + [
            b"<< /Type /Annot /Subtype /Text /Rect [0 0 20 20] /Contents " + _pdf_string(note)
            + b" /T " + _pdf_string(note_author) + b" >>",
            b"<< /Type /Annot /Subtype /Link /Rect [0 0 20 20] /A << /S /URI /URI (http://10.2.3.4/oa/doc) >> >>",
            b"<< /Title " + _pdf_string(title) + b" /Author " + _pdf_string(author) + b" /Producer (Writer) >>",
        ],
        info=8,
    )


def test_pdf_hidden_text_reads_the_information_and_the_notes(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(
        _pdf_with_info("Annual report 2023", author="王建国", title="华岳矿业有限公司工作总结",
                       note="请核对：联系人李明华 13812345671", note_author="赵刚")
    )
    hidden = _text(path, HIDDEN).split("\n")
    for published in ("王建国", "华岳矿业有限公司工作总结", "请核对：联系人李明华 13812345671", "赵刚",
                      "http://10.2.3.4/oa/doc"):
        assert published in hidden
    assert hidden[-1] == "Annual report 2023"  # the body comes last, unchanged
    assert "Writer" not in hidden  # the producing software is no text of the author's
    assert _text(path, VISIBLE) == "Annual report 2023"
    doc = read_documents(path, options=HIDDEN)[0]
    assert ("PHONE", "13812345671") in {(f.label, f.text) for f in check(doc, options=HIDDEN)}


# --------------------------------------------------------------------------- Word: properties, tracked changes


def _tracked_docx(path: Path) -> Path:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.core_properties.author = "王建国"
    document.core_properties.last_modified_by = "李明华"
    document.core_properties.comments = "审稿人赵刚 13812345672"
    document.add_paragraph("各位代表：")
    p = document.add_paragraph("今年安全生产形势稳定。")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    p._p.append(parse_xml(f'<w:del {w} w:id="1" w:author="孙丽" w:date="2024-01-01T00:00:00Z">'
                          "<w:r><w:delText>联系人张伟，电话13812345673</w:delText></w:r></w:del>"))
    p._p.append(parse_xml(f'<w:ins {w} w:id="2" w:author="孙丽" w:date="2024-01-01T00:00:00Z">'
                          "<w:r><w:t>（已核）</w:t></w:r></w:ins>"))
    document.save(path)
    return path


def test_docx_alt_texts_and_link_targets_are_hidden_text(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    path = tmp_path / "pictured.docx"
    document = docx.Document()
    document.add_paragraph("各位代表：")
    p = document.add_paragraph()
    rel = p.part.relate_to("http://10.2.3.4/oa/doc?id=9", REL + "/hyperlink", is_external=True)
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    r = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    p._p.append(parse_xml(f'<w:hyperlink {w} {r} r:id="{rel}"><w:r><w:t>办公系统</w:t></w:r></w:hyperlink>'))
    wp = 'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    document.add_paragraph()._p.append(parse_xml(
        f'<w:r {w}><w:drawing><wp:inline {wp}><wp:extent cx="1" cy="1"/>'
        '<wp:docPr id="1" name="Picture 1" descr="张伟同志在东岭煤矿调研" title="调研照片"/></wp:inline></w:drawing></w:r>'
    ))
    document.save(path)
    hidden = _text(path, HIDDEN).split("\n")
    for published in ("张伟同志在东岭煤矿调研", "调研照片", "http://10.2.3.4/oa/doc?id=9"):
        assert published in hidden
        assert published not in _text(path, VISIBLE)


def test_docx_properties_and_tracked_deletions_are_hidden_text(tmp_path: Path) -> None:
    path = _tracked_docx(tmp_path / "tracked.docx")
    hidden = _text(path, HIDDEN).split("\n")
    for published in ("王建国", "李明华", "审稿人赵刚 13812345672", "孙丽", "联系人张伟，电话13812345673"):
        assert published in hidden
    visible = _text(path, VISIBLE)
    assert visible == "各位代表：\n今年安全生产形势稳定。（已核）"  # an insertion shows in the text
    assert "13812345673" not in visible  # a deletion does not
    doc = read_documents(path, options=HIDDEN)[0]
    assert {("PHONE", "13812345672"), ("PHONE", "13812345673")} <= {(f.label, f.text) for f in check(doc, options=HIDDEN)}


# --------------------------------------------------------------------------- pictures: noted, not checked


def _png(grey: int) -> bytes:
    """A one-pixel PNG; pictures of different grey are different files (Word stores a repeated one once)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes([0, grey]))) + chunk(
        b"IEND", b""
    )


def test_check_notes_the_pictures_of_a_word_file_it_cannot_read(tmp_path: Path) -> None:
    import docx
    from docx.shared import Inches
    from typer.testing import CliRunner

    from baogao.cli import app

    path = tmp_path / "photos.docx"
    d = docx.Document()
    d.add_paragraph("今年安全生产形势稳定。")
    for grey in (0, 255):
        d.add_picture(io.BytesIO(_png(grey)), width=Inches(1))
    d.save(path)
    assert read_documents(path, options=HIDDEN)[0].meta["images"] == 2
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 0  # a note is no finding: the text itself is clean
    assert f"{path}: note: 2 pictures not checked" in result.output
    plain = tmp_path / "plain.docx"
    docx.Document().save(plain)
    assert "note:" not in CliRunner().invoke(app, ["check", str(plain)]).output


def _pdf_with_picture(line: str) -> bytes:
    """A one-page PDF with a line of text and a one-pixel picture drawn under it."""
    from tests.test_io import page_objects, pdf_bytes

    content = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET q 20 0 0 20 72 600 cm /Im1 Do Q".encode("ascii")
    image = (
        b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream"
    )
    return pdf_bytes(page_objects(content, resources=b" /XObject << /Im1 6 0 R >>") + [image])


def test_pictures_drawn_on_a_pdf_page_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(_pdf_with_picture("Annual report 2023"))
    doc = read_documents(path, options=HIDDEN)[0]
    assert doc.text == "Annual report 2023"
    assert doc.meta["images"] == 1


# --------------------------------------------------------------------------- where a finding outside the body sits


def test_check_says_where_a_finding_outside_the_body_sits(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from baogao.cli import app

    docx_path = _tracked_docx(tmp_path / "tracked.docx")
    page = _html(tmp_path, SCRIPTED)
    out = CliRunner().invoke(app, ["check", str(docx_path), str(page), "-q"]).output.splitlines()
    assert any(line.endswith("PHONE «13812345672» (phone) in document properties") for line in out)
    assert any(line.endswith("PHONE «13812345673» (phone) in tracked change") for line in out)
    assert any(line.endswith("PHONE «13812345671» (phone) in script") for line in out)
    assert any(line.endswith("URL «http://10.1.2.3/oa» (url) in script") for line in out)
    # the body's findings keep the plain form
    plain = tmp_path / "r.txt"
    plain.write_text("联系人：张建国，电话13912345678。\n", encoding="utf-8")
    line = CliRunner().invoke(app, ["check", str(plain), "-q"]).output.splitlines()[-1]
    assert line.endswith("PHONE «13912345678» (phone)")
    sarif = CliRunner().invoke(app, ["check", str(docx_path), "--format", "sarif", "-q"]).output
    assert "(in document properties)" in sarif
