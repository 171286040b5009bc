"""The views' declared contract (sql/views/contract.toml): columns, descriptions and key checks.

Checks are run against a lake by the tests (a lake built from the samples) and can be run by an
operator against any lake; a failed check names the view, the column and how many rows break it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache

import duckdb

from newslake.settings import SQL_DIR
from newslake.store.connection import sql_text

CHECKS = ("unique", "not_null", "accepted")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    checks: tuple[str, ...] = ()
    accepted: tuple[str, ...] = ()


@dataclass(frozen=True)
class View:
    name: str
    grain: str
    columns: tuple[Column, ...] = field(default_factory=tuple)


@cache
def views() -> tuple[View, ...]:
    """Every analysts' view, in the contract's order."""
    data = tomllib.loads((SQL_DIR / "views" / "contract.toml").read_text(encoding="utf-8"))
    out = []
    for name, spec in data.items():
        columns = tuple(
            Column(
                name=c["name"],
                type=c["type"],
                description=c["description"],
                checks=tuple(c.get("checks", ())) + (("accepted",) if "accepted" in c else ()),
                accepted=tuple(c.get("accepted", ())),
            )
            for c in spec["columns"]
        )
        out.append(View(name=name, grain=spec["grain"], columns=columns))
    return tuple(out)


def check_view(con: duckdb.DuckDBPyConnection, view: View) -> list[str]:
    """What breaks the view's contract on this lake: missing columns and failed checks."""
    problems = []
    described = con.execute(f"describe {view.name}").fetchall()
    actual = [(row[0], row[1]) for row in described]
    declared = [(c.name, c.type) for c in view.columns]
    if actual != declared:
        problems.append(f"{view.name}: columns {actual} differ from the contract's {declared}")
        return problems
    for column in view.columns:
        for check in column.checks:
            if check not in CHECKS:
                problems.append(f"{view.name}.{column.name}: unknown check {check!r}")
                continue
            query = sql_text(f"contract_{check}").format(view=view.name, column=column.name)
            params = {"accepted": list(column.accepted)} if check == "accepted" else {}
            query = "\n".join(x for x in query.splitlines() if not x.startswith("--"))
            row = con.execute(query, params).fetchone()
            broken = row[0] if row else 0
            if broken:
                problems.append(f"{view.name}.{column.name}: {check} fails on {broken} rows")
    return problems
