"""Clean a decoded page into the article's own text, with bylines in fields and a quality record.

The steps run in this order, each a pure function in its own module:
HTML main text (html) -> pinyin glosses inside words (pinyin)
-> Traditional to Simplified, only for Traditional pages (script)
-> full-width to ASCII (normalise) -> spam terms and markers (spam) -> headline over the byline
(title) -> bylines (byline) -> site chrome (chrome) -> title and what sits above it (title)
-> repeated lines (lines) -> masked words (normalise) -> spin restoration (spin) -> quality flag.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from newslake.clean.byline import Byline, extract_bylines
from newslake.clean.chrome import strip_chrome
from newslake.clean.html import extract_html
from newslake.clean.lines import dedupe_lines, split_lines
from newslake.clean.normalise import count_masked, normalise_width
from newslake.clean.pinyin import is_systematic, remove_glosses
from newslake.clean.script import detect_script, to_simplified
from newslake.clean.spam import (
    is_spam,
    remove_markers,
    remove_spam,
    remove_spam_terms,
    spam_score,
)
from newslake.clean.spin import analyse_spin, is_spun
from newslake.clean.title import (
    drop_above_title,
    pick_title,
    remove_title,
    title_over_byline,
    unquote_title,
)
from newslake.records import Quality

__all__ = ["CleanedPage", "clean_page", "quality_flag"]

# Fewer Han characters than this and there is no article to speak of.
SHORT_HAN_CHARS = 100
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(slots=True)
class CleanedPage:
    """The article's own text and what the page says about itself, ready for a Document."""

    title: str | None
    published_at: datetime | None  # naive, local (Asia/Shanghai) time as written
    source: str | None  # 来源 / 数据来源 (publisher), Simplified
    author: str | None  # 记者/作者
    editor: str | None  # 责编/编辑
    text: str  # the cleaned body, Simplified, paragraphs separated by "\n"
    restored_text: str | None  # spin-restored body when substitutions were restored, else None
    original_script: str  # "hans" or "hant"
    quality: Quality


def quality_flag(*, spam: bool, short: bool, spun: bool, masked: bool) -> str:
    """One flag per page, most severe first: spam > short > spun > masked > ok.

    spam and short mean there is no usable article; spun and masked mean an article whose
    wording (spun: throughout, masked: a few words) cannot be taken at face value.
    """
    if spam:
        return "spam"
    if short:
        return "short"
    if spun:
        return "spun"
    if masked:
        return "masked"
    return "ok"


def _prepare(text: str, script: str) -> str:
    text = to_simplified(text) if script == "hant" else text
    return normalise_width(text)


def clean_page(raw_text: str, *, is_html: bool) -> CleanedPage:
    """Turn one decoded page into its article text, byline fields and quality record."""
    removed: Counter[str] = Counter()
    title: str | None = None
    byline = Byline()
    site_name = None
    body = raw_text
    if is_html:
        page = extract_html(raw_text)
        title, byline, body, site_name = page.title, page.byline, page.text, page.site_name
    # Glosses go before anything reads the words they split (地區(qū)生產(chǎn)總值).
    systematic = is_systematic(body)
    body, glosses = remove_glosses(body, systematic=systematic)
    if title:
        title, _ = remove_glosses(title, systematic=systematic)
    script = detect_script(body)
    lines = split_lines(_prepare(body, script))
    title_hits = 0
    if title:
        # an HTML title (<title>, og:title) carries the same injections as the body
        title, _ = remove_markers(_prepare(title, script))
        title, title_hits, _ = remove_spam_terms(title)
        title = unquote_title(title.strip()) or None

    def prepared(value: str | None) -> str | None:
        if not value:
            return None
        return _prepare(remove_glosses(value, systematic=systematic)[0], script).strip() or None

    byline = Byline(
        byline.published_at,
        prepared(byline.source),
        prepared(byline.author),
        prepared(byline.editor),
    )

    spam = remove_spam(lines)
    removed["spam"] += spam.lines_dropped
    headline = None if title else title_over_byline(spam.lines)
    lines, byline, n_byline = extract_bylines(spam.lines, byline)
    removed["byline"] += n_byline
    if is_html:
        # bylines the extractor left outside the article (date/来源 bars) fill remaining gaps
        page_text = remove_glosses(page.page_text, systematic=systematic)[0]
        _, from_page, _ = extract_bylines(split_lines(_prepare(page_text, script)))
        byline = byline.merged(from_page).merged(Byline(source=site_name))
    chrome = strip_chrome(lines)
    removed.update(chrome.removed)
    lines = chrome.lines
    byline = byline.merged(Byline(source=chrome.site_name))
    title = title or (unquote_title(chrome.mirror_title) if chrome.mirror_title else None)
    title = title or headline or pick_title(lines)
    if title:
        lines, n_above = drop_above_title(lines, title)
        removed["column_label"] += n_above
        lines, n_title = remove_title(lines, title)
        removed["title"] += n_title
    lines, n_dup = dedupe_lines(lines)
    removed["duplicate"] += n_dup

    text = "\n".join(lines)
    spin = analyse_spin(text)
    spun = is_spun(spin)
    masked = count_masked(text)
    score = spam_score(spam.spam_chars, len(text))
    quality = Quality(
        chars_before=len(raw_text),
        chars_after=len(text),
        lines_removed={k: v for k, v in sorted(removed.items()) if v},
        spam_hits=spam.hits + title_hits,
        spam_score=round(score, 4),
        spin_score=spin.score,
        spin_restored=spin.restored if spun else 0,
        masked_words=masked,
        pinyin_glosses=glosses,
        flag=quality_flag(
            spam=is_spam(score),
            short=len(_HAN.findall(text)) < SHORT_HAN_CHARS,
            spun=spun,
            masked=masked > 0,
        ),
    )
    return CleanedPage(
        title=title,
        published_at=byline.published_at,
        source=byline.source,
        author=byline.author,
        editor=byline.editor,
        text=text,
        restored_text=spin.restored_text if spun and spin.restored else None,
        original_script=script,
        quality=quality,
    )
