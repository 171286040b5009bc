"""Sentences and paragraphs of a cleaned text: extraction reads one sentence at a time and stores
offsets into the text, so a wrong boundary splits a figure from its metric or shifts every span."""

from __future__ import annotations

import pytest

from newslake.extract.sentences import Sentence, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "全市经济稳中有进。工业生产加快！投资增速如何？",
            ["全市经济稳中有进。", "工业生产加快！", "投资增速如何？"],
        ),
        ("Growth held up! Did it? Yes.", ["Growth held up!", "Did it?", "Yes."]),
        ("真的吗？！确实如此。", ["真的吗？！", "确实如此。"]),
        ("他说:“增长很快。”随后离开。", ["他说:“增长很快。”", "随后离开。"]),
        ("通报称「总体平稳。」会后散会。", ["通报称「总体平稳。」", "会后散会。"]),
        ("最后一句没有句号", ["最后一句没有句号"]),
    ],
)
def test_a_sentence_ends_at_a_full_stop_with_its_closing_quote(
    text: str, expected: list[str]
) -> None:
    assert texts(text) == expected


def test_a_decimal_point_or_a_semicolon_does_not_end_a_sentence() -> None:
    text = "上半年,地区生产总值增长5.6%;其中,第二产业增长6.2%。全年目标不变。"
    assert texts(text) == ["上半年,地区生产总值增长5.6%;其中,第二产业增长6.2%。", "全年目标不变。"]
    assert texts("一季度；二季度。") == ["一季度；二季度。"]


def test_a_line_break_ends_a_sentence_and_starts_a_paragraph() -> None:
    text = (
        "经济运行总体平稳\n规模以上工业增加值增长7.1%。社会消费品零售总额增长4.3%。\n投资继续回升。"
    )
    assert split_sentences(text) == [
        Sentence("经济运行总体平稳", 0, 0),
        Sentence("规模以上工业增加值增长7.1%。", 9, 1),
        Sentence("社会消费品零售总额增长4.3%。", 25, 1),
        Sentence("投资继续回升。", 42, 2),
    ]


def test_a_blank_line_counts_as_a_paragraph_of_its_own() -> None:
    paragraphs = [s.paragraph for s in split_sentences("第一段。\n\n第二段。\n\n\n第三段。")]
    assert paragraphs == [0, 2, 5]


def test_offsets_point_at_the_sentence_in_the_text_after_whitespace_is_trimmed() -> None:
    text = "  标题行  \n\t正文第一句。   正文第二句!\r\n  \n末句"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["标题行", "正文第一句。", "正文第二句!", "末句"]
    for s in sentences:
        assert text[s.start : s.start + len(s.text)] == s.text


def test_runs_of_stops_stay_with_their_sentence() -> None:
    assert texts("增长了。。。然后呢??好") == ["增长了。。。", "然后呢??", "好"]


@pytest.mark.parametrize("text", ["", "   ", "\n\n", " \n\t\n "])
def test_an_empty_or_blank_text_has_no_sentences(text: str) -> None:
    assert split_sentences(text) == []


def test_a_bare_stop_is_a_sentence_but_whitespace_between_stops_is_not() -> None:
    assert split_sentences("。 \n ！") == [Sentence("。", 0, 0), Sentence("！", 4, 1)]
