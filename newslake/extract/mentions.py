"""Finds people with their roles, organisations and gazetteer places named in a document.

People are found as ROLE + NAME (市长唐良智, 重庆市人民政府市长唐良智): a name is a known surname
plus one or two characters followed by a word such as 表示 or by punctuation. The roles chained
before a name with 、/，(全国政协委员、涪陵区委书记黎勇) each give a row, and the words before a
role that end in an organisation suffix (重庆市贸促会 in 重庆市贸促会会长) give an organisation.
Organisations are also a gazetteer place followed by an organisation ending (重庆市统计局,
四川省经济和信息化厅, 成都海关) and the known names of newslake/lexicons/roles.toml.
"""

from __future__ import annotations

import re
from functools import cache

from newslake.extract.lexicon import alternation, regions, roles
from newslake.extract.regions import find_places
from newslake.records import Mention

_SEGMENT_SEP = re.compile(r"[、，,；;：:。\s（()）“”\"]")
_MAX_ORG_LEN = 16
_MAX_ORG_MIDDLE = 10  # characters between the place and the ending: 经济和信息化, 软件行业
_NOT_IN_ORG = re.compile(r"[的在是将为把从对向等与了被也都及]")


def extract_mentions(text: str, *, title: str | None = None) -> list[Mention]:
    """People (with role), organisations and places, each once, in order of first mention."""
    seen: dict[tuple[str, str, str | None], None] = {}
    body = f"{title}\n{text}" if title else text
    for mention in _people_and_orgs(body):
        seen.setdefault((mention.kind, mention.name, mention.role), None)
    orgs = sorted(_regional_orgs(body) + _known_orgs(body))
    for _, org in orgs:
        seen.setdefault(("org", org, None), None)
    for place in find_places(body):
        seen.setdefault(("place", place, None), None)
    return [Mention(kind, name, role) for kind, name, role in seen]


def _people_and_orgs(text: str) -> list[Mention]:
    lex = roles()
    out: list[Mention] = []
    for m in lex.role_pattern.finditer(text):
        name = _name_after(text, m.end())
        if name is None:
            continue
        for role, org in _role_chain(text, m.start(), m.group()):
            if org:
                out.append(Mention("org", org))
            out.append(Mention("person", name, role))
    return out


def _name_after(text: str, pos: int) -> str | None:
    """A 2- or 3-character personal name starting at `pos`, or None."""
    lex = roles()
    while pos < len(text) and text[pos] == " ":
        pos += 1  # 记者 罗静雯
    head = text[pos : pos + 2]
    if not head or (head[0] not in lex.surnames and head not in lex.double_surnames):
        return None
    for size in (2, 3):
        name = text[pos : pos + size]
        if len(name) < size or not all(_is_han(c) for c in name):
            return None
        rest = text[pos + size :]
        if not rest or rest.startswith(lex.name_followers):
            return name
    return None


def _role_chain(text: str, role_start: int, role: str) -> list[tuple[str, str | None]]:
    """The role right before a name and the roles chained before it, each with its org."""
    lex = roles()
    chain: list[tuple[str, str | None]] = []
    end = role_start
    current = role
    while True:
        seg_start = end
        while seg_start > 0 and not _SEGMENT_SEP.match(text[seg_start - 1]):
            seg_start -= 1
        prefix = text[seg_start:end]
        chain.append((current, _org(prefix, current)))
        if seg_start == 0 or text[seg_start - 1] not in "、，,":
            break
        prev = text[max(0, seg_start - 1 - _MAX_ORG_LEN - 8) : seg_start - 1]
        found = _ending_role(prev, lex.roles)
        if found is None:
            break
        current = found
        end = seg_start - 1 - len(found)
    return chain


def _ending_role(segment: str, role_words: tuple[str, ...]) -> str | None:
    best = None
    for r in role_words:
        if segment.endswith(r) and (best is None or len(r) > len(best)):
            best = r
    return best


def _org(prefix: str, role: str) -> str | None:
    """The organisation a role belongs to, when the words before it end like one."""
    lex = roles()
    prefix = prefix.lstrip("—-－ ").removeprefix("中共")
    place = regions().pattern.search(prefix)
    if place is not None and place.start() > 0:
        prefix = prefix[place.start() :]  # 访重庆市委副书记: the org starts at the place
    if len(prefix) < 2 or len(prefix) > _MAX_ORG_LEN:
        return None
    for suffix in lex.org_suffixes:
        if prefix.endswith(suffix) and len(prefix) > len(suffix):
            return prefix
    # 涪陵区委书记, 重庆市委副书记: the org (涪陵区委) is glued to the role word
    if role[:2] in ("区委", "市委", "县委", "省委") and len(prefix) >= 2:
        return prefix + role[:2]
    return None


@cache
def _regional_org_pattern() -> re.Pattern[str]:
    places = [a for a, (_, level) in regions().by_alias.items() if level != "country"]
    suffixes = alternation(roles().regional_org_suffixes)
    return re.compile(
        rf"(?:{alternation(places)})(?:市|省|区|县)?"
        rf"(?P<middle>[\u4e00-\u9fff]{{0,{_MAX_ORG_MIDDLE}}}?)(?P<suffix>{suffixes})"
    )


def _regional_orgs(text: str) -> list[tuple[int, str]]:
    """重庆市统计局, 成都市产业数字化促进会: a place, a short name and an organisation ending."""
    lex = roles()
    places = regions().pattern
    out = []
    pattern = _regional_org_pattern()
    end = 0
    for place in places.finditer(text):
        if place.start() < end:
            continue
        m = pattern.match(text, place.start())
        if m is None:
            continue
        middle = m.group("middle")
        if _NOT_IN_ORG.search(middle) or places.search(middle):
            continue  # 重庆在…局, 重庆和四川统计局: a clause, not a name
        if m.group("suffix") in ("局", "厅"):
            before = text[m.start("suffix") - 1] if m.start("suffix") > 0 else ""
            if not middle or before in lex.not_org_before_ju:
                continue  # 发展格局, 服务大局
        out.append((m.start(), m.group()))
        end = m.end()
    return out


def _known_orgs(text: str) -> list[tuple[int, str]]:
    pattern = _known_org_pattern(roles().known_orgs)
    return [(m.start(), m.group()) for m in pattern.finditer(text)]


@cache
def _known_org_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(alternation(words))


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"
