from datetime import date
from decimal import Decimal

import pytest

from reportgen.arithmetic import ratio
from reportgen.numbers import (
    cn_numeral,
    format_change,
    format_date,
    format_pct,
    format_wan,
    parse_amount,
    round_half_up,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.005", "0.01"),  # half-up, not banker's rounding
        ("0.015", "0.02"),
        ("0.025", "0.03"),
        ("2.675", "2.68"),
        ("-1.005", "-1.01"),
        ("1299.97", "1299.97"),
    ],
)
def test_round_half_up(value, expected):
    assert round_half_up(Decimal(value)) == Decimal(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1299.97", "1299.97万元"),
        ("441.4", "441.40万元"),
        ("0", "0.00万元"),
        ("123456.785", "123456.79万元"),  # no thousands separator in running text
    ],
)
def test_format_wan(value, expected):
    assert format_wan(Decimal(value)) == expected


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        ("858.57", "1299.97", "66.05%"),  # seed 000
        ("441.4", "1299.97", "33.95%"),
        ("682.22", "1299.97", "52.48%"),
        ("617.74", "1299.97", "47.52%"),
        ("115.78", "181", "63.97%"),  # seed 002, 智慧档案一期
        ("757.79", "800.61", "94.65%"),  # seed 001 states 94.66% — a rounding slip in the seed
        ("149.06", "172.88", "86.22%"),  # seed 001 states 86.21%
        ("1", "0", "—"),
    ],
)
def test_share_wording(part, whole, expected):
    assert format_pct(ratio(Decimal(part), Decimal(whole))) == expected


@pytest.mark.parametrize(
    ("change", "rate", "expected"),
    [
        ("1.5", "12.345", "增加1.50万元，增长12.35%"),
        ("-0.76", "-28.36", "减少0.76万元，下降28.36%"),
        ("0.004", "0.1", "持平"),
    ],
)
def test_format_change(change, rate, expected):
    assert format_change(Decimal(change), Decimal(rate)) == expected


def test_format_date():
    assert format_date(date(2024, 6, 27)) == "2024年6月27日"


@pytest.mark.parametrize(("n", "expected"), [(1, "一"), (4, "四"), (10, "十"), (12, "十二"), (40, "四十")])
def test_cn_numeral(n, expected):
    assert cn_numeral(n) == expected


@pytest.mark.parametrize("n", [0, 100])
def test_cn_numeral_out_of_range(n):
    with pytest.raises(ValueError):
        cn_numeral(n)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("858.57", "858.57"), ("858.57万元", "858.57"), ("1,299.97 万元", "1299.97"), ("5000元", "0.5")],
)
def test_parse_amount(text, expected):
    assert parse_amount(text) == Decimal(expected)


def test_format_number_remembers_each_figure_by_its_exact_value():
    """Formatted numbers are remembered; two figures equal as numbers but written differently (a negative zero,
    another exponent) are still each written as Babel writes them."""
    from babel.numbers import format_decimal

    from reportgen.numbers import format_number

    for value in ("-0.001", "0", "0E-5", "-0", "1E+2", "100", "12345.675", "12345.675", "-5.555"):
        rounded = round_half_up(Decimal(value))
        expected = format_decimal(rounded, format="0.00", locale="zh_CN")
        assert format_number(Decimal(value)) == expected, value
    assert format_number(Decimal("-0.001")) == "-0.00" and format_number(0) == "0.00"
