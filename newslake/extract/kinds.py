"""Whether a figure is a goal (target) or a result (actual), from the words around it.

A goal word (力争, 将, 预计, 要实现) makes every figure after it a goal, up to the end of its part of
the sentence (a ； closes it): `内资…2956.93亿元,预计全年…3300亿元;外资…98.57亿美元` has one goal,
not three. A word announcing a list of goals (主要预期目标, 提出) reaches the end of the sentence.
"""

from __future__ import annotations

import re
from functools import cache

from newslake.extract.lexicon import alternation, metrics

_SEMICOLON = re.compile(r"[；;]")
# 初步预计 (a preliminary estimate) is how statistics offices report a result before it is final.
_PRELIMINARY = re.compile(r"初步预计|初步预测")


@cache
def _cues() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = metrics()
    return re.compile(alternation(lex.target_announce)), re.compile(alternation(lex.target_cues))


def blank_metrics(sentence: str) -> str:
    """The sentence with metric names blanked: 人均预期寿命 holds 预期 but is no goal word."""
    return metrics().pattern.sub(lambda m: " " * len(m.group()), sentence)


def is_goal(cue_text: str, start: int, end: int, qualifier_spans: list[tuple[int, int]]) -> bool:
    """Whether the figures of a row spanning cue_text[start:end] are stated as goals: a goal word
    before its last figure, in the same part of the sentence (a ； closes the part).

    `cue_text` has metric names blanked; `qualifier_spans` blank qualifiers (将近 holds 将).
    """
    chars = list(cue_text)
    for a, b in qualifier_spans:
        chars[a:b] = " " * (b - a)
    text = _PRELIMINARY.sub(lambda m: " " * len(m.group()), "".join(chars))
    scope = 0
    for m in _SEMICOLON.finditer(text, 0, start):
        scope = m.end()
    announce, cue = _cues()
    # a list announced as goals (主要预期目标建议:A增长5.7%以上;B增长5%以上) runs past its ；
    if announce.search(text, 0, end):
        return True
    if cue.search(text, scope, end):
        return True
    opening = cue.match(text.lstrip())
    if opening is not None and opening.end() <= 3 and opening.end() <= start:
        return (
            True  # 确保A完成480亿元;B完成152亿元: a goal word opening the sentence governs its list
        )
    return text.startswith("目标", end) or text.startswith("的目标", end)  # 增长8%的目标


def announces_goals(text: str) -> bool:
    """Whether a line announces goals (主要预期目标, 发展目标): the heading of a list of them."""
    return _cues()[0].search(text) is not None


def estimate_only(cue_text: str, start: int, end: int) -> bool:
    """The only goal word around the row is 预计/预期: an estimate, which for a period already
    over reports a result rather than a goal."""
    window = cue_text[max(0, start - 30) : end + 3]
    _announce, cue = _cues()
    words = {m.group() for m in cue.finditer(window)}
    return bool(words) and words <= set(metrics().estimate_cues)
