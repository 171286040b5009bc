"""The view contract's checker itself: how contract.toml is read, and that each kind of check
(columns, unique, not null, accepted values) passes on good rows and names what breaks on bad ones,
on small DuckDB files of our own (tests/test_views.py runs the real contract on a sample lake)."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from newslake.settings import SQL_DIR
from newslake.store import contract
from newslake.store.contract import Column, View

ROWS = [
    # id, status, note
    ("a1", "open", "首批企业复工"),
    ("a2", "closed", None),
    ("a3", "open", "园区新签项目十二个"),
]


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB file with a table `items` and a view `v_items` over it, as the lake's views are."""
    connection = duckdb.connect(str(tmp_path / "contract.duckdb"))
    connection.execute("create table items (id varchar, status varchar, note varchar)")
    connection.executemany("insert into items values (?, ?, ?)", ROWS)
    connection.execute("create view v_items as select id, status, note from items")
    try:
        yield connection
    finally:
        connection.close()


def _view(**checks: tuple[str, ...]) -> View:
    """v_items as a contract declares it, with the given checks per column name."""
    accepted = ("open", "closed")
    return View(
        name="v_items",
        grain="item",
        columns=(
            Column("id", "VARCHAR", "the item", checks.get("id", ())),
            Column("status", "VARCHAR", "its state", checks.get("status", ()), accepted),
            Column("note", "VARCHAR", "a remark", checks.get("note", ())),
        ),
    )


def _contract_file() -> dict:
    return tomllib.loads((SQL_DIR / "views" / "contract.toml").read_text(encoding="utf-8"))


def _column(view: str, name: str) -> Column:
    found = next(v for v in contract.views() if v.name == view)
    return next(c for c in found.columns if c.name == name)


# --- reading contract.toml -------------------------------------------------------------------


def test_views_come_in_the_contracts_order_with_their_grain() -> None:
    data = _contract_file()
    views = contract.views()
    assert [v.name for v in views] == list(data)
    assert views[0].name == "v_documents"  # the others build on it
    assert views[0].grain == "cleaned document (spam-flagged pages excluded)"
    for view in views:
        assert [c.name for c in view.columns] == [c["name"] for c in data[view.name]["columns"]]


def test_a_column_keeps_its_type_description_and_declared_checks() -> None:
    doc_id = _column("v_documents", "doc_id")
    assert doc_id == Column(
        name="doc_id",
        type="VARCHAR",
        description="stable per location: a changed page keeps its id",
        checks=("unique", "not_null"),
        accepted=(),
    )
    assert _column("v_documents", "title").checks == ()
    assert _column("v_quality", "lines_removed").type == "MAP(VARCHAR, INTEGER)"


def test_an_accepted_list_adds_the_accepted_check_after_the_declared_ones() -> None:
    script = _column("v_documents", "original_script")
    assert script.checks == ("not_null", "accepted")
    assert script.accepted == ("hans", "hant")
    flag = _column("v_documents", "quality_flag")  # accepted values, NULL allowed
    assert flag.checks == ("accepted",)
    assert flag.accepted == ("ok", "short", "spun", "masked")


def test_every_check_the_contract_declares_is_one_the_checker_knows() -> None:
    used = {check for view in contract.views() for c in view.columns for check in c.checks}
    assert used == set(contract.CHECKS)


def test_the_contract_is_read_once() -> None:
    assert contract.views() is contract.views()


# --- checking a database ---------------------------------------------------------------------


def test_a_view_that_keeps_every_check_has_no_problems(con: duckdb.DuckDBPyConnection) -> None:
    view = _view(id=("unique", "not_null"), status=("not_null", "accepted"))
    assert contract.check_view(con, view) == []


def test_checks_run_on_a_table_as_well_as_a_view(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("insert into items values ('a1', 'lost', '重复编号')")
    table = View("items", "item", _view(id=("unique",), status=("accepted",)).columns)
    assert contract.check_view(con, table) == [
        "items.id: unique fails on 2 rows",
        "items.status: accepted fails on 1 rows",
    ]


def test_a_repeated_value_breaks_unique(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("insert into items values ('a2', 'open', '编号与另一行相同')")
    assert contract.check_view(con, _view(id=("unique",))) == ["v_items.id: unique fails on 2 rows"]


def test_nulls_do_not_break_unique(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("insert into items values ('a4', 'open', null)")  # a second NULL note
    assert contract.check_view(con, _view(note=("unique",))) == []


def test_unique_reports_how_many_rows_share_a_value(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("insert into items values ('a1', 'open', '同号一'), ('a2', 'open', '同号二')")
    con.execute("insert into items values ('a1', 'open', '同号三')")
    # a1 three times and a2 twice: five rows whose id is not unique
    assert contract.check_view(con, _view(id=("unique",))) == ["v_items.id: unique fails on 5 rows"]


def test_nulls_break_not_null_and_are_counted(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("insert into items values ('a4', 'open', null), ('a5', 'open', null)")
    assert contract.check_view(con, _view(note=("not_null",))) == [
        "v_items.note: not_null fails on 3 rows"
    ]


def test_a_value_outside_the_accepted_ones_is_counted(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("insert into items values ('a4', 'pending', '待审'), ('a5', 'OPEN', '大小写')")
    assert contract.check_view(con, _view(status=("accepted",))) == [
        "v_items.status: accepted fails on 2 rows"
    ]


def test_null_is_accepted_unless_not_null_is_declared_too(
    con: duckdb.DuckDBPyConnection,
) -> None:
    con.execute("insert into items values ('a4', null, '状态未知')")
    assert contract.check_view(con, _view(status=("accepted",))) == []
    assert contract.check_view(con, _view(status=("not_null", "accepted"))) == [
        "v_items.status: not_null fails on 1 rows"
    ]


def test_accepted_values_are_compared_as_parameters_not_spliced_sql(
    con: duckdb.DuckDBPyConnection,
) -> None:
    con.execute("insert into items values ('a4', 'it''s', '带引号的状态')")
    quoted = View(
        name="v_items",
        grain="item",
        columns=(
            Column("id", "VARCHAR", "the item"),
            Column("status", "VARCHAR", "its state", ("accepted",), ("open", "closed", "it's")),
            Column("note", "VARCHAR", "a remark"),
        ),
    )
    assert contract.check_view(con, quoted) == []


def test_a_column_named_like_a_keyword_is_checked(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "keyword.duckdb")) as con:
        con.execute(
            "create view v_changes as select * from (values (1, 'new'), (2, null)) t(n, \"order\")"
        )
        view = View(
            name="v_changes",
            grain="change",
            columns=(
                Column("n", "INTEGER", "number", ("unique", "not_null")),
                Column("order", "VARCHAR", "a reserved word", ("not_null",)),
            ),
        )
        assert contract.check_view(con, view) == ["v_changes.order: not_null fails on 1 rows"]


def test_problems_are_listed_by_column_then_by_check(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("insert into items values ('a1', 'lost', null), (null, 'gone', '无编号')")
    view = _view(id=("unique", "not_null"), status=("accepted",), note=("not_null",))
    assert contract.check_view(con, view) == [
        "v_items.id: unique fails on 2 rows",
        "v_items.id: not_null fails on 1 rows",
        "v_items.status: accepted fails on 2 rows",
        "v_items.note: not_null fails on 2 rows",
    ]


def test_an_unknown_check_is_named_and_the_others_still_run(
    con: duckdb.DuckDBPyConnection,
) -> None:
    con.execute("insert into items values ('a4', 'open', null)")
    view = _view(note=("positive", "not_null"))
    assert contract.check_view(con, view) == [
        "v_items.note: unknown check 'positive'",
        "v_items.note: not_null fails on 2 rows",
    ]


def test_a_column_of_another_type_is_reported_and_stops_the_checks(
    con: duckdb.DuckDBPyConnection,
) -> None:
    con.execute("create or replace view v_items as select id, 1 as status, note from items")
    problems = contract.check_view(con, _view(status=("accepted",)))
    assert problems == [
        "v_items: columns [('id', 'VARCHAR'), ('status', 'INTEGER'), ('note', 'VARCHAR')] "
        "differ from the contract's "
        "[('id', 'VARCHAR'), ('status', 'VARCHAR'), ('note', 'VARCHAR')]"
    ]  # no "accepted fails": a value check on a column of the wrong type means nothing


def test_columns_in_another_order_break_the_contract(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create or replace view v_items as select id, note, status from items")
    [problem] = contract.check_view(con, _view())
    assert problem.startswith("v_items: columns [('id', 'VARCHAR'), ('note', 'VARCHAR'), ")


def test_a_missing_or_extra_column_breaks_the_contract(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create or replace view v_items as select id, status from items")
    assert contract.check_view(con, _view()) == [
        "v_items: columns [('id', 'VARCHAR'), ('status', 'VARCHAR')] differ from the contract's "
        "[('id', 'VARCHAR'), ('status', 'VARCHAR'), ('note', 'VARCHAR')]"
    ]
    con.execute("create or replace view v_items as select *, 0 as extra from items")
    [problem] = contract.check_view(con, _view())
    assert "('extra', 'INTEGER')" in problem and "differ from the contract's" in problem


def test_a_view_that_does_not_exist_raises(con: duckdb.DuckDBPyConnection) -> None:
    missing = View(name="v_nowhere", grain="nothing", columns=_view().columns)
    with pytest.raises(duckdb.CatalogException, match="v_nowhere"):
        contract.check_view(con, missing)
