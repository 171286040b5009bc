"""The layout's promises, checked so they stay true: where a step's task, logic and storage live.

`flows/` holds only flows, `tasks/` only Prefect tasks, the library in `newslake/` never imports
Prefect, only the store opens DuckDB, and every module has a test file named after it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
# Where the wheel puts each top-level folder (pyproject's package-dir): prefix of its test names.
FOLDERS = {"newslake": "", "tasks": "tasks_", "flows": "flows_"}


def _modules(folder: str) -> list[Path]:
    return sorted(
        p for p in (ROOT / folder).rglob("*.py") if p.name != "__init__.py" or _has_code(p)
    )


def _has_code(path: Path) -> bool:
    """More than a docstring, imports and dunder names (__version__, __all__)."""
    body = ast.parse(path.read_text(encoding="utf-8")).body
    return any(not _declarative(node) for node in body)


def _declarative(node: ast.stmt) -> bool:
    if isinstance(node, ast.Expr | ast.ImportFrom | ast.Import):
        return True
    return isinstance(node, ast.Assign) and all(
        isinstance(t, ast.Name) and t.id.startswith("__") for t in node.targets
    )


def _test_stem(folder: str, module: Path) -> str:
    parts = module.relative_to(ROOT / folder).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return "test_" + FOLDERS[folder] + "_".join(parts)


def _imported(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def _decorators(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for deco in node.decorator_list:
                target = deco.func if isinstance(deco, ast.Call) else deco
                if isinstance(target, ast.Name):
                    names.add(target.id)
    return names


@pytest.mark.parametrize(
    ("folder", "module"),
    [(folder, m) for folder in FOLDERS for m in _modules(folder)],
    ids=lambda v: v.relative_to(ROOT).as_posix() if isinstance(v, Path) else v,
)
def test_every_module_has_a_test_file_named_after_it(folder: str, module: Path) -> None:
    stem = _test_stem(folder, module)
    found = [
        p.name for p in TESTS.glob("test_*.py") if p.stem == stem or p.stem.startswith(stem + "_")
    ]
    assert found, f"{module.relative_to(ROOT)} has no tests/{stem}.py"


def test_test_names_follow_the_module_they_test() -> None:
    assert _test_stem("newslake", ROOT / "newslake/store/pages.py") == "test_store_pages"
    assert _test_stem("newslake", ROOT / "newslake/clean/__init__.py") == "test_clean"
    assert _test_stem("tasks", ROOT / "tasks/derive.py") == "test_tasks_derive"
    assert _test_stem("flows", ROOT / "flows/ingest.py") == "test_flows_ingest"


@pytest.mark.parametrize("module", _modules("newslake"), ids=lambda p: p.name)
def test_the_library_never_imports_prefect(module: Path) -> None:
    prefect = [m for m in _imported(module) if m.split(".")[0] in {"prefect", "prefect_dask"}]
    assert not prefect, f"{module.relative_to(ROOT)} imports {prefect}: that belongs in tasks/"


def test_only_the_store_opens_duckdb() -> None:
    importers = {
        m.relative_to(ROOT).as_posix()
        for folder in FOLDERS
        for m in _modules(folder)
        if any(name.split(".")[0] == "duckdb" for name in _imported(m))
    }
    assert importers, "the store imports duckdb: the check found nothing, so it is broken"
    assert {p for p in importers if not p.startswith("newslake/store/")} == set()


def test_flows_hold_only_flows_and_tasks_only_tasks() -> None:
    task_decorators = {"task", "lake_io_task"}
    for module in _modules("flows"):
        assert not task_decorators & _decorators(module), module.name
    for module in _modules("tasks"):
        assert "flow" not in _decorators(module), module.name
    assert "flow" in _decorators(ROOT / "flows/ingest.py")
    assert "task" in _decorators(ROOT / "tasks/dedupe.py")
    assert "lake_io_task" in _decorators(ROOT / "tasks/load.py")
