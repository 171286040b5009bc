"""Rebuild the non-UTF-8 sample pages from their UTF-8 sources under samples/src/.

Why: GBK and Big5 bytes cannot be edited comfortably; the sources stay readable and this script
writes the real legacy-encoded bytes next to the other samples. Run it after editing a source:
    python samples/make_samples.py          # writes the pages
    python samples/make_samples.py --check  # exits 1 if a page on disk differs from its source
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# page file name -> encoding of its bytes on disk (source is src/<name>.utf8)
ENCODED_PAGES: dict[str, str] = {
    "08_tianfu_gb2312.html": "gb18030",  # meta says gb2312; contains 堃 and 镕, outside GB2312
    "09_liangjiang_gbk.txt": "gb18030",  # no charset declaration anywhere
    "10_chengdu_big5.htm": "cp950",  # Traditional characters, meta says big5
}


def encoded_bytes(name: str) -> bytes:
    """The bytes a page must have on disk: its UTF-8 source, encoded strictly."""
    text = (HERE / "src" / f"{name}.utf8").read_text(encoding="utf-8")
    return text.encode(ENCODED_PAGES[name], errors="strict")


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for name in ENCODED_PAGES:
        data = encoded_bytes(name)
        target = HERE / name
        if check:
            if not target.exists() or target.read_bytes() != data:
                stale.append(name)
        else:
            target.write_bytes(data)
    for name in stale:
        print(f"stale: {name} (run python samples/make_samples.py)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
