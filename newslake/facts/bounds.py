"""How far a reported figure reaches: the range of true values its written form allows.

A figure is as precise as its last written digit: 6.01万亿元 stands for anything that rounds to it
(6.005–6.015万亿元), 60132.9亿元 for 60132.85–60132.95亿元. Trailing zeros of a whole number count
as written digits (58900亿元 is 58899.5–58900.5亿元): papers round by switching to a larger unit
(5.89万亿元), not by padding zeros. Qualifiers widen the range or make it one-sided; an
approximate round figure (约2000亿元) is read to its last non-zero digit. Growth rates
are read at one decimal, as statistical releases give them: 6% is 6.0%.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

INF = math.inf
_NUM = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
# The multiplier right after a number, for a figure written in two parts (3兆3757.93亿元).
_MULTIPLIERS = (("万亿", 1e12), ("亿", 1e8), ("万", 1e4), ("千", 1e3), ("百", 1e2))
_TOLERANCE = 1e-9  # relative slack so that float noise never splits a boundary
GROWTH_STEP = 0.1  # growth is read at one decimal at least
GROWTH_APPROX = 0.5  # 约/左右 growth: half a percentage point either side

Bounds = tuple[float, float]
UNBOUNDED: Bounds = (-INF, INF)


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _steps(number: Decimal) -> tuple[Decimal, Decimal]:
    """(unit of the last written digit, unit of the last non-zero digit) of a written number."""
    exponent = number.as_tuple().exponent
    last = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    if number == 0:
        return last, last
    digits = number.normalize().as_tuple()
    nonzero = Decimal(1).scaleb(digits.exponent if isinstance(digits.exponent, int) else 0)
    return last, nonzero


def written_steps(value: float, value_text: str | None) -> tuple[float, float]:
    """(rounding step, last non-zero step) of a figure in its base units, read off how it was written.

    The number's scale comes from the value itself (value / written number), so any unit works;
    a figure without Arabic digits (二千三百亿元) is as precise as its last non-zero digit.
    """
    tokens = list(_NUM.finditer(value_text or ""))
    number = _decimal(tokens[-1].group()) if tokens else None
    if number is None or number == 0 or value == 0:
        if value == 0:
            return 0.0, 0.0
        _, nonzero = _steps(Decimal(repr(abs(value))))
        return float(nonzero), float(nonzero)
    if len(tokens) == 1:
        scale = abs(value) / float(number)
    else:
        after = (value_text or "")[tokens[-1].end() :]
        scale = next((m for word, m in _MULTIPLIERS if after.startswith(word)), 1.0)
    last, nonzero = _steps(number)
    return float(last) * scale, float(nonzero) * scale


def _slack(x: float) -> float:
    return _TOLERANCE * max(1.0, abs(x))


def _qualified(
    x: float, step: float, nonzero: float, approx: float, qualifier: str | None
) -> Bounds:
    """The range a figure x allows, given its rounding step and its qualifier."""
    s = _slack(x)
    if qualifier in ("超", "以上"):  # more than x: anything from x up
        return x - s, INF
    if qualifier in ("多", "余"):  # 2800多亿 = 2800–2900亿: up to the next unit of its last digit
        return x - s, x + nonzero + s
    if qualifier == "近":  # nearly x: just under it, by at most a unit of its last digit
        return x - nonzero - s, x + s
    if qualifier in ("以下", "以内"):
        return -INF, x + step / 2 + s
    if qualifier in ("约", "左右"):
        return x - approx - s, x + approx + s
    return x - step / 2 - s, x + step / 2 + s


def value_bounds(value: float | None, value_text: str | None, qualifier: str | None) -> Bounds:
    """The values a written amount allows; unbounded when the row states no amount."""
    if value is None:
        return UNBOUNDED
    step, nonzero = written_steps(value, value_text)
    # 约/左右: at least a whole step either side, and a round figure (约2000亿) to its last
    # non-zero digit (1500–2500亿)
    return _qualified(value, step, nonzero, max(step, nonzero / 2), qualifier)


def growth_step(pct: float) -> float:
    """Rounding step of a growth rate: its decimals, one at least (6% is 6.0%)."""
    exponent = Decimal(repr(pct)).normalize().as_tuple().exponent
    places = max(1, -exponent if isinstance(exponent, int) else 1)
    return 10.0 ** -min(places, 6)


def growth_bounds(pct: float | None, qualifier: str | None) -> Bounds:
    """The rates a growth figure allows; a row's qualifier is the growth's when it has no amount."""
    if pct is None:
        return UNBOUNDED
    step = growth_step(pct)
    return _qualified(pct, step, step, GROWTH_APPROX, qualifier)


def width(bounds: Bounds) -> float:
    """How wide a range is: the smaller, the more precise the report."""
    return bounds[1] - bounds[0]
