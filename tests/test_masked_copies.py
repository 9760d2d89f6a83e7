"""`baogao mask` on a Word file or a web page writes a masked file of the same kind: the same document,
nothing sensitive left anywhere in it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from baogao.cli import app
from baogao.io import read_path
from baogao.redact.docx_mask import mask_docx

runner = CliRunner()
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _report(path: Path) -> Path:
    """A report with a name split over two formatted runs, a table, a header, properties and a tracked deletion."""
    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    d.core_properties.author = "王建国"
    d.core_properties.comments = "审稿人赵刚 13812345672"
    d.sections[0].header.paragraphs[0].text = "东岭煤业有限公司 内部资料"
    p = d.add_paragraph("联系人：")
    p.add_run("张").bold = True
    p.add_run("建国").italic = True
    p.add_run("，电话13812345678。")
    d.add_paragraph("今年安全生产形势稳定。")._p.append(parse_xml(
        f'<w:del {W} w:id="1" w:author="孙丽" w:date="2024-01-01T00:00:00Z">'
        "<w:r><w:delText>原联系人李明华</w:delText></w:r></w:del>"
    ))
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "负责人"
    table.cell(0, 1).text = "李明华 13912345678"
    d.save(path)
    return path


def _xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith((".xml", ".rels")))


def test_mask_writes_a_clean_word_file_with_its_formatting(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    src = _report(tmp_path / "in" / "report.docx")
    out = tmp_path / "out"
    result = runner.invoke(app, ["mask", str(src), "--output-dir", str(out), "-j", "1", "-q"])
    assert result.exit_code == 0, result.output
    masked = out / "report.docx"
    xml = _xml(masked)
    for secret in ("张", "建国", "13812345678", "13912345678", "李明华", "王建国", "赵刚", "13812345672", "孙丽",
                   "东岭煤业"):
        assert secret not in xml, secret
    import docx

    d = docx.Document(str(masked))
    runs = [(r.text, r.bold, r.italic) for r in d.paragraphs[0].runs]
    assert runs[0] == ("联系人：", None, None)
    assert runs[1] == ("×××", True, None)  # the name's first run takes the whole mask and keeps its bold
    assert runs[2][0] == ""
    assert d.paragraphs[1].text == "今年安全生产形势稳定。"
    assert d.tables[0].cell(0, 0).text == "负责人"
    assert runner.invoke(app, ["check", str(masked)]).exit_code == 0
    assert runner.invoke(app, ["check", str(src)]).exit_code == 1
    assert "13812345678" in _xml(src)  # the original is untouched


def test_mask_in_place_rewrites_the_word_file(tmp_path: Path) -> None:
    src = _report(tmp_path / "report.docx")
    assert runner.invoke(app, ["mask", str(src), "--in-place", "-j", "1", "-q"]).exit_code == 0
    assert "13812345678" not in _xml(src)
    assert "×" in read_path(src)[0].text
    assert runner.invoke(app, ["check", str(src)]).exit_code == 0


def test_a_vault_is_refused_for_a_word_copy(tmp_path: Path) -> None:
    src = _report(tmp_path / "report.docx")
    before = src.read_bytes()
    result = runner.invoke(app, ["mask", str(src), "--in-place", "--vault", str(tmp_path / "v.json"), "-j", "1"])
    assert result.exit_code == 1
    assert "cannot be unmasked" in result.output
    assert src.read_bytes() == before


def test_mask_docx_replaces_across_runs_and_leaves_other_parts_byte_identical(tmp_path: Path) -> None:
    src = _report(tmp_path / "report.docx")
    data = src.read_bytes()
    out = mask_docx(data, {"张建国": "[姓名]", "13812345678": "[电话]"})
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(io.BytesIO(out)) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            if name not in ("word/document.xml",):
                assert a.read(name) == b.read(name), name  # styles, header, properties: nothing to replace
    path = tmp_path / "masked.docx"
    path.write_bytes(out)
    assert read_path(path)[0].text.split("\n")[1] == "联系人：[姓名]，电话[电话]。"
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(io.BytesIO(mask_docx(data, {}))) as b:
        assert all(a.read(n) == b.read(n) for n in a.namelist())  # nothing to replace: every part as it was


PAGE = (
    '<html><head><meta charset="gb2312"><title>工作总结</title>\n'
    '<script type="application/ld+json">{"author": {"name": "\\u5f20\\u5efa\\u56fd"}}</script></head>\n'
    '<body><!-- 审稿：李明华 13812345671 -->\n'
    '<p class="lead">联系人：张建国，电话<a href="tel:13812345678">13812345678</a>。</p>\n'
    '<img alt="&#24352;&#24314;&#22269;同志在东岭煤矿调研" src="a.png">\n'
    '<p>今年安全生产形势稳定。</p></body></html>\n'
)


def test_mask_writes_a_clean_page_in_its_own_charset(tmp_path: Path) -> None:
    src = tmp_path / "page.html"
    src.write_bytes(PAGE.encode("gb2312"))
    out = tmp_path / "out"
    result = runner.invoke(app, ["mask", str(src), "--output-dir", str(out), "-j", "1", "-q"])
    assert result.exit_code == 0, result.output
    masked = (out / "page.html").read_bytes().decode("gb18030")
    for secret in ("张建国", "\\u5f20", "&#24352;", "李明华", "13812345671", "13812345678", "东岭煤矿"):
        assert secret not in masked, secret
    # the markup around the masks is the page's own
    assert masked.startswith('<html><head><meta charset="gb2312"><title>工作总结</title>')
    assert '<p class="lead">联系人：×××，电话<a href="tel:×××××××××××">×××××××××××</a>。</p>' in masked
    assert "<p>今年安全生产形势稳定。</p>" in masked
    assert runner.invoke(app, ["check", str(out / "page.html")]).exit_code == 0
    assert runner.invoke(app, ["check", str(src)]).exit_code == 1


DIAGRAM = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst>'
    '<dgm:pt modelId="1"><dgm:t><a:p><a:r><a:t>矿长</a:t></a:r><a:r><a:t>周立平</a:t></a:r></a:p></dgm:t></dgm:pt>'
    '<dgm:pt modelId="2"><dgm:t><a:p><a:r><a:t>调度室 0351-7654321</a:t></a:r></a:p></dgm:t></dgm:pt>'
    "</dgm:ptLst></dgm:dataModel>"
)
CHART = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart><c:plotArea>'
    "<c:barChart><c:ser><c:cat><c:strRef><c:strCache>"
    '<c:pt idx="0"><c:v>东岭煤矿</c:v></c:pt><c:pt idx="1"><c:v>白杨河煤矿</c:v></c:pt>'
    "</c:strCache></c:strRef></c:cat><c:val><c:numRef><c:numCache>"
    '<c:pt idx="0"><c:v>635.8</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser></c:barChart>'
    "</c:plotArea></c:chart></c:chartSpace>"
)


def _with_graphics(path: Path) -> Path:
    """A report whose organisation chart (SmartArt) and bar chart carry names the body does not."""
    import docx

    d = docx.Document()
    d.add_paragraph("今年安全生产形势稳定。")
    d.save(path)
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        dst.writestr("word/diagrams/data1.xml", DIAGRAM)
        dst.writestr("word/charts/chart1.xml", CHART)
    return path


def test_smartart_and_chart_text_is_checked_and_masked(tmp_path: Path) -> None:
    src = _with_graphics(tmp_path / "report.docx")
    hidden = read_path(src, hidden_text=True)[0].text.split("\n")
    for line in ("矿长周立平", "调度室 0351-7654321", "东岭煤矿", "白杨河煤矿"):
        assert line in hidden
    assert "635.8" not in hidden  # a value, not a label
    assert runner.invoke(app, ["check", str(src)]).exit_code == 1
    assert runner.invoke(app, ["mask", str(src), "--in-place", "-j", "1", "-q"]).exit_code == 0
    xml = _xml(src)
    for secret in ("周立平", "0351-7654321", "东岭煤矿", "白杨河煤矿"):
        assert secret not in xml, secret
    assert "矿长" in xml and "635.8" in xml
    assert runner.invoke(app, ["check", str(src)]).exit_code == 0


def test_a_name_split_by_inline_tags_is_masked_in_the_page(tmp_path: Path) -> None:
    src = tmp_path / "page.html"
    src.write_text('<html><body><p>联系人：<b>张</b>建国，电话13812345678。</p></body></html>', encoding="utf-8")
    assert runner.invoke(app, ["mask", str(src), "--in-place", "-j", "1", "-q"]).exit_code == 0
    page = src.read_text(encoding="utf-8")
    assert page == "<html><body><p>联系人：<b>×××</b>，电话×××××××××××。</p></body></html>"
