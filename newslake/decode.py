"""Decode a raw page's bytes to text: BOM, HTTP charset, <meta>, then detection.

Chinese pages mislabel themselves often: gb2312/gbk labels are decoded as gb18030 (their superset) and
big5 as cp950, and a declared charset that does not decode cleanly falls through to detection. A
single-byte label (iso-8859-1, windows-1252 …) on bytes that read as UTF-8 or as Chinese is the
label's mistake, as browsers effectively treat it; text that still shows UTF-8 Chinese read as
Latin-1 (mojibake such as "éåº") is a reject.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import cache

import charset_normalizer

# Decoding a label's superset never loses a character the label could hold.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb18030": "gb18030",
    "cp936": "gb18030",
    "hz-gb-2312": "gb18030",
    "big5": "cp950",
    "big5-hkscs": "big5hkscs",
    "big5hkscs": "big5hkscs",
    "cp950": "cp950",
    "x-x-big5": "cp950",
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY_MAGIC = {
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"%PDF": "PDF document",
    b"PK\x03\x04": "ZIP archive",
    b"\x1f\x8b": "gzip data",
    b"RIFF": "RIFF media",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_HTML_SNIFF = re.compile(r"<(!doctype html|html|head|body|div|p|meta|title)[\s>/]", re.IGNORECASE)
_DETECT_CANDIDATES = ["utf_8", "gb18030", "cp950", "big5hkscs"]

# Share of U+FFFD above which a page is not worth cleaning: its figures could be garbled.
MAX_REPLACEMENT_SHARE = 0.002
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# A Chinese character's three UTF-8 bytes (lead E4-E9) shown as Latin-1 or windows-1252.
_CONTINUATION = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122"
)
_MOJIBAKE = re.compile(f"[\u00e4-\u00e9][{_CONTINUATION}]{{2}}")
MIN_MOJIBAKE = 8  # garbled characters before a page counts as mojibake


class DecodeError(ValueError):
    """A page whose bytes are not a readable text page; the message is the reject reason."""


@dataclass(frozen=True, slots=True)
class DecodedPage:
    text: str
    encoding: str
    is_html: bool


def normalise_label(label: str | None) -> str | None:
    """Map a charset label to the codec we decode it with, or None if Python does not know it."""
    if not label:
        return None
    key = label.strip().strip("\"'").lower()
    if key in _SUPERSETS:
        return _SUPERSETS[key]
    try:
        return codecs.lookup(key).name
    except LookupError:
        return None


def decode_page(
    data: bytes, *, declared_charset: str | None = None, content_type: str | None = None
) -> DecodedPage:
    """Decode bytes to text or raise DecodeError with a reason a person can act on."""
    if not data.strip():
        raise DecodeError("empty page")
    for magic, kind in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise DecodeError(f"binary content ({kind}), not a text page")
    text, encoding = _decode(data, declared_charset)
    if "\x00" in text:
        raise DecodeError("binary content (NUL bytes), not a text page")
    garbled = len(_MOJIBAKE.findall(text))
    if garbled >= MIN_MOJIBAKE and garbled > len(_CJK.findall(text)):
        raise DecodeError(
            f"mojibake: {garbled} Chinese characters appear as UTF-8 bytes read as Latin-1 "
            f"(decoded as {encoding}); the page was mis-encoded before it reached us"
        )
    bad = text.count("\ufffd")
    if bad and bad / max(len(text), 1) > MAX_REPLACEMENT_SHARE:
        raise DecodeError(
            f"undecodable bytes: {bad} replacement characters in {len(text)} "
            f"after decoding as {encoding}"
        )
    is_html = (content_type or "").split(";")[0].strip().lower() in (
        "text/html",
        "application/xhtml+xml",
    ) or bool(_HTML_SNIFF.search(text[:4000]))
    return DecodedPage(text=text, encoding=encoding, is_html=is_html)


def _decode(data: bytes, declared: str | None) -> tuple[str, str]:
    # A BOM is the strongest evidence there is (WHATWG sniffing lets it override even HTTP).
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), codec.replace("-sig", "")
    for label in (declared, _meta_charset(data)):
        labelled = normalise_label(label)
        if labelled is None:
            continue
        if _single_byte(labelled) and not data.isascii():
            sniffed = _sniff_cjk(data)
            if sniffed is not None:
                return sniffed
        text = _strict(data, labelled) or _tolerant(data, labelled)
        if text is not None:
            return text, labelled
    return _detect(data)


@cache
def _single_byte(codec: str) -> bool:
    """Whether every byte is one character in this codec (latin-1, windows-1252, koi8-r …)."""
    try:
        return len(bytes(range(256)).decode(codec, errors="replace")) == 256 and (
            len(b"\xe4\xb8\xad".decode(codec, errors="replace")) == 3
        )
    except LookupError:
        return False


def _sniff_cjk(data: bytes) -> tuple[str, str] | None:
    """UTF-8, or a Chinese encoding in which the page reads as Chinese, before a single-byte label."""
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    try:
        text, codec = _detect(data)
    except DecodeError:
        return None
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    if non_ascii and len(_CJK.findall(text)) >= 0.5 * non_ascii:
        return text, codec
    return None


def _tolerant(data: bytes, codec: str) -> str | None:
    """A decode with a few stray bytes replaced: scraped pages often carry one or two."""
    try:
        text = data.decode(codec, errors="replace")
    except LookupError:
        return None
    return text if _replacement_share(text) <= MAX_REPLACEMENT_SHARE else None


def _replacement_share(text: str) -> float:
    return text.count("\ufffd") / max(len(text), 1)


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "ignore") if match else None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        if codec == "cp950":  # Hong Kong pages use characters only big5hkscs has
            return _strict(data, "big5hkscs")
        return None


def _detect(data: bytes) -> tuple[str, str]:
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    # Both GB18030 and Big5 accept many byte strings; let a detector judge which reads as language.
    clean = {c: t for c in ("gb18030", "cp950") if (t := _strict(data, c)) is not None}
    if len(clean) == 1:
        codec, text = next(iter(clean.items()))
        return text, codec
    best = charset_normalizer.from_bytes(data, cp_isolation=_DETECT_CANDIDATES).best()
    if best is not None:
        codec = normalise_label(best.encoding) or best.encoding
        if codec.startswith("big5") and "cp950" in clean:
            codec = "cp950"  # the common Big5 table; HKSCS only where cp950 fails
        if codec in clean:
            return clean[codec], codec
        return data.decode(codec, errors="replace"), codec
    if not clean:
        # No codec reads every byte: take the one that needs the fewest replacements, if few.
        tolerated = {
            c: t for c in ("utf-8", "gb18030", "cp950") if (t := _tolerant(data, c)) is not None
        }
        if tolerated:
            codec = min(tolerated, key=lambda c: _replacement_share(tolerated[c]))
            return tolerated[codec], codec
        raise DecodeError("undecodable bytes: not UTF-8, GB18030 or Big5")
    codec, text = next(iter(clean.items()))
    return text, codec
