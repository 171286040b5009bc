from newslake.clean.normalise import count_masked, normalise_width


def test_full_width_digits_letters_and_punctuation():
    assert normalise_width("增长６．２％,ＧＤＰ达到１２３亿元:") == "增长6.2%,GDP达到123亿元:"
    assert normalise_width("（责编：黄凌）") == "(责编:黄凌)"


def test_chinese_punctuation_outside_the_ascii_block_stays():
    assert normalise_width("增长。“双城”、《规划》") == "增长。“双城”、《规划》"


def test_masked_words_are_counted_and_asterisks_kept():
    text = "以**制造业为骨干。*后是坚持需求导向。打造***汽车品牌,“*大增量”。"
    assert count_masked(text) == 4
    assert normalise_width(text) == text


def test_bullets_are_not_masked_words():
    assert count_masked("* 第一项\n5 * 3") == 0
