"""The analysts' views against their declared contract (sql/views/contract.toml) and the README.

One lake built from the bundled samples; every view's columns must be the contract's, in order and
type, and every declared check (unique, not null, accepted values) must hold on it.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from newslake.settings import SQL_DIR
from newslake.store import contract
from tests.conftest import REPO, Lake

VIEWS = contract.views()


@pytest.fixture(scope="module")
def sample_lake(prefect_api: None, tmp_path_factory: pytest.TempPathFactory) -> Lake:
    root = tmp_path_factory.mktemp("views")
    lake = Lake(db=root / "lake" / "newslake.duckdb", lake=root / "lake")
    lake.ingest()
    return lake


def test_every_view_file_is_in_the_contract() -> None:
    files = {p.stem for p in (SQL_DIR / "views").glob("v_*.sql")}
    assert files == {v.name for v in VIEWS}


def test_every_view_says_who_it_is_for() -> None:
    for path in (SQL_DIR / "views").glob("v_*.sql"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert re.match(r"-- For (analysts|operators)", first), path.name


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.name)
def test_view_keeps_its_contract(sample_lake: Lake, view: contract.View) -> None:
    with duckdb.connect(str(sample_lake.db), read_only=True) as con:
        assert contract.check_view(con, view) == []
        if view.name in ("v_documents", "v_indicators", "v_mentions", "v_quality", "v_runs"):
            assert con.execute(f"select count(*) from {view.name}").fetchone()[0] > 0


def test_a_broken_check_is_reported(sample_lake: Lake) -> None:
    """The checks can fail: a contract that demands what the lake does not hold says so."""
    broken = contract.View(
        name="v_mentions",
        grain="test",
        columns=tuple(
            contract.Column(c.name, c.type, c.description, ("unique",) if c.name == "kind" else ())
            for c in next(v for v in VIEWS if v.name == "v_mentions").columns
        ),
    )
    with duckdb.connect(str(sample_lake.db), read_only=True) as con:
        repeated = con.execute(
            "select sum(n) from (select count(*) as n from v_mentions group by kind"
            " having count(*) > 1)"
        ).fetchone()[0]
        assert repeated > 0
        assert contract.check_view(con, broken) == [
            f"v_mentions.kind: unique fails on {repeated} rows"
        ]


def _readme_views(readme: Path) -> dict[str, list[str]]:
    """View name -> column names, from the README's view table (| `v_x` | grain | `a`, `b` |)."""
    rows: dict[str, list[str]] = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| `(v_\w+)` \| [^|]+ \| (.+) \|$", line)
        if match:
            rows[match.group(1)] = re.findall(r"`(\w+)`", match.group(2))
    return rows


def test_the_readme_lists_the_contracts_columns() -> None:
    listed = _readme_views(REPO / "README.md")
    assert listed == {v.name: [c.name for c in v.columns] for v in VIEWS}
