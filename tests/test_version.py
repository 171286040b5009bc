"""The code version behind cache keys: every file that shapes a derived row moves it, others don't."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newslake import version


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "newslake"
    shutil.copytree(version.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _edit(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"\n# edited\n")


@pytest.mark.parametrize(
    "relative",
    [
        "records.py",  # the record every step fills
        "derive.py",  # step order, boilerplate stripping
        "boilerplate.py",
        "clean/spam.py",
        "extract/indicators.py",
        "dedupe/neardup.py",
        "lexicons/metrics.toml",
        "lexicons/spin_substitutions.tsv",
    ],
)
def test_a_file_that_shapes_derived_rows_changes_the_key(package_copy: Path, relative: str) -> None:
    before = version.hash_files(package_copy)
    assert before == version.code_version()  # the copy hashes like the package itself
    _edit(package_copy / relative)
    assert version.hash_files(package_copy) != before


@pytest.mark.parametrize("relative", ["cli.py", "store/documents.py", "facts/bounds.py"])
def test_the_cli_the_store_and_the_facts_do_not(package_copy: Path, relative: str) -> None:
    before = version.hash_files(package_copy)
    _edit(package_copy / relative)
    assert version.hash_files(package_copy) == before


def test_every_library_module_is_covered_but_the_excluded_ones() -> None:
    covered = {p.relative_to(version.PACKAGE_DIR).as_posix() for p in version.shaping_files()}
    assert {"derive.py", "records.py", "settings.py", "lexicons/regions.toml"} <= covered
    assert not any(name.startswith(("store/", "cli.py")) for name in covered)
