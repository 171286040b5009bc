"""Export: the analysts' views as files (Parquet or CSV), one per view, for BI tools and sharing.

All views are read from one read-only connection to the published file, so the files agree with
each other. Each is written beside its final name and renamed into place: a reader of the folder
sees the previous export's file or the new one, never half a file.
"""

from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from newslake.store import contract
from newslake.store.connection import reading

FORMATS = ("parquet", "csv")


@dataclass(frozen=True)
class Exported:
    view: str
    path: Path
    rows: int


def export_views(db: Path, folder: Path, *, fmt: str, timeout: float) -> list[Exported]:
    """Write every contract view of the lake to `folder/<view>.<fmt>`, atomically each."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use parquet or csv")
    folder.mkdir(parents=True, exist_ok=True)
    done = []
    with reading(db, timeout=timeout) as con:
        for view in contract.views():
            path = folder / f"{view.name}.{fmt}"
            temporary = folder / f".{path.name}.exporting"
            relation = con.table(view.name)
            try:
                if fmt == "parquet":
                    relation.write_parquet(str(temporary))
                else:
                    relation.write_csv(str(temporary), header=True)
                with open(temporary, "rb") as written:
                    os.fsync(written.fileno())
                os.replace(temporary, path)
            except BaseException:
                with suppress(FileNotFoundError):
                    temporary.unlink()
                raise
            [(rows,)] = relation.aggregate("count(*)").fetchall()
            done.append(Exported(view.name, path, int(rows)))
    return done
