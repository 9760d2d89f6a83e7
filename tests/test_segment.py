"""baogao.segment: private jieba/rjieba tokenizers, domain words, placeholders, spaCy tokenizer."""

from __future__ import annotations

import importlib.util
import pickle
import sys
from pathlib import Path
from types import SimpleNamespace

import jieba
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.vocab import Vocab

from baogao.components.tokenizer import JiebaTokenizer
from baogao.errors import ModelMissingError, UsageError
from baogao.resources import model_path
from baogao.segment import Segmenter, get_segmenter, read_userdict

REPO = Path(__file__).resolve().parent.parent


def _global_jieba_state() -> tuple[bool, int, bool, int]:
    dt = jieba.dt
    return dt.initialized, len(dt.FREQ), "六精六提" in dt.FREQ, len(dt.user_word_tag_tab)


_GLOBAL_BEFORE = _global_jieba_state()


@pytest.fixture(scope="module")
def seg() -> Segmenter:
    return get_segmenter("jieba")


@pytest.fixture(scope="module")
def rseg() -> Segmenter:
    return get_segmenter("rjieba")


# (sentence, tokens that must come out whole)
PINNED = [
    ("公司深入推进两化融合，持续开展降本增效专项行动。", ["两化融合", "降本增效"]),
    ("坚持“六精六提”精益管理，狠抓安全生产标准化建设。", ["六精六提", "精益管理", "安全生产标准化"]),
    ("各党支部通讯员在公众号发布新闻宣传稿件。", ["通讯员", "公众号", "新闻宣传"]),
    ("扎实开展主题教育和形势任务教育，推动高质量发展。", ["主题教育", "形势任务教育", "高质量发展"]),
    ("严格落实一通三防措施，加快智能化矿山建设。", ["一通三防", "智能化矿山"]),
    ("组织××××名专兼职通讯员参加培训。", ["××××", "名"]),
    ("围绕党的XX大精神开展宣讲。", ["XX"]),
    ("全年外宣用稿＊＊篇，内宣稿件**条。", ["＊＊", "**"]),
    ("××××××公××司今年以来开展宣讲xxx场。", ["××××××", "××", "xxx"]),
    ("原煤产量1.5万吨，同比增长3.2%。", ["1.5", "3.2"]),
]


@pytest.mark.parametrize(("sentence", "whole"), PINNED)
def test_domain_terms_and_placeholders_stay_whole(seg: Segmenter, sentence: str, whole: list[str]) -> None:
    words = seg.cut(sentence)
    for w in whole:
        assert w in words, words
    assert "".join(words) == sentence


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("长3×4米", ["3", "×", "4"]),  # a lone × is a multiplication sign
        ("Maxx品牌", ["Maxx"]),  # x inside a Latin word is no placeholder
    ],
)
def test_single_marks_and_latin_words_are_not_placeholders(
    seg: Segmenter, sentence: str, expected: list[str]
) -> None:
    words = seg.cut(sentence)
    assert all(w in words for w in expected), words


@pytest.mark.parametrize(("sentence", "_whole"), PINNED)
def test_jieba_and_rjieba_agree_without_hmm(
    seg: Segmenter, rseg: Segmenter, sentence: str, _whole: list[str]
) -> None:
    assert seg.cut(sentence) == rseg.cut(sentence)


def test_tokenize_offsets_reconstruct_text(seg: Segmenter) -> None:
    text = "  2023年，××××公司\n\n新闻宣传工作坚持“稳增长”。\tXX大\r\n"
    toks = seg.tokenize(text)
    assert "".join(w for w, _, _ in toks) == text
    pos = 0
    for w, s, e in toks:
        assert (s, e) == (pos, pos + len(w)) and text[s:e] == w
        pos = e


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="安全生产两化融合降本增效××XX＊*1.5万吨，。 \n各位代表：", max_size=40))
def test_tokens_always_cover_the_text_in_both_backends(text: str) -> None:
    for backend in ("jieba", "rjieba"):
        toks = get_segmenter(backend).tokenize(text)
        assert "".join(w for w, _, _ in toks) == text
        assert all(text[s:e] == w and w for w, s, e in toks)


@settings(max_examples=120, deadline=None)
@given(st.text(alphabet="安全生产两化融合降本增效××XX＊*1.5万吨%％，。 \n\ud800各位代表：", max_size=60))
def test_cut_gives_the_words_of_tokenize_in_both_backends(text: str) -> None:
    for backend in ("jieba", "rjieba"):
        seg = get_segmenter(backend)
        words = seg.cut(text)
        assert "".join(words) == text  # lone surrogates included: words are slices of the input
        assert words == [w for w, _, _ in seg.tokenize(text)]


def test_global_jieba_dictionary_is_untouched(seg: Segmenter, rseg: Segmenter) -> None:
    seg.cut("六精六提")
    rseg.cut("六精六提")
    assert _global_jieba_state() == _GLOBAL_BEFORE
    assert seg._engine is not None  # the private tokenizer did load the dictionary


def test_unknown_backend_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        Segmenter(backend="pkuseg")


def test_explicit_missing_userdict_is_reported(tmp_path: Path) -> None:
    s = Segmenter(backend="rjieba", userdict=tmp_path / "absent.txt")
    with pytest.raises(ModelMissingError):
        s.cut("测试")


def test_custom_userdict_is_used(tmp_path: Path) -> None:
    path = tmp_path / "dict.txt"
    path.write_text("青石矿业 5000 nz\n", encoding="utf-8")
    assert "青石矿业" in Segmenter(backend="rjieba", userdict=path).cut("青石矿业召开大会")


def test_segmenter_pickles_as_settings(rseg: Segmenter) -> None:
    clone = pickle.loads(pickle.dumps(rseg))
    assert (clone.backend, clone.hmm) == (rseg.backend, rseg.hmm)
    assert clone._engine is None  # the dictionary is rebuilt, not shipped
    assert clone.cut("推进降本增效") == rseg.cut("推进降本增效")


def test_shipped_userdict_is_sorted_jieba_format_and_holds_the_seed_terms() -> None:
    path = model_path("userdict.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    words = [ln.split()[0] for ln in lines]
    assert words == sorted(set(words))
    assert all(len(ln.split()) == 3 and ln.split()[1].isdigit() for ln in lines)
    seeds = {
        ln.split()[0]
        for ln in (REPO / "corpora" / "lexicon" / "domain_terms.txt").read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    }
    assert seeds <= set(words)
    assert len(read_userdict(path)) == len(lines)


def test_build_userdict_mines_recurring_quoted_slogans_and_numeric_abbreviations() -> None:
    spec = importlib.util.spec_from_file_location("build_userdict", REPO / "scripts" / "build_userdict.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["build_userdict"] = mod
    spec.loader.exec_module(mod)
    tok = SimpleNamespace(FREQ={"一岗双责": 30})  # stands in for a loaded jieba dictionary
    docs = [
        ["深入开展“三亮三比”活动，落实“一岗双责”。", "坚持“青石精神”不动摇。"],
        ["持续深化“三亮三比”，全面推行四定四包责任制。", "四定四包责任制覆盖全部班组。"],
        ["开展“偶然一次”主题活动，压实“一岗双责”。"],
    ]
    mined = mod.mine_quoted_and_abbr(docs, tok)
    assert "三亮三比" in mined and "四定四包" in mined
    assert "偶然一次" not in mined and "青石精神" not in mined  # seen once only
    assert "一岗双责" not in mined  # recurs, but the base dictionary already has it


# ---------------------------------------------------------------- spaCy tokenizer
TEXTS = [
    "2023年新闻宣传工作汇报\n大家下午好！",
    "  前导空格与  两个空格\n\n\n多个换行\t制表符 ",
    "组织××××名通讯员，共计＊＊场。",
    "",
    "\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_spacy_doc_text_equals_input(text: str) -> None:
    tokenizer = JiebaTokenizer(Vocab(), backend="jieba")
    doc = tokenizer(text)
    assert doc.text == text


def test_spacy_tokens_follow_the_segmenter(seg: Segmenter) -> None:
    text = "推进两化融合，组织××××名通讯员。"
    doc = JiebaTokenizer(Vocab(), backend="rjieba")(text)
    assert [t.text for t in doc] == seg.cut(text)


def test_spacy_tokenizer_is_registered_and_serialisable() -> None:
    factory = spacy.registry.tokenizers.get("baogao.jieba_tokenizer.v1")
    vocab = Vocab()

    class _Nlp:
        pass

    nlp = _Nlp()
    nlp.vocab = vocab  # type: ignore[attr-defined]
    tok = factory(backend="rjieba")(nlp)
    restored = JiebaTokenizer(vocab).from_bytes(tok.to_bytes())
    assert restored.backend == "rjieba"
    clone = pickle.loads(pickle.dumps(tok))
    assert clone("两化融合").text == "两化融合" and clone.backend == "rjieba"


def test_load_builds_a_chinese_pipeline_with_our_tokenizer() -> None:
    from baogao.nlp import load

    try:
        nlp = load(backend="rjieba", components=())
    except ModuleNotFoundError as exc:  # another engineer's component module not written yet
        if "baogao.components" in str(exc):
            pytest.skip(f"spaCy entry point of a missing component: {exc}")
        raise
    assert nlp.lang == "zh" and isinstance(nlp.tokenizer, JiebaTokenizer)
    text = "各位代表：\n  现将××××公司降本增效情况汇报如下。"
    assert nlp(text).text == text
    assert pickle.loads(pickle.dumps(nlp))(text).text == text
    assert nlp.to_bytes()
    with pytest.raises(UsageError):
        load(components=("baogao_no_such_component",))
