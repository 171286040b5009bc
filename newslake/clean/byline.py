"""Parse Chinese news bylines (publish time, 来源, 记者, 责编) into fields and out of the body.

Runs on lines that are already Simplified with ASCII `:` `(` `)` `|` (see normalise.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

_NAME = r"[\u4e00-\u9fff·]{2,5}"
_NAMES = rf"{_NAME}(?:\s*[、,\s]\s*{_NAME}){{0,5}}"
_DATE = (
    r"(?P<y>\d{4})\s*[年\-/.]\s*(?P<m>\d{1,2})\s*[月\-/.]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?:T\s*)?(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
)
_DATE_RE = re.compile(_DATE)
# `2023年01月18日09:20 | 来源:人民网-《人民日报》`: a date, then nothing or key:value pairs
_DATE_FIRST = re.compile(rf"(?:{_DATE})\s*(?:星期.|周.)?\s*\|?\s*(?P<rest>.*)")
# `发布日期:2025-03-06数据来源:重庆日报网浏览次数:92`: a line made only of known key:value pairs
_KEYS = {
    "发布日期": "date", "发布时间": "date", "日期": "date", "时间": "date", "发表时间": "date",
    "数据来源": "source", "信息来源": "source", "稿件来源": "source", "文章来源": "source",
    "来源": "source", "稿源": "source",
    "作者": "author", "记者": "author", "本报记者": "author", "文": "author",
    "责任编辑": "editor", "责编": "editor", "编辑": "editor", "审核": "ignore",
    "浏览次数": "ignore", "阅读次数": "ignore", "点击数": "ignore", "点击": "ignore",
    "浏览": "ignore", "阅读": "ignore", "字号": "ignore", "版次": "ignore", "发布": "source",
    "发布机构": "source",
}  # fmt: skip
_KEY_RE = re.compile(
    "(" + "|".join(sorted(map(re.escape, _KEYS), key=len, reverse=True)) + r")\s*:\s*"
)
# `本报记者 王斌来`, `记者 张三 李四`
_REPORTER_LINE = re.compile(rf"(?:本报|本台|本网|新华社)?(?:记者|作者)\s*:?\s*(?P<names>{_NAMES})")
# `文/张三`, `文/图 张三`: the writer's credit of features and local papers
_SLASH_CREDIT = re.compile(rf"(?:文|文/图|文图|撰文)\s*[/:]\s*(?P<names>{_NAMES})")
# `NBD图数馆 2018-03-20 10:33:06`, `贾楠 景诗雁 发布时间:…`: a short label (site, column or the
# writers' names) before the date or the key:value pairs of a date line
_LABEL_FIRST = re.compile(
    r"(?P<label>[\u4e00-\u9fffA-Za-z·\s]{2,16}?)\s*(?P<rest>(?:\d{4}\s*[年\-/.]|发布|来源).*)"
)
# What may follow the date of a date line besides key:value pairs: a section name or a counter
# (`2025年05月19日22:32:12 财经 1999`), or stray punctuation left by the scraper.
_DATE_TAIL = re.compile(r"[\u4e00-\u9fff\w\s?？·]{0,12}")
_LINK_LABEL = re.compile(r"[\u4e00-\u9fffA-Za-z]{2,8}")
# A byline wrapped in brackets: `【来源:新华网】`, `(记者 张三)`, `[作者:张三]`
_BRACKETED = re.compile(r"[(\[【](?P<inner>[^()\[\]【】]{2,60})[)\]】]")
# `(责编:黄凌、刘政宁)`
_EDITOR_LINE = re.compile(rf"[(\[【]\s*(?:责编|责任编辑|编辑)\s*:\s*(?P<names>{_NAMES})\s*[)\]】]")
# `...作出新贡献。(新重庆-重庆日报记者 罗静雯 周尤)` or `...工作。(徐雯瑄)` closing a paragraph
_TRAILING = re.compile(
    rf"(?<=[。!?”\"…])\s*\((?:[^()]{{0,20}}?(?:记者|通讯员)\s*)?(?P<names>{_NAMES})\)$"
)
# `本报讯(记者 张三)` opening a paragraph
_LEADING = re.compile(rf"^(?:[^()]{{0,12}}讯)?\s*\([^()]{{0,20}}?记者\s*(?P<names>{_NAMES})\)\s*")
# Words that close a paragraph in parentheses without being a name.
_NOT_NAMES = {
    "待续", "未完待续", "全文完", "图文", "下同", "同上", "本报讯", "资料图", "图片", "视频",
    "有删节", "节选", "摘编", "原标题",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Byline:
    """What a page says about its own publication."""

    published_at: datetime | None = None
    source: str | None = None
    author: str | None = None
    editor: str | None = None

    def merged(self, other: Byline) -> Byline:
        """Fill fields still empty here from `other` (the first value found wins)."""
        return Byline(
            self.published_at or other.published_at,
            self.source or other.source,
            self.author or other.author,
            self.editor or other.editor,
        )


def parse_datetime(text: str) -> datetime | None:
    """First date(-time) written in `text`, as naive local time; None when there is none."""
    m = _DATE_RE.search(text)
    if not m:
        return None
    try:
        return datetime(
            int(m["y"]), int(m["m"]), int(m["d"]),
            int(m["H"] or 0), int(m["M"] or 0), int(m["S"] or 0),
        )  # fmt: skip
    except ValueError:
        return None


def join_names(names: str) -> str:
    """`罗静雯 周尤` -> `罗静雯、周尤`: one separator for every list of people."""
    return "、".join(n for n in re.split(r"[\s、,]+", names.strip()) if n)


def _key_values(line: str, *, lenient: bool = False) -> Byline | None:
    """A byline made only of known `key:value` pairs, or None if the line is anything else.

    `lenient` (after a date): a name that does not look like one is skipped, not a refusal.
    """
    matches = list(_KEY_RE.finditer(line))
    if not matches or matches[0].start() != 0:
        return None
    found = Byline()
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = line[m.end() : end].strip(" |\\")
        kind = _KEYS[m.group(1)]
        if kind == "date" or (kind == "author" and _DATE_RE.fullmatch(value)):
            found = found.merged(Byline(published_at=parse_datetime(value)))
            if found.published_at is None:
                return None
        elif kind == "source" and value:
            found = found.merged(Byline(source=value))
        elif kind in ("author", "editor") and value:
            if not re.fullmatch(_NAMES, value):
                if lenient:
                    continue
                return None
            names = join_names(value)
            found = found.merged(Byline(author=names) if kind == "author" else Byline(editor=names))
    return found


def parse_byline_line(line: str) -> Byline | None:
    """The fields of a line that is a byline and nothing else, or None for a body line.

    Sites put the parts in any order, often between `|` (`作者:王家豪 | 2024年02月05日 14:20 |
    来源:经济导报`): every `|`-separated part must be a byline for the line to be one.
    """
    parts = [p.strip() for p in line.split("|")]
    if len(parts) == 1:
        return _parse_part(line)
    if not any(parts):
        return None
    found = Byline()
    labels = 0  # short link labels between the parts of a date bar (`| 进入论坛 |`)
    for part in filter(None, parts):
        fields = _parse_part(part)
        if fields is None:
            if not _LINK_LABEL.fullmatch(part):
                return None
            labels += 1
            continue
        found = found.merged(fields)
    if labels and found.published_at is None:
        return None
    return found


def _parse_part(line: str) -> Byline | None:
    if m := _BRACKETED.fullmatch(line):  # `【来源:新华网】`, `(记者 张三)`
        line = m["inner"].strip()
    if found := _date_line(line):
        return found
    if m := _LABEL_FIRST.fullmatch(line):
        labelled = _date_line(m["rest"]) or _key_values(m["rest"])
        if labelled is not None and labelled.published_at is not None:
            return labelled
    if m := _DATE_FIRST.fullmatch(line):
        rest = _key_values(m["rest"]) if m["rest"] else Byline()
        return None if rest is None else Byline(published_at=parse_datetime(line)).merged(rest)
    if m := _EDITOR_LINE.fullmatch(line):
        return Byline(editor=join_names(m["names"]))
    if m := _REPORTER_LINE.fullmatch(line):
        return Byline(author=join_names(m["names"]))
    if m := _SLASH_CREDIT.fullmatch(line):
        return Byline(author=join_names(m["names"]))
    return _key_values(line)


def _date_line(line: str) -> Byline | None:
    """A line that starts with a full date: what follows is key:value pairs (read leniently,
    a scraper's placeholder such as `{editor}` is skipped) or a short tail (a section, a counter)."""
    m = _DATE_FIRST.fullmatch(line)
    if not m or parse_datetime(line) is None:
        return None
    found = Byline(published_at=parse_datetime(line))
    rest = m["rest"].strip()
    if not rest or _DATE_TAIL.fullmatch(rest):
        return found
    fields = _key_values(rest, lenient=True)
    return None if fields is None else found.merged(fields)


def strip_inline_byline(line: str) -> tuple[str, Byline | None]:
    """Cut a reporter credit that opens or closes a paragraph; return the rest and its fields."""
    m = _TRAILING.search(line)
    if m and m["names"] not in _NOT_NAMES:
        return line[: m.start()].rstrip(), Byline(author=join_names(m["names"]))
    m = _LEADING.match(line)
    if m and m.end() < len(line):
        return line[m.end() :], Byline(author=join_names(m["names"]))
    return line, None


def extract_bylines(lines: list[str], found: Byline | None = None) -> tuple[list[str], Byline, int]:
    """Move byline lines and inline credits into fields; return body lines, fields, lines removed."""
    found = found or Byline()
    kept: list[str] = []
    removed = 0
    for line in lines:
        fields = parse_byline_line(line)
        if fields is not None:
            found = found.merged(fields)
            removed += 1
            continue
        line, fields = strip_inline_byline(line)
        if fields is not None:
            found = found.merged(fields)
        kept.append(line)
    return kept, found, removed
