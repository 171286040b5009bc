from tasks.clean.spin import analyse_spin, is_spun

SPUN = (
    "本年前三季度,成渝地域双城经济圈杀青地域临盆总值5.9万亿元、同比伸长6.2%,占寰宇比重6.5%;"
    "邦度开展更动委饱舞双城经济圈筑造,代外们走进智能呆板人工业园。"
)


def test_spun_figures_are_restored():
    result = analyse_spin(SPUN)
    assert "实现地区生产总值5.9万亿元" in result.restored_text
    assert "同比增长6.2%" in result.restored_text
    assert "占全国比重" in result.restored_text
    assert "国家发展改革委推动双城经济圈建设,代表们" in result.restored_text
    assert "机器人" in result.restored_text
    assert is_spun(result)


def test_real_words_without_spin_context_are_kept():
    honest = "地域文化各具特色,弹簧伸长后恢复原状,寰宇之内皆知,这部电影已经杀青。取代外资的计划。"
    result = analyse_spin(honest)
    assert result.restored_text == honest
    assert result.restored == 0
    assert not is_spun(result)


def test_one_odd_word_is_not_spinning():
    result = analyse_spin("这是邦度的事情。" + "重庆经济稳中向好。" * 5)
    assert result.restored == 1
    assert not is_spun(result)
