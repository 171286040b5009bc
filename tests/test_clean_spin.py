from newslake.clean.spin import analyse_spin, is_spun

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


def test_statistical_terms_and_figures_are_restored():
    spun = "四川省范畴以上工业增加值伸长6.1%。个中,新能源汽车临盆50.0万辆,力争冲破10万亿元,严重项目落地。"
    restored = analyse_spin(spun).restored_text
    assert restored == (
        "四川省规模以上工业增加值增长6.1%。其中,新能源汽车生产50.0万辆,力争突破10万亿元,"
        "重大项目落地。"
    )


def test_real_uses_of_those_words_are_kept():
    honest = "冲破思想束缚,个中滋味,问题很严重,严重影响生产,孕妇临盆在即。"
    assert analyse_spin(honest).restored == 0
