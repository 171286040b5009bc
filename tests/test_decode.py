"""Decoding: labels, supersets, BOMs, detection and the rejects for bytes that are not text pages."""

from __future__ import annotations

import codecs
import random

import pytest

from newslake.decode import DecodeError, decode_page, normalise_label

SIMPLIFIED = "2023年，重庆市实现地区生产总值30145.79亿元，同比增长6.1%。堃、镕两字只在GB18030里。"
TRADITIONAL = "重慶市地區生產總值增長6.1%，為中國式現代化貢獻更多重慶力量。"


def test_gb2312_label_is_decoded_as_gb18030() -> None:
    page = f'<html><head><meta charset="gb2312"></head><body><p>{SIMPLIFIED}</p></body></html>'
    decoded = decode_page(page.encode("gb18030"))
    assert decoded.encoding == "gb18030"
    assert "堃、镕" in decoded.text
    assert decoded.is_html


def test_gbk_without_any_declaration_is_detected() -> None:
    decoded = decode_page((SIMPLIFIED * 3).encode("gbk"))
    assert decoded.encoding == "gb18030"
    assert decoded.text.startswith("2023年，重庆市")
    assert not decoded.is_html


def test_big5_without_declaration_is_detected() -> None:
    decoded = decode_page((TRADITIONAL * 3).encode("cp950"))
    assert decoded.encoding in ("cp950", "big5hkscs")
    assert decoded.text.startswith("重慶市地區生產總值")


def test_http_charset_wins_over_meta_when_it_decodes() -> None:
    page = f'<meta charset="utf-8"><p>{TRADITIONAL}</p>'.encode("cp950")
    decoded = decode_page(page, declared_charset="big5", content_type="text/html")
    assert decoded.encoding == "cp950"
    assert TRADITIONAL in decoded.text


def test_wrong_declaration_falls_through_to_detection() -> None:
    decoded = decode_page(SIMPLIFIED.encode("utf-8"), declared_charset="gbk")
    assert decoded.encoding == "utf-8"
    assert decoded.text == SIMPLIFIED


def test_bom_is_honoured_and_stripped() -> None:
    decoded = decode_page(codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"))
    assert decoded.text == SIMPLIFIED


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty page"),
        (b"  \n\t ", "empty page"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"%PDF-1.7 ...", "PDF document"),
        (b"abc\x00\x00def\x00", "NUL bytes"),
    ],
)
def test_non_pages_are_rejected_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        decode_page(data)


def test_random_bytes_are_rejected() -> None:
    data = random.Random(7).randbytes(4000)
    with pytest.raises(DecodeError, match=r"undecodable bytes|NUL bytes"):
        decode_page(data)


def test_label_normalisation() -> None:
    assert normalise_label("GB2312") == "gb18030"
    assert normalise_label(" Big5 ") == "cp950"
    assert normalise_label("utf8") == "utf-8"
    assert normalise_label("no-such-charset") is None


def test_one_stray_byte_in_a_gbk_page_is_tolerated_and_many_are_not() -> None:
    body = "重庆市2023年地区生产总值突破3万亿元,同比增长6.1%。" * 40
    page = b"<html><head><meta charset=gbk></head><body>" + body.encode("gb18030")
    stray = page[:200] + b"\xff" + page[200:]
    decoded = decode_page(stray)
    assert decoded.encoding == "gb18030"
    assert decoded.text.count("\ufffd") == 1
    assert "地区生产总值突破3万亿元" in decoded.text

    garbled = bytearray(page)
    for i in range(100, len(garbled), 40):
        garbled[i] = 0xFF
    with pytest.raises(DecodeError, match="undecodable bytes"):
        decode_page(bytes(garbled))


def test_undeclared_gbk_with_a_stray_byte_is_still_detected() -> None:
    body = "成都市社会消费品零售总额首次突破万亿元大关,同比增长10%以上。" * 80
    data = body.encode("gb18030")
    data = data[:301] + b"\xff" + data[301:]
    decoded = decode_page(data)
    assert decoded.encoding == "gb18030"
    assert "社会消费品零售总额" in decoded.text


MISLABELLED = (
    '<html><head><meta charset="iso-8859-1"><title>重庆市经济运行</title></head>'
    f"<body><p>{SIMPLIFIED}</p></body></html>"
)


@pytest.mark.parametrize("label", ["iso-8859-1", "latin1", "windows-1252", "us-ascii"])
def test_utf8_behind_a_single_byte_label_is_read_as_utf8(label: str) -> None:
    data = MISLABELLED.encode("utf-8")
    for decoded in (
        decode_page(data),  # the label in <meta>
        decode_page(data, declared_charset=label, content_type="text/html"),  # in HTTP
    ):
        assert decoded.encoding == "utf-8"
        assert SIMPLIFIED in decoded.text


def test_gbk_behind_a_single_byte_label_is_detected() -> None:
    decoded = decode_page(MISLABELLED.encode("gbk"), declared_charset="iso-8859-1")
    assert decoded.encoding == "gb18030" and SIMPLIFIED[:20] in decoded.text


def test_latin1_pages_still_read_as_latin1() -> None:
    page = "<p>Le café est très bon à Genève, où les élèves étudient.</p>".encode("latin-1")
    assert decode_page(page, declared_charset="iso-8859-1").text.startswith("<p>Le café")


def test_text_that_is_already_mojibake_is_rejected() -> None:
    garbled = MISLABELLED.encode("utf-8").decode("latin-1")  # "éåºå¸" …, stored as UTF-8
    with pytest.raises(DecodeError, match=r"mojibake: 3\d Chinese characters"):
        decode_page(garbled.encode("utf-8"))
    with pytest.raises(DecodeError, match="mojibake"):
        decode_page(MISLABELLED.encode("utf-8").decode("cp1252", "replace").encode("utf-8"))
    one_word = SIMPLIFIED + "（英文名 Chongqing, café）"
    assert decode_page(one_word.encode("utf-8")).text == one_word
