"""Consolidate: every report of one key becomes one fact, with the reports that agree on it.

Each report allows a range of values (its amount) and of growth rates (`bounds`); two reports agree
when their ranges meet, i.e. when one true figure could have been written both ways. Ranges on a
line that meet pairwise all share a point (Helly), so an agreeing group is the set of reports
covering one point: the largest group is found by trying the lower ends of the ranges.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import astuple, dataclass
from datetime import datetime

from newslake.facts.bounds import UNBOUNDED, Bounds, growth_bounds, value_bounds, width
from newslake.records import Fact, FactReport

STATUSES = ("single", "agreed", "conflict")


@dataclass(frozen=True)
class Consolidated:
    """A fact, whether each of its reports (in the order given) agrees, and whose value it took."""

    fact: Fact
    agrees: tuple[bool, ...]
    chosen: int | None  # index of the report whose value (else growth) the fact took
    fingerprint: str  # changes when the fact or any report's verdict does


@dataclass(frozen=True)
class _Box:
    unit: str | None  # None: the report states no amount, so any unit fits
    value: Bounds
    growth: Bounds


def _box(r: FactReport) -> _Box:
    value = value_bounds(r.value, r.value_text, r.qualifier)
    # A row's qualifier belongs to its amount; with no amount it is the growth's (增长7%左右).
    growth = growth_bounds(r.yoy_pct, r.qualifier if r.value is None else None)
    unit = None if value == UNBOUNDED else (r.unit or "")
    return _Box(unit, value, growth)


def _earliest(r: FactReport) -> tuple[bool, datetime, str, int]:
    """Order of publication: known times first, earliest first; then doc_id and seq."""
    return (r.published_at is None, r.published_at or datetime.min, r.doc_id, r.seq)


def _groups(boxes: dict[_Box, list[int]]) -> set[frozenset[_Box]]:
    """The sets of boxes covering a point, for every point made of lower ends (unit by unit).

    The deepest point of a set of boxes can be moved to the largest lower end of the boxes
    covering it, so these candidates include the largest agreeing group.
    """
    units: list[str | None] = [*sorted({b.unit for b in boxes if b.unit is not None})] or [None]
    found: set[frozenset[_Box]] = set()
    for unit in units:
        eligible = [b for b in boxes if b.unit is None or b.unit == unit]
        for x in sorted({b.value[0] for b in eligible}):
            cover = [b for b in eligible if b.value[0] <= x <= b.value[1]]
            for y in sorted({b.growth[0] for b in cover}):
                found.add(frozenset(b for b in cover if b.growth[0] <= y <= b.growth[1]))
    return found


def _rank(members: list[int], reports: Sequence[FactReport]) -> tuple:
    """Largest group first (documents, then reports); a tie goes to the earliest report."""
    docs = {reports[i].doc_id for i in members}
    earliest = sorted(_earliest(reports[i]) for i in members)
    return (-len(docs), -len(members), earliest)


def consolidate(reports: Sequence[FactReport]) -> Consolidated:
    """One fact from the reports of one key: its value, status and each report's verdict."""
    if not reports:
        raise ValueError("a fact needs at least one report")
    boxes: dict[_Box, list[int]] = {}
    for i, r in enumerate(reports):
        boxes.setdefault(_box(r), []).append(i)
    groups = [sorted(i for b in group for i in boxes[b]) for group in _groups(boxes)]
    members = min(groups, key=lambda g: _rank(g, reports))
    inside = set(members)
    by_value = [i for i in members if reports[i].value is not None]
    by_growth = [i for i in members if reports[i].yoy_pct is not None]
    box_of = {i: b for b, indices in boxes.items() for i in indices}
    value_i = min(
        by_value, key=lambda i: (width(box_of[i].value), _earliest(reports[i])), default=None
    )
    growth_i = min(
        by_growth, key=lambda i: (width(box_of[i].growth), _earliest(reports[i])), default=None
    )
    chosen = value_i if value_i is not None else growth_i
    in_order = sorted(members, key=lambda i: _earliest(reports[i]))
    lead = reports[chosen if chosen is not None else in_order[0]]
    # the share stated beside the chosen value, else the earliest one in the group
    shares = [i for i in [chosen, *in_order] if i is not None and reports[i].share_pct is not None]
    times = [r.published_at for r in reports if r.published_at is not None]
    n_documents = len({r.doc_id for r in reports})
    status = "conflict" if len(inside) < len(reports) else "agreed" if n_documents > 1 else "single"
    key = reports[0]
    fact = Fact(
        fact_id=key.fact_id,
        metric=key.metric,
        region=key.region,
        period_start=key.period_start,
        period_end=key.period_end,
        kind=key.kind,
        value=reports[value_i].value if value_i is not None else None,
        unit=reports[value_i].unit if value_i is not None else None,
        value_text=reports[value_i].value_text if value_i is not None else None,
        yoy_pct=reports[growth_i].yoy_pct if growth_i is not None else None,
        share_pct=reports[shares[0]].share_pct if shares else None,
        status=status,
        n_reports=len(reports),
        n_agreeing=len(members),
        n_documents=n_documents,
        n_sources=len({r.source for r in reports if r.source}),
        first_reported_at=min(times, default=None),
        last_reported_at=max(times, default=None),
        period_text=lead.period_text,
    )
    agrees = tuple(i in inside for i in range(len(reports)))
    return Consolidated(fact, agrees, chosen, _fingerprint(fact, reports, agrees, chosen))


def _fingerprint(
    fact: Fact, reports: Sequence[FactReport], agrees: tuple[bool, ...], chosen: int | None
) -> str:
    verdicts = sorted(
        (r.doc_id, r.seq, ok, i == chosen)
        for i, (r, ok) in enumerate(zip(reports, agrees, strict=True))
    )
    digest = hashlib.blake2b(repr((astuple(fact), verdicts)).encode(), digest_size=12)
    return digest.hexdigest()


def consolidate_sorted(
    reports: Iterable[FactReport],
) -> Iterator[tuple[list[FactReport], Consolidated]]:
    """Consolidate reports that arrive grouped by fact_id, one fact at a time."""
    batch: list[FactReport] = []
    for r in reports:
        if batch and r.fact_id != batch[0].fact_id:
            yield batch, consolidate(batch)
            batch = []
        batch.append(r)
    if batch:
        yield batch, consolidate(batch)
