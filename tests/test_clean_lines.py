from newslake.clean.lines import dedupe_lines, split_lines


def test_split_trims_and_drops_blank_lines():
    assert split_lines("  第一段。\n\n\u3000\u3000第二段  有空格。\n") == [
        "第一段。",
        "第二段 有空格。",
    ]


def test_repeated_lines_are_kept_once():
    lines = ["活动现场。", "正文。", "活动现场。", "“标题”", "标题"]
    assert dedupe_lines(lines) == (["活动现场。", "正文。", "“标题”"], 2)
