"""The review page and the trend chart."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from itertools import pairwise
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
        "id": "t.txt",
        "paragraphs": lines,
        "metrics": [span("356篇", value=356.0, unit="篇", approx=None, masked=False)],
        "slogans": [span("六精六提", kind="quoted")],
        "sensitive": [span("李慧", label="PERSON", source="person_title")],
        "markup": [span("##paidend##", label="MARKUP", kind="paywall")],
        "themes": ["publicity"],
        "keywords": [["发稿", 0.5]],
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
        assert TEXT[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("rec", "year"),
    [
        ({"id": "archive/2010.txt"}, 2010),
        ({"id": "x", "source": "reports/gov_1978_report.txt"}, 1978),
        ({"id": "x", "year": 2023}, 2023),
        ({"id": "no-year.txt"}, None),
    ],
)
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


def test_trend_chart_ticks_are_whole_years() -> None:
    import matplotlib.pyplot as plt

    from baogao.view.trends import figure

    table = {y: {"share": {"safety": 0.5, "green": 0.5}, "keywords": ["改革"]} for y in range(1990, 2010)}
    fig = figure(table)
    try:
        ticks = [t for t in fig.axes[0].get_xticks() if 1990 <= t <= 2009]
    finally:
        plt.close(fig)
    assert len(ticks) >= 3 and all(float(t).is_integer() for t in ticks), ticks


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
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1200,1600",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000, "a blank page compresses to almost nothing"


# --- the outline printed by `baogao sections` -------------------------------------------

OUTLINE_LINES = (
    "各位代表：",
    "（一）当前的经济形势",
    "今年的经济情况是一个季度比一个季度好，工业总产值继续增长，市场供应充足，物价基本稳定。",
    "（二）今后经济建设的方针",
    "一、依靠政策和科学，加快农业的发展。农业是国民经济的基础，要继续落实各项农村经济政策。",
    "二、把消费品工业的发展放到重要地位。要进一步调整重工业的服务方向，增加市场需要的产品。",
    "（三）我国经济发展的前景",
    "只要我们在这个期间打好基础，就可以实现国民经济的持续稳定发展，人民生活会逐步改善。",
)
OUTLINE_DOC = "\n".join(OUTLINE_LINES)


def _outline_lines(text: str, *, all_paragraphs: bool = False) -> list[str]:
    from rich.console import Console

    from baogao.io import RawDocument
    from baogao.pipeline import PipelineOptions, analyze
    from baogao.view.outline import render_outline

    opts = PipelineOptions(metrics=False, slogans=False, themes=False, keywords=False, redact=False)
    analysis = analyze(RawDocument("doc.txt", text, "doc.txt", "utf-8", "txt"), options=opts)
    console = Console(width=200, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(render_outline(analysis, all_paragraphs=all_paragraphs))
    return console.export_text().splitlines()


def _depth(line: str) -> int:
    """Tree depth of a rendered line: the column its text starts at, in steps of 4."""
    return (len(line) - len(line.lstrip("│├└─ "))) // 4


def test_outline_nests_as_the_parser_does_and_shows_run_in_headings() -> None:
    lines = _outline_lines(OUTLINE_DOC)
    # the outline shows the text as the file writes it, not the normalised one ((一), 0.5)
    assert any("（一）当前的经济形势" in ln for ln in lines)
    assert not any("(一)" in ln for ln in lines)
    keys = ("当前的经济形势", "今后经济建设的方针", "依靠政策", "把消费品", "我国经济发展的前景")
    find = {key: next(ln for ln in lines if key in ln) for key in keys}
    assert _depth(find["当前的经济形势"]) == _depth(find["今后经济建设的方针"]) == 1
    assert _depth(find["我国经济发展的前景"]) == 1
    assert _depth(find["依靠政策"]) == _depth(find["把消费品"]) == 2  # inside （二）, and （三） closes them
    assert "加快农业的发展" in find["依靠政策"]
    assert "农业是国民经济的基础" not in find["依靠政策"]  # a run-in heading shows its own title only
    assert all(
        re.search(r"\[(preamble|review|problems|outlook|plan|closing|other) [01]\.\d\d\]", find[k])
        for k in find
    )
    assert not any("今年的经济情况" in ln for ln in lines)  # body paragraphs only with --all
    with_body = _outline_lines(OUTLINE_DOC, all_paragraphs=True)
    body = next(ln for ln in with_body if "今年的经济情况" in ln)
    assert _depth(body) == 2  # under （一）


def test_outline_of_a_report_without_headings_shows_label_runs() -> None:
    text = "\n".join(
        ["各位代表：", "现在，我代表政府作工作报告，请予审议。"]
        + ["过去一年，全国工业生产稳定增长，农业获得丰收。"] * 3
    )
    lines = _outline_lines(text)
    labelled = [ln for ln in lines if re.search(r"\[\w+ [01]\.\d\d\]", ln)]
    assert labelled, lines
    labels = [re.search(r"\[(\w+) ", ln).group(1) for ln in labelled]
    assert all(a != b for a, b in pairwise(labels))  # one line per run of one label
