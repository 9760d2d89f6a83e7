"""PowerPoint decks: the slides' text in presentation order; notes, comments and properties for the
gate; a masked deck written as a deck."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baogao.cli import app
from baogao.errors import ReadError
from baogao.io import read_path

runner = CliRunner()
NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')


def _shape(*paragraphs: str) -> str:
    body = "".join(f"<a:p><a:r><a:t>{t}</a:t></a:r></a:p>" for t in paragraphs)
    return f"<p:sp><p:txBody>{body}</p:txBody></p:sp>"


def _slide(*shapes: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><p:sld {NS}><p:cSld><p:spTree>{"".join(shapes)}</p:spTree></p:cSld></p:sld>'


TABLE = ("<p:graphicFrame><a:graphic><a:graphicData><a:tbl>"
         "<a:tr><a:tc><a:txBody><a:p><a:r><a:t>指标</a:t></a:r></a:p></a:txBody></a:tc>"
         "<a:tc><a:txBody><a:p><a:r><a:t>完成值</a:t></a:r></a:p></a:txBody></a:tc></a:tr>"
         "<a:tr><a:tc><a:txBody><a:p><a:r><a:t>原煤产量</a:t></a:r></a:p></a:txBody></a:tc>"
         "<a:tc><a:txBody><a:p><a:r><a:t>635.8万吨</a:t></a:r></a:p></a:txBody></a:tc></a:tr>"
         "</a:tbl></a:graphicData></a:graphic></p:graphicFrame>")


def _deck(path: Path) -> Path:
    """Two slides listed in reverse file order, a table, speaker notes, a comment and properties."""
    parts = {
        "ppt/presentation.xml": f'<?xml version="1.0"?><p:presentation {NS}><p:sldIdLst>'
                                '<p:sldId id="256" r:id="rId2"/><p:sldId id="257" r:id="rId1"/></p:sldIdLst></p:presentation>',
        "ppt/_rels/presentation.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="slides/slide1.xml" Type="x"/><Relationship Id="rId2" Target="slides/slide2.xml" Type="x"/></Relationships>',
        "ppt/slides/slide2.xml": _slide(_shape("东岭煤业2023年工作汇报"), _shape("汇报人：张建国")),
        "ppt/slides/slide1.xml": _slide(_shape("一、主要工作及成效"), _shape("全年安全生产形势稳定。"), TABLE),
        "ppt/notesSlides/notesSlide1.xml": _slide(_shape("讲稿：联系人李明华，电话13812345671")),
        "ppt/commentAuthors.xml": f'<?xml version="1.0"?><p:cmAuthorLst {NS}><p:cmAuthor id="0" name="孙丽" initials="SL"/></p:cmAuthorLst>',
        "ppt/comments/comment1.xml": f'<?xml version="1.0"?><p:cmLst {NS}><p:cm authorId="0"><p:text>核对东岭煤矿数据</p:text></p:cm></p:cmLst>',
        "docProps/core.xml": '<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                             'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>王建国</dc:creator></cp:coreProperties>',
    }
    with zipfile.ZipFile(path, "w") as z:
        for name, xml in parts.items():
            z.writestr(name, xml)
    return path


def test_slides_are_read_in_presentation_order_with_tables_as_rows(tmp_path: Path) -> None:
    text = read_path(_deck(tmp_path / "deck.pptx"))[0].text
    assert text.split("\n") == ["东岭煤业2023年工作汇报", "汇报人：张建国", "一、主要工作及成效", "全年安全生产形势稳定。",
                                "指标\t完成值", "原煤产量\t635.8万吨"]


def test_notes_comments_and_properties_are_hidden_text(tmp_path: Path) -> None:
    doc = read_path(_deck(tmp_path / "deck.pptx"), hidden_text=True)[0]
    lines = doc.text.split("\n")
    for published in ("讲稿：联系人李明华，电话13812345671", "孙丽", "核对东岭煤矿数据", "王建国"):
        assert published in lines
    assert lines[-1] == "原煤产量\t635.8万吨"  # the slides come last, unchanged
    out = runner.invoke(app, ["check", str(tmp_path / "deck.pptx"), "-q"]).output
    assert "PHONE «13812345671» (phone) in speaker notes" in out


def test_a_masked_deck_is_a_clean_deck(tmp_path: Path) -> None:
    path = _deck(tmp_path / "deck.pptx")
    assert runner.invoke(app, ["mask", str(path), "--in-place", "-j", "1", "-q"]).exit_code == 0
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist())
    for secret in ("张建国", "李明华", "13812345671", "孙丽", "王建国", "东岭煤矿"):
        assert secret not in xml, secret
    assert "全年安全生产形势稳定。" in xml and "635.8万吨" in xml
    assert runner.invoke(app, ["check", str(path)]).exit_code == 0


@pytest.mark.parametrize("data", [b"PK\x03\x04 truncated", b"not a zip"])
def test_a_damaged_deck_is_a_read_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "broken.pptx"
    path.write_bytes(data)
    with pytest.raises(ReadError, match="not a valid .pptx"):
        read_path(path)
