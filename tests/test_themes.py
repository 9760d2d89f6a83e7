"""Theme scoring: substantial discussion versus passing mention; lexicon loading."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from baogao.errors import PolicyError
from baogao.extract import themes
from tests.conftest import REPO, load_jsonl

NINE = {
    "safety",
    "cost_reduction",
    "integration",
    "party_building",
    "livelihood",
    "innovation",
    "talent",
    "green",
    "publicity",
}

SAFETY_REPORT = """星河煤矿2024年上半年安全生产工作汇报
上半年，矿井坚持安全第一、预防为主、综合治理，在公司党委的坚强领导下，安全生产形势保持稳定。
一、主要工作
（一）压实安全责任。修订安全生产责任制，区队长带班下井，安全责任落实到岗到人。
（二）深化隐患排查。实行隐患排查日报告制度，排查一般隐患215条，全部整改闭环。
（三）强化瓦斯治理。完善瓦斯抽采系统，抽采达标率100%，杜绝瓦斯超限。
（四）加强安全培训。开展全员安全培训两轮，特种作业人员持证上岗。
（五）严查违章行为。查处“三违”行为46起，对违章人员开展帮教。
二、下一步打算
继续抓好安全生产标准化建设，开展应急演练，同时做好降本增效工作。
"""

PUBLICITY_REPORT = """江城水务公司2023年新闻宣传工作总结
一、新闻宣传工作
（一）全年在公司官网和公众号刊发稿件420篇，在市级以上媒体发稿38篇。
（二）加强通讯员队伍建设，组织通讯员培训两期，提升新闻写作能力。
（三）加强舆情监测，建立舆情快速处置机制，妥善回应群众关切。
（四）开设“水务故事”专栏，推出短视频40条，扩大对外宣传影响力。
二、下一步工作
做好新闻宣传和舆论引导，讲好企业故事，配合做好安全生产宣传。
"""


def test_shipped_lexicon_has_the_nine_format_themes_with_strong_and_weak_terms() -> None:
    lex = themes.load_lexicon()
    assert set(lex.keys()) == NINE
    for theme in lex.themes:
        assert theme.strong and theme.weak and 0 < theme.threshold < 1


@pytest.mark.parametrize(
    ("text", "main", "passing"),
    [
        (SAFETY_REPORT, "safety", {"cost_reduction", "party_building"}),
        (PUBLICITY_REPORT, "publicity", {"safety", "talent"}),
    ],
)
def test_main_theme_is_listed_and_passing_mentions_are_not(text: str, main: str, passing: set[str]) -> None:
    result = themes.score(text)
    assert result.themes[0] == main
    assert not passing & set(result.themes)
    assert result.doc_scores[main] > max(result.doc_scores[p] for p in passing)


def test_evidence_counts_terms_longest_first() -> None:
    result = themes.score(SAFETY_REPORT)
    evidence = dict(result.evidence["safety"])
    assert evidence["瓦斯"] == 3
    assert evidence["安全生产"] >= 2
    # 安全生产 is matched as one term, not also as 安全
    assert evidence.get("安全", 0) < SAFETY_REPORT.count("安全")


def test_paragraph_scores_follow_the_given_spans() -> None:
    lines = [
        (i, SAFETY_REPORT.index("\n", i))
        for i in (SAFETY_REPORT.index("（三）"), SAFETY_REPORT.index("二、"))
    ]
    result = themes.score(SAFETY_REPORT, lines)
    assert len(result.paragraph_scores) == 2
    assert result.paragraph_scores[0]["safety"] > 0.5
    assert themes.score(SAFETY_REPORT).paragraph_scores == []


def test_one_pass_over_the_text_tallies_each_line_as_the_line_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines are tallied from one automaton pass over the whole text; a lexicon whose terms
    could straddle a stripped blank (not ``bare``) is tallied line by line. Both agree."""
    text = "  开头有空白的一行：安全生产\n\n\t降本增效和节能降耗  \n" + SAFETY_REPORT + "\n  \n" + PUBLICITY_REPORT
    spans = [(0, 20), (20, len(text))]
    one_pass = themes.score(text, spans, decide=False)
    real = themes._matcher
    monkeypatch.setattr(themes, "_matcher", lambda lex: dataclasses.replace(real(lex), bare=False))
    line_by_line = themes.score(text, spans, decide=False)
    assert one_pass == line_by_line
    assert one_pass.features["safety"]["paragraphs"] >= 5 and one_pass.features["publicity"]["paragraphs"] >= 4
    assert real(themes.default_lexicon()).bare


def test_result_is_frozen() -> None:
    result = themes.score(SAFETY_REPORT)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.themes = []  # type: ignore[misc]


def test_user_lexicon_adds_terms_to_the_shipped_one(tmp_path: Path) -> None:
    user = tmp_path / "mine.toml"
    user.write_text('mode = "add"\n[themes.safety]\nstrong = ["掘进头"]\n', encoding="utf-8")
    lex = themes.load_lexicon(user)
    assert set(lex.keys()) == NINE
    result = themes.score("掘进头风量不足。掘进头加强通风。", lexicon=lex)
    assert ("掘进头", 2) in result.evidence["safety"]


def test_user_lexicon_can_replace_the_shipped_one(tmp_path: Path) -> None:
    user = tmp_path / "only.toml"
    user.write_text(
        'mode = "replace"\n[themes.quality]\nname = "质量"\nstrong = ["质量管理"]\n'
        'weak = ["质量"]\nthreshold = 0.3\n',
        encoding="utf-8",
    )
    lex = themes.load_lexicon(user)
    assert lex.keys() == ["quality"]
    text = "一、质量管理\n推行全面质量管理，产品质量稳定。\n质量管理体系通过认证，质量事故为零。\n"
    assert themes.score(text, lexicon=lex).themes == ["quality"]


@pytest.mark.parametrize(
    "content", ['mode = "merge"\n[themes.x]\nstrong=["a"]\n', "not toml [[", 'mode = "replace"\n']
)
def test_bad_user_lexicon_raises_policy_error(tmp_path: Path, content: str) -> None:
    user = tmp_path / "bad.toml"
    user.write_text(content, encoding="utf-8")
    with pytest.raises(PolicyError):
        themes.load_lexicon(user)


def _micro_f1(docs: list[tuple[str, set[str]]]) -> float:
    tp = fp = fn = 0
    for text, gold in docs:
        pred = set(themes.score(text).themes)
        tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
    return 2 * tp / (2 * tp + fp + fn)


def test_own_labelled_reports_meet_the_target() -> None:
    folder = REPO / "corpora" / "themes"
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    docs = [((folder / name).read_text(encoding="utf-8"), set(labs)) for name, labs in labels.items()]
    assert len(docs) >= 6
    assert _micro_f1(docs) >= 0.8


def test_dev_gold_themes_meet_the_target(shared_dir: Path) -> None:
    docs = [
        (r["text"], set(r["themes"]))
        for r in load_jsonl(shared_dir / "eval" / "corp_dev.jsonl")
        if "themes" in r
    ]
    assert _micro_f1(docs) >= 0.8


# Safety in two paragraphs of a publicity report: a theme score between the clear cases.
MIXED_REPORT = """江城水务公司2023年新闻宣传工作总结
一、新闻宣传工作
（一）全年在公司官网和公众号刊发稿件420篇，其中安全生产报道35篇。
（二）配合开展安全生产月活动，制作宣传展板20块。
（三）加强舆情监测，建立舆情快速处置机制。
"""


@pytest.mark.parametrize(("weights", "listed"), [([1, 10, 1], True), ([1, 1, 10], False)])
def test_weighted_threshold_fit_follows_the_heavier_labels(weights: list[float], listed: bool) -> None:
    """The same report labelled with and without safety: the heavier label decides."""
    base = themes.load_lexicon()
    assert 0.2 < themes.score(MIXED_REPORT, lexicon=base).doc_scores["safety"] < 0.95
    docs = [(SAFETY_REPORT, {"safety"}), (MIXED_REPORT, {"safety"}), (MIXED_REPORT, set())]
    fitted = themes.fit_thresholds(base, docs, weights=weights)
    assert ("safety" in themes.score(MIXED_REPORT, lexicon=fitted, decide=False).themes) is listed  # the rule's thresholds
    assert "safety" in themes.score(SAFETY_REPORT, lexicon=fitted, decide=False).themes
    with pytest.raises(ValueError):
        themes.fit_thresholds(base, docs, weights=[1, 1])


def test_shipped_thresholds_on_the_corporate_sets_they_were_fit_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The 350 reports of the non-blind corporate sets (corpora/eval), written by other
    hands than the dev gold: the thresholds fit on them and the dev gold reach 0.79 here
    (0.71 with the thresholds fit on the dev gold alone)."""
    monkeypatch.syspath_prepend(str(REPO / "scripts"))
    from fit_theme_thresholds import heldout_docs, micro_f1

    docs = heldout_docs(blind=False)
    assert len(docs) >= 300
    assert micro_f1(themes.load_lexicon(), docs) >= 0.78


def test_spacy_component_writes_cats_and_evidence_extension() -> None:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from baogao.components.themes import ThemesComponent

    doc = Doc(Vocab(), words=list(SAFETY_REPORT), spaces=[False] * len(SAFETY_REPORT))
    ThemesComponent(None, "baogao_themes", lexicon=themes.load_lexicon())(doc)  # type: ignore[arg-type]
    assert set(doc.cats) == NINE
    assert max(doc.cats, key=doc.cats.get) == "safety"
    assert doc._.baogao_themes["themes"][0] == "safety"
    assert ("瓦斯", 3) in doc._.baogao_themes["evidence"]["safety"]
