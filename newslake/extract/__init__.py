"""Indicator and mention extraction: pure functions from cleaned text to rows.

EXTRACTOR_VERSION is stored with every row; bump it whenever a rule or a lexicon changes so
that `newslake run --reprocess` can tell stale rows from current ones.
"""

from newslake.extract.indicators import extract_indicators
from newslake.extract.mentions import extract_mentions

# 2024.2: year context for 全年/年末, home region, restatements, 分别 over regions, more metrics,
# organisations named after places.
# 2026.12: real pages: page periods (title, dateline, date line), sentence subjects over the
# page's, headings and goal lists, plan-end levels, spans, restated growth, thresholds, tables.
EXTRACTOR_VERSION = "2026.12"

__all__ = ["EXTRACTOR_VERSION", "extract_indicators", "extract_mentions"]
