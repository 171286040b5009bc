"""How far a written figure reaches: rounding from its last digit, qualifiers, growth at one decimal."""

from __future__ import annotations

import math

import pytest

from newslake.facts.bounds import growth_bounds, growth_step, value_bounds, written_steps


def _meet(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


@pytest.mark.parametrize(
    ("value", "text", "step"),
    [
        (6.01e12, "6.01万亿元", 1e10),
        (6013290000000.0, "60132.9亿元", 1e7),
        (5.89e12, "58900亿元", 1e8),  # trailing zeros of a whole number are written digits
        (3014579000000.0, "30145.79亿元", 1e6),
        (752000.0, "75.2万人", 1e3),
        (59.49, "59.49%", 0.01),
        (20820.0, "20820元", 1.0),
        (1234500.0, "1,234,500元", 1.0),
        (3.37579e12, "3兆3757.9亿元", 1e7),  # two parts: the last one's multiplier
        (2.3e11, "二千三百亿元", 1e10),  # no Arabic digits: its last non-zero digit
    ],
)
def test_the_rounding_step_is_the_last_written_digit(value: float, text: str, step: float) -> None:
    assert math.isclose(written_steps(value, text)[0], step, rel_tol=1e-9)


def test_figures_written_at_other_precisions_agree_when_they_round_alike() -> None:
    bureau = value_bounds(6013290000000.0, "60132.9亿元", None)
    portal = value_bounds(6.01e12, "6.01万亿元", None)
    weekly = value_bounds(5.89e12, "58900亿元", None)
    assert _meet(bureau, portal)
    assert not _meet(weekly, bureau) and not _meet(weekly, portal)
    assert _meet(value_bounds(3.0e12, "3万亿元", None), bureau) is False
    assert _meet(value_bounds(6e12, "6万亿元", None), bureau)  # 6万亿 rounds 60132.9亿


def test_a_boundary_value_is_inside_despite_float_noise() -> None:
    # 6.015万亿 is the upper end of 6.01万亿's rounding
    assert _meet(
        value_bounds(6.01e12, "6.01万亿元", None), value_bounds(6.015e12, "6.015万亿元", None)
    )


def test_more_than_is_one_sided() -> None:
    lo, hi = value_bounds(1e13, "突破10万亿元", "超")
    assert lo <= 1e13 and hi == math.inf
    assert value_bounds(600000.0, "60万人以上", "以上")[1] == math.inf
    assert not _meet((lo, hi), value_bounds(9.9e12, "9.9万亿元", None))


def test_duo_and_yu_reach_to_the_next_unit_of_the_last_digit() -> None:
    lo, hi = value_bounds(2.8e11, "2800多亿元", "多")
    assert (lo, hi) == (pytest.approx(2.8e11), pytest.approx(2.9e11))
    lo, hi = value_bounds(520000.0, "52万余人", "余")
    assert hi == pytest.approx(530000.0)


def test_nearly_is_just_below() -> None:
    lo, hi = value_bounds(3e8, "近3亿人次", "近")
    assert (lo, hi) == (pytest.approx(2e8), pytest.approx(3e8))
    assert not _meet((lo, hi), value_bounds(3.02e8, "3.02亿人次", None))


def test_about_widens_to_a_whole_step_and_a_round_figure_to_its_last_nonzero_digit() -> None:
    lo, hi = value_bounds(2e11, "约2000亿元", "约")
    assert (lo, hi) == (pytest.approx(1.5e11), pytest.approx(2.5e11))
    lo, hi = value_bounds(2.01e11, "约2010亿元", "约")
    assert (lo, hi) == (pytest.approx(2.005e11), pytest.approx(2.015e11))
    lo, hi = value_bounds(2.013e11, "约2013亿元", "约")
    assert (lo, hi) == (pytest.approx(2.012e11), pytest.approx(2.014e11))
    assert _meet(value_bounds(3.4, "3.4%左右", "左右"), value_bounds(3.48, "3.48%", None))


def test_at_most_is_open_below() -> None:
    lo, hi = value_bounds(5.5, "5.5%以内", "以内")
    assert lo == -math.inf and math.isclose(hi, 5.55, rel_tol=1e-6)


def test_no_amount_is_unbounded() -> None:
    assert value_bounds(None, "", None) == (-math.inf, math.inf)


def test_growth_is_read_at_one_decimal() -> None:
    assert growth_step(6.0) == 0.1
    assert growth_step(6.25) == pytest.approx(0.01)
    six, six_point_two = growth_bounds(6.0, None), growth_bounds(6.2, None)
    assert _meet(six, growth_bounds(6.0, None))  # 6% and 6.0% are the same float: they agree
    assert not _meet(six, six_point_two)
    assert _meet(growth_bounds(6.25, None), six_point_two)
    assert not _meet(growth_bounds(-12.0, None), growth_bounds(12.0, None))


def test_growth_qualifiers() -> None:
    assert growth_bounds(6.0, "以上") == (pytest.approx(6.0), math.inf)
    lo, hi = growth_bounds(7.0, "左右")
    assert lo == pytest.approx(6.5) and hi == pytest.approx(7.5)
