"""Tables that reached us as text: cells split by `|` under a header that gives units and
meanings, or a metric heading followed by `YYYY年 value` lines.

    2023年各功能区地区生产总值
    地区 | 绝对量(亿元) | 比上年增长(%) | 比重(%)
    都市功能核心区 | 3445.34 | 9.3 | 19.6

Each data row is one figure: its label is a region (or a metric, under an 指标 header), the other
of the two comes from the title line above the header; a column headed with a unit is the
value, one headed 增长 the growth, one headed 比重 the share. A cell that is not a plain number,
or a header that does not say what its columns hold, gives no row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from newslake.extract.lexicon import metrics
from newslake.extract.metrics import find_metrics
from newslake.extract.regions import find_regions

_CELL_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_UNIT_IN_HEADER = re.compile(r"[(（]([^()（）]{1,6})[)）]")
_YEAR_LINE = re.compile(
    r"^(?P<year>\d{4})年[:：]?\s*(?P<figure>\d[\d.,]*\s*(?:万亿|千亿|亿|万)?\s*[\u4e00-\u9fff]{0,3})$"
)


@dataclass(frozen=True, slots=True)
class TableFigure:
    """One figure read from a table row, before it becomes an Indicator."""

    line: int  # index of the row's line in the text
    metric: str
    unit_kind: str
    region: str | None
    region_from_table: bool  # the row's own label named the region
    year: int | None
    value: float | None
    unit: str | None
    value_text: str | None
    yoy: float | None
    share: float | None
    row_text: str


@dataclass(frozen=True, slots=True)
class _Column:
    role: str  # value | yoy | share
    factor: float = 1.0
    unit: str | None = None


def _column(header: str) -> _Column | None:
    lex = metrics()
    text = header.replace(" ", "")
    if "比重" in text or "占比" in text:
        return _Column("share")
    if "增长" in text or "增速" in text or "增幅" in text:
        return _Column("yoy")
    m = _UNIT_IN_HEADER.search(text)
    if m is None:
        return None
    written = m.group(1)
    mult = next(
        (k for k in sorted(lex.multipliers, key=len, reverse=True) if written.startswith(k)), ""
    )
    unit = written[len(mult) :]
    if unit not in lex.units:
        return None
    base, factor, _kind = lex.units[unit]
    scale = lex.multipliers.get(mult, 1.0) if mult else 1.0
    return _Column("value", float(Decimal(str(scale)) * Decimal(str(factor))), base)


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def read_tables(lines: list[str], *, title_year: int | None) -> list[TableFigure]:
    """Every figure of the text tables among `lines` (pipe tables and year-value lists)."""
    out: list[TableFigure] = []
    i = 0
    while i < len(lines):
        header = _cells(lines[i]) if lines[i].count("|") >= 2 else []
        columns = [_column(h) for h in header[1:]]
        if len(header) >= 3 and any(c is not None for c in columns):
            caption = lines[i - 1] if i > 0 else ""
            j = i + 1
            while j < len(lines) and lines[j].count("|") == lines[i].count("|"):
                out += _table_row(lines[j], j, header[0], columns, caption, title_year)
                j += 1
            i = j
            continue
        out += _year_list(lines, i)
        i += 1
    return out


def _table_row(
    line: str, index: int, label_header: str, columns: list[_Column | None], caption: str,
    title_year: int | None,
) -> list[TableFigure]:  # fmt: skip
    cells = _cells(line)
    if len(cells) != len(columns) + 1:
        return []
    label = cells[0].replace(" ", "")
    caption_metrics = find_metrics(caption, guarded=False)
    caption_regions = [r for r in find_regions(caption) if r.name]
    label_metrics = find_metrics(label)
    label_regions = [r for r in find_regions(label) if r.name and r.end - r.start == len(label)]
    if label_metrics and label_metrics[0].start == 0 and label_metrics[0].end == len(label):
        metric = label_metrics[0]
        region = caption_regions[0].name if len(caption_regions) == 1 else None
        from_table = False
    elif label_regions and len(caption_metrics) == 1:
        metric, region, from_table = caption_metrics[0], label_regions[0].name, True
    else:
        return []
    year = _caption_year(caption) or title_year
    value = yoy = share = None
    unit = value_text = None
    for cell, column in zip(cells[1:], columns, strict=True):
        if column is None or not _CELL_NUMBER.fullmatch(cell):
            continue
        number = float(cell)
        if column.role == "value" and metric.unit_kind not in ("rate", "index"):
            value = float(Decimal(cell) * Decimal(str(column.factor)))
            unit, value_text = column.unit, cell
        elif column.role == "yoy":
            yoy = number
        elif column.role == "share":
            share = number
    if value is None and yoy is None:
        return []
    return [
        TableFigure(
            index,
            metric.name,
            metric.unit_kind,
            region,
            from_table,
            year,
            value,
            unit,
            value_text,
            yoy,
            share,
            line.strip(),
        )
    ]


def _caption_year(caption: str) -> int | None:
    years = set(re.findall(r"(\d{4})年", caption))
    return int(years.pop()) if len(years) == 1 else None


def _year_list(lines: list[str], i: int) -> list[TableFigure]:
    """`全市地区生产总值` over `1949年 13.89亿元` / `2018年 20363.19亿元`: one figure per year line."""
    heading = lines[i].strip()
    if len(heading) > 24 or not _YEAR_LINE.match(
        lines[i + 1].strip() if i + 1 < len(lines) else ""
    ):
        return []
    found = find_metrics(heading)
    if not found:
        return []
    from newslake.extract.numbers import find_figures

    metric = found[-1]
    regions = [r for r in find_regions(heading) if r.name]
    out = []
    j = i + 1
    while j < len(lines) and (m := _YEAR_LINE.match(lines[j].strip())):
        figures = [f for f in find_figures(m.group("figure")) if f.kind == "amount"]
        if len(figures) == 1 and (figures[0].unit_kind in (None, metric.unit_kind)):
            f = figures[0]
            unit = f.unit or metrics().default_units.get(metric.unit_kind)
            out.append(
                TableFigure(
                    j,
                    metric.name,
                    metric.unit_kind,
                    regions[0].name if regions else None,
                    bool(regions),
                    int(m.group("year")),
                    f.value,
                    unit,
                    f.text,
                    None,
                    None,
                    lines[j].strip(),
                )
            )
        j += 1
    return out
