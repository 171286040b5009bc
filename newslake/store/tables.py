"""Arrow tables from the record dataclasses: the columns are the fields, never written twice.

A bulk insert goes through Arrow (DuckDB reads it without a copy); `executemany` costs about 2 ms
a row. Inserts then match these columns by name (`insert into … by name`), so adding a field to a
record and a column to its table is the whole change.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from functools import cache
from typing import Any

import pyarrow as pa

_SCALARS: dict[type, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
    bytes: pa.binary(),
    date: pa.date32(),
}


def _arrow_type(hint: Any, metadata: Mapping[str, Any]) -> pa.DataType | None:
    """The Arrow type of a field's annotation; None for fields that are not columns (lists, records)."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _arrow_type(args[0], metadata) if len(args) == 1 else None
    if hint is datetime:
        return pa.timestamp("us", tz=metadata.get("timezone", "UTC"))
    if typing.get_origin(hint) is dict:
        key, value = (_arrow_type(a, metadata) for a in typing.get_args(hint))
        return pa.map_(key, value) if key is not None and value is not None else None
    return _SCALARS.get(hint)


@cache
def columns(cls: type) -> tuple[tuple[str, pa.DataType], ...]:
    """(name, Arrow type) of every scalar field of a record dataclass, in field order."""
    hints = typing.get_type_hints(cls)
    found = []
    for f in dataclasses.fields(cls):
        kind = _arrow_type(hints[f.name], f.metadata)
        if kind is not None:
            found.append((f.name, kind))
    return tuple(found)


def records_table(
    records: Sequence[object],
    cls: type,
    *,
    exclude: Sequence[str] = (),
    lead: Mapping[str, pa.Array] | None = None,
    extra: Mapping[str, pa.Array] | None = None,
) -> pa.Table:
    """One row per record: `lead` columns, then the record's scalar fields, then `extra` ones."""
    data: dict[str, pa.Array] = dict(lead or {})
    for name, kind in columns(cls):
        if name not in exclude:
            data[name] = pa.array([getattr(r, name) for r in records], kind)
    data.update(extra or {})
    return pa.table(data)


def constant(value: object, n: int, kind: pa.DataType) -> pa.Array:
    """A column of one value, for what a whole batch shares (a run id, a code version)."""
    return pa.array([value] * n, kind)
