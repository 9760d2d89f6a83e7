"""TF-IDF keywords: no markup, placeholders, numbers or stop-words; genre IDF."""

from __future__ import annotations

import re

import pytest

from baogao.extract import keywords
from baogao.extract.keywords import is_candidate


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("通讯员", True),
        ("安全生产", True),
        ("两化融合", True),
        ("##", False),
        ("paidbegin", False),
        ("paidend", False),
        ("×××××", False),
        ("××公司", False),
        ("XX大", False),
        ("2023", False),
        ("2023年", False),
        ("３６５", False),
        ("三十", False),
        ("一批", False),
        ("万元", False),
        ("亿千瓦时", False),
        ("个百分点", False),
        ("，", False),
        ("的", False),
        ("工作", False),
        ("进一步", False),
        ("一是", False),
        ("公", False),
        # how, not what: adjectives, adverbs, distinguishing words, idioms, pronouns
        ("淡薄", False),
        ("扎实", False),
        ("必须", False),
        ("公共", False),
        ("催人奋进", False),
        ("我国", False),
        ("第三季度", False),
        # measure words: what a figure counts in (the metrics lexicon's units)
        ("场次", False),
        ("人次", False),
        ("标箱", False),
        ("人民币", True),  # a currency that is also a subject
        # subject words of any tag but those
        ("安全", True),
        ("宣传", True),
        ("创新", True),
        ("无产阶级", True),
        ("降本增效", True),
    ],
)
def test_candidate_rules(token: str, expected: bool) -> None:
    assert is_candidate(token) is expected


def test_sample_keywords_contain_no_markup_placeholders_or_numbers(seed_text: str) -> None:
    top = keywords.top(seed_text, k=30)
    assert len(top) == 30
    for word, _score in top:
        assert not re.search(r"[#×xX*0-9]|paid", word), word
    # the sample is a publicity report: its subject words lead
    assert {"宣传", "新闻宣传", "通讯员", "稿件", "宣传报道"} & {w for w, _ in top[:5]}


def test_scores_are_sorted_and_k_is_respected(seed_text: str) -> None:
    top = keywords.top(seed_text, k=7)
    assert len(top) == 7
    scores = [s for _, s in top]
    assert scores == sorted(scores, reverse=True)
    assert keywords.top(seed_text, k=0) == []


def test_given_tokens_are_used_instead_of_segmenting() -> None:
    tokens = ["瓦斯", "抽采", "瓦斯", "##", "2023", "×××", "工作", "瓦斯"]
    top = keywords.top("ignored", k=5, tokens=tokens)
    assert [w for w, _ in top] == ["瓦斯", "抽采"]


def test_output_is_deterministic(seed_text: str) -> None:
    assert keywords.top(seed_text, k=15) == keywords.top(seed_text, k=15)


def test_genre_idf_weighs_subject_words_above_report_filler() -> None:
    if not keywords.load_idf().idf:
        pytest.skip("models/idf.tsv not built")
    assert keywords.idf_value("通讯员") > keywords.idf_value("发展")
    assert keywords.idf_value("瓦斯") > keywords.idf_value("公司")


def test_text_without_candidates_gives_no_keywords() -> None:
    assert keywords.top("2023年，××××的##paidbegin##。") == []


def test_keywords_tag_words_with_the_segmenters_own_dictionary_not_a_second_one() -> None:
    import subprocess
    import sys

    code = (
        "from baogao import segment; from baogao.extract import keywords; "
        "words = [w for w, _ in keywords.top('全年安全生产形势扎实稳定，安全工作取得实效。' * 3)]; "
        "print(segment.plain_rjieba.cache_info().currsize, '扎实' in words, '安全生产' in words)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["0", "False", "True"]  # no default-dictionary rjieba loaded for `tag`


def test_both_backends_tag_dictionary_words_alike() -> None:
    from baogao.segment import Segmenter

    for backend in ("rjieba", "jieba"):
        seg = Segmenter(backend=backend)
        assert seg.dictionary_tag("扎实") == "a" and seg.dictionary_tag("催人奋进") == "i", backend
        assert seg.dictionary_tag("扎实稳定推进") is None, backend
