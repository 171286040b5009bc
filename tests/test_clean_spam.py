from newslake.clean.spam import is_spam, remove_markers, remove_spam, remove_spam_terms, spam_score


def test_glued_terms_are_cut_and_the_sentence_kept():
    line = "尊龙百家乐川渝党政八次握手第八次会议d88尊龙注册下载4年来,两边你来我往。"
    cleaned, hits, chars = remove_spam_terms(line)
    assert cleaned == "川渝党政八次握手第八次会议4年来,两边你来我往。"
    assert hits == 2
    assert chars == len("尊龙百家乐") + len("d88尊龙注册下载")


def test_terms_of_each_category_are_removed():
    for term in ("新葡京", "威尼斯人", "彩金", "真人百家乐", "澳门新葡京官网"):
        cleaned, hits, _ = remove_spam_terms(f"重庆经济{term}稳中向好。")
        assert cleaned == "重庆经济稳中向好。", term
        assert hits == 1


def test_suffix_alone_is_not_spam():
    line = "企业可在平台注册下载申报材料。"
    assert remove_spam_terms(line) == (line, 0, 0)


def test_marker_runs_are_removed_but_zero_and_placeholders_kept():
    assert remove_markers("除了实地查核▼▼,又有连线★。") == ("除了实地查核,又有连线。", 3)
    assert remove_markers("二○二三年,王□□表示") == ("二○二三年,王□□表示", 0)


def test_a_line_of_nothing_but_spam_is_dropped():
    result = remove_spam(["尊龙百家乐官网 新葡京 彩金", "正文第一句。"])
    assert result.lines == ["正文第一句。"]
    assert result.lines_dropped == 1
    assert result.hits == 3


def test_spam_score_and_flag():
    assert spam_score(0, 100) == 0.0
    assert not is_spam(spam_score(10, 990))
    assert is_spam(spam_score(60, 100))
