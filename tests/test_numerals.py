"""Numeral parsing: Chinese, Arabic, full-width, fractions and percentages."""

from __future__ import annotations

import math

import pytest

from baogao.extract.numerals import (
    fold_width,
    magnitude_value,
    parse_arabic,
    parse_chinese,
    parse_fraction,
    parse_number,
    parse_percent_cn,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("三十", 30),
        ("十二", 12),
        ("十", 10),
        ("两", 2),
        ("一千二百", 1200),
        ("二百零五", 205),
        ("三千零八", 3008),
        ("一万", 1e4),
        ("七万四千", 74_000),
        ("一千二百万", 1.2e7),
        ("三亿五千万", 3.5e8),
        ("四亿零七百万", 4.07e8),
        ("二十六亿六千万", 2.66e9),
        ("万亿", 1e12),
        ("一万亿", 1e12),
        ("千亿", 1e11),
        ("十一点八", 11.8),
        ("五十八点六", 58.6),
        ("零点五", 0.5),
        ("二〇二三", 2023),
        ("半", 0.5),
    ],
)
def test_chinese_numerals_take_their_value(text: str, value: float) -> None:
    assert parse_chinese(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["三五", "一二三", "十百", "", "点五", "十一点", "两点两", "三十五六"])
def test_chinese_digit_runs_and_malformed_numerals_are_rejected(text: str) -> None:
    assert parse_chinese(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("7.1", 7.1), ("6,860", 6860), ("1,234,567.5", 1234567.5), ("６３５．８", 635.8), ("０", 0), ("12", 12)],
)
def test_arabic_numerals_accept_separators_and_full_width(text: str, value: float) -> None:
    assert parse_arabic(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "1.2.3", "12a", "6,86", "一"])
def test_arabic_rejects_non_numbers(text: str) -> None:
    assert parse_arabic(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("三分之一", 1 / 3), ("四分之一", 0.25), ("三分之二", 2 / 3), ("十分之一", 0.1), ("百分之五", 0.05)],
)
def test_fractions(text: str, value: float) -> None:
    assert math.isclose(parse_fraction(text) or -1, value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("百分之五", 5),
        ("百分之十一点八", 11.8),
        ("百分之二十七点八", 27.8),
        ("百分之百", 100),
        ("百分之8", 8),
    ],
)
def test_written_out_percentages_give_the_percentage(text: str, value: float) -> None:
    assert parse_percent_cn(text) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("82.7万亿", 8.27e13),
        ("6600万", 6.6e7),
        ("1.2万", 1.2e4),
        ("6,860万", 6.86e7),
        ("３．５万", 3.5e4),
        ("一半", 0.5),
        ("三十", 30),
        ("百分之五", 5),
        ("三分之一", 1 / 3),
        ("5千", 5000),
    ],
)
def test_parse_number_applies_magnitude_words(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


def test_parse_number_rejects_unknown_suffix() -> None:
    assert parse_number("5吨") is None


def test_fold_width_is_one_to_one() -> None:
    raw = "全年生产原煤６３５．８万吨，增长５％"
    folded = fold_width(raw)
    assert len(folded) == len(raw)
    assert "635.8万吨" in folded and "5%" in folded


@pytest.mark.parametrize(
    ("word", "factor"), [("万", 1e4), ("亿", 1e8), ("万亿", 1e12), ("千", 1e3), ("百万", 1e6)]
)
def test_magnitude_words(word: str, factor: float) -> None:
    assert magnitude_value(word) == factor
