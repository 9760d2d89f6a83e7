"""The review page and the trend chart."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from baogao.view.html import marks_from_record, render_review
from baogao.view.trends import aggregate, record_year, write_trends

TEXT = "关于<script>alert(1)</script>的汇报\n公司全年发稿356篇，坚持“六精六提”。\n联系人：李慧\n##paidend##"


def _record() -> dict:
    def span(sub: str, **kw: object) -> dict:
        start = TEXT.index(sub)
        return {"start": start, "end": start + len(sub), "text": sub, **kw}

    lines = []
    pos = 0
    for line in TEXT.split("\n"):
        lines.append({"start": pos, "end": pos + len(line), "label": "review", "kind": "body"})
        pos += len(line) + 1
    lines[0].update(kind="title", label="other")
    return {
        "id": "t.txt", "paragraphs": lines,
        "metrics": [span("356篇", value=356.0, unit="篇", approx=None, masked=False)],
        "slogans": [span("六精六提", kind="quoted")],
        "sensitive": [span("李慧", label="PERSON", source="person_title")],
        "markup": [span("##paidend##", label="MARKUP", kind="paywall")],
        "themes": ["publicity"], "keywords": [["发稿", 0.5]],
    }


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.rows: list[str] = []
        self.marks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        a = dict(attrs)
        if tag == "tr" and a.get("id"):
            self.rows.append(a["id"] or "")
        if tag == "mark":
            self.marks.extend((a.get("data-findings") or "").split())


def test_review_page_escapes_report_text_and_lists_each_finding_once() -> None:
    rec = _record()
    page = render_review(rec, TEXT, TEXT.replace("李慧", "××"))
    parser = _Collector()
    parser.feed(page)
    assert "script" not in parser.tags, "report text must be escaped, never executed"
    assert "&lt;script&gt;" in page
    assert sorted(parser.rows) == sorted(m.id for m in marks_from_record(rec))
    assert len(parser.rows) == 4 == len(set(parser.rows))
    assert set(parser.marks) == set(parser.rows), "every finding is highlighted in the text"
    assert "http" not in page.replace("https://json", ""), "no network resources"


def test_marks_keep_original_offsets() -> None:
    for m in marks_from_record(_record()):
        assert TEXT[m.start:m.end] == m.text


@pytest.mark.parametrize(("rec", "year"), [
    ({"id": "archive/2010.txt"}, 2010),
    ({"id": "x", "source": "reports/gov_1978_report.txt"}, 1978),
    ({"id": "x", "year": 2023}, 2023),
    ({"id": "no-year.txt"}, None),
])
def test_record_year(rec: dict, year: int | None) -> None:
    assert record_year(rec) == year


def test_trends_aggregate_shares_and_chart(tmp_path: Path) -> None:
    recs = [
        {"id": "1990.txt", "theme_scores": {"safety": 3.0, "green": 1.0}, "keywords": [["改革", 1.0]]},
        {"id": "2010.txt", "theme_scores": {"safety": 1.0, "green": 3.0}, "keywords": [["低碳", 1.0]]},
        {"id": "2010b.txt", "errors": [{"kind": "ReadError", "message": "x"}]},
    ]
    table = aggregate(recs)
    assert list(table) == [1990, 2010]
    assert table[1990]["share"]["safety"] == pytest.approx(0.75)
    assert table[2010]["keywords"] == ["低碳"]
    src = tmp_path / "r.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs), encoding="utf-8")
    png = tmp_path / "t.png"
    write_trends([src], png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    html = tmp_path / "t.html"
    write_trends([src], html)
    assert "data:image/png;base64," in html.read_text(encoding="utf-8")


def test_review_page_renders_in_headless_chromium(tmp_path: Path) -> None:
    import shutil
    import subprocess

    from typer.testing import CliRunner

    from baogao.cli import app

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("Chromium is not installed")
    sample = Path(__file__).parent.parent / "corpora" / "samples" / "2024_safety_work_summary.txt"
    page = tmp_path / "review.html"
    res = CliRunner().invoke(app, ["view", str(sample), "-o", str(page), "--no-ner"])
    assert res.exit_code == 0, res.output
    shot = tmp_path / "shot.png"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,1600",
                    f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120, check=False)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000, "a blank page compresses to almost nothing"
