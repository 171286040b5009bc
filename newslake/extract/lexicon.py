"""Loads the extraction lexicons (TOML data files) once per process and compiles their regexes."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from newslake.settings import LEXICON_DIR


def _load(name: str) -> dict:
    with (LEXICON_DIR / name).open("rb") as fh:
        return tomllib.load(fh)


_NOTHING = "(?!)"  # what no words match: never, not the empty string everywhere


def alternation(words: Iterable[str]) -> str:
    """A regex matching any of the words, the longest one wherever several match.

    Built as a trie (common prefixes factored out): Python's `re` tries the branches of a plain
    alternation one by one at every position, which costs as much as the word list is long.
    """
    trie: dict = {}
    for word in set(words):
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie) if trie else _NOTHING


def starts_with(words: Iterable[str], extra: str = "") -> str:
    """A lookahead for the first characters of the words (plus `extra`, a character-class body).

    Put before a pattern whose branches open with optional parts or lookbehinds: `re` then
    cannot skip positions by their first character and tries every branch at each one.
    """
    chars = "".join(sorted({re.escape(w[0]) for w in words if w})) + extra
    return f"(?=[{chars}])" if chars else _NOTHING


def _trie_pattern(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:  # the word may stop here: try the longer words first (greedy), then stop
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
    return body


@dataclass(frozen=True, slots=True)
class MetricLexicon:
    by_synonym: dict[str, tuple[str, str]]  # lower-cased synonym -> (canonical, unit_kind)
    growth_only: frozenset[str]  # synonyms that name the metric only right before a growth word
    clause_only: frozenset[str]  # synonyms that name it only at a clause start before a figure
    synonym_regions: dict[str, str]  # lower-cased synonym -> region it implies (国内生产总值)
    stocks: frozenset[str]  # canonical names of levels at a point in time (常住人口, 存款余额)
    parts: dict[str, dict[str, str]]  # parent -> {child's name -> the child within the parent}
    pattern: re.Pattern[str]
    units: dict[str, tuple[str, float, str]]
    multipliers: dict[str, float]
    prefix_qualifiers: dict[str, str]
    infix_qualifiers: dict[str, str]
    suffix_qualifiers: dict[str, str]
    growth_up: tuple[str, ...]
    growth_down: tuple[str, ...]
    growth_prefix: tuple[str, ...]
    growth_infix: tuple[str, ...]
    growth_fillers: tuple[str, ...]
    growth_basis: tuple[str, ...]
    contribution: tuple[str, ...]
    not_growth: tuple[str, ...]
    target_cues: tuple[str, ...]
    metric_left: tuple[str, ...]
    target_announce: tuple[str, ...]
    estimate_cues: tuple[str, ...]
    respectively: tuple[str, ...]
    default_units: dict[str, str]


@cache
def metrics() -> MetricLexicon:
    data = _load("metrics.toml")
    by_synonym: dict[str, tuple[str, str]] = {}
    growth_only: set[str] = set()
    clause_only: set[str] = set()
    for m in data["metric"]:
        extra = [*m.get("growth_only", []), *m.get("clause_only", [])]
        for syn in {m["name"], *m["synonyms"], *extra}:
            by_synonym[syn.lower()] = (m["name"], m["unit_kind"])
        growth_only.update(w.lower() for w in m.get("growth_only", []))
        clause_only.update(w.lower() for w in m.get("clause_only", []))
    q = data["qualifiers"]
    cues = data["cues"]
    return MetricLexicon(
        by_synonym=by_synonym,
        growth_only=frozenset(growth_only),
        clause_only=frozenset(clause_only),
        synonym_regions={k.lower(): v for k, v in data.get("synonym_regions", {}).items()},
        stocks=frozenset(m["name"] for m in data["metric"] if m.get("stock")),
        parts={m["name"]: dict(m["parts"]) for m in data["metric"] if m.get("parts")},
        pattern=re.compile(starts_with(by_synonym) + alternation(list(by_synonym)), re.IGNORECASE),
        units={k: (v[0], float(v[1]), v[2]) for k, v in data["units"].items()},
        multipliers={k: float(v) for k, v in data["multipliers"].items()},
        prefix_qualifiers=dict(q["prefix"]),
        infix_qualifiers=dict(q["infix"]),
        suffix_qualifiers=dict(q["suffix"]),
        growth_up=tuple(cues["growth_up"]),
        growth_down=tuple(cues["growth_down"]),
        growth_prefix=tuple(cues["growth_prefix"]),
        growth_infix=tuple(cues["growth_infix"]),
        growth_fillers=tuple(cues["growth_fillers"]),
        growth_basis=tuple(cues["growth_basis"]),
        contribution=tuple(cues["contribution"]),
        not_growth=tuple(cues["not_growth"]),
        target_cues=tuple(cues["target"]),
        metric_left=tuple(cues["metric_left"]),
        target_announce=tuple(cues["target_announce"]),
        estimate_cues=tuple(cues["estimate"]),
        respectively=tuple(cues["respectively"]),
        default_units=dict(data["default_units"]),
    )


@dataclass(frozen=True, slots=True)
class RegionLexicon:
    by_alias: dict[str, tuple[str, str]]  # alias -> (canonical, level)
    pattern: re.Pattern[str]
    exclude_after: dict[str, tuple[str, ...]]
    exclude_before: dict[str, tuple[str, ...]]
    parent: dict[str, str]  # canonical -> canonical name of the region it belongs to


@cache
def regions() -> RegionLexicon:
    data = _load("regions.toml")
    by_alias: dict[str, tuple[str, str]] = {}
    for r in data["region"]:
        for alias in {r["name"], *r.get("aliases", [])}:
            by_alias[alias] = (r["name"], r["level"])
    return RegionLexicon(
        by_alias=by_alias,
        pattern=re.compile(alternation(list(by_alias))),
        exclude_after={k: tuple(v) for k, v in data.get("exclude_after", {}).items()},
        exclude_before={k: tuple(v) for k, v in data.get("exclude_before", {}).items()},
        parent={r["name"]: r["parent"] for r in data["region"] if "parent" in r},
    )


@dataclass(frozen=True, slots=True)
class RoleLexicon:
    roles: tuple[str, ...]
    role_pattern: re.Pattern[str]
    org_suffixes: tuple[str, ...]
    known_orgs: tuple[str, ...]
    regional_org_suffixes: tuple[str, ...]
    not_org_before_ju: str
    name_followers: tuple[str, ...]
    surnames: frozenset[str]
    double_surnames: tuple[str, ...]


@cache
def roles() -> RoleLexicon:
    data = _load("roles.toml")
    return RoleLexicon(
        roles=tuple(data["roles"]),
        role_pattern=re.compile(alternation(data["roles"])),
        org_suffixes=tuple(sorted(data["org_suffixes"], key=len, reverse=True)),
        known_orgs=tuple(data["known_orgs"]),
        regional_org_suffixes=tuple(data["regional_org_suffixes"]),
        not_org_before_ju=data["not_org_before_ju"],
        name_followers=tuple(data["name_followers"]),
        surnames=frozenset(c for c in data["surnames"] if not c.isspace()),
        double_surnames=tuple(data["double_surnames"]),
    )
