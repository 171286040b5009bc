from newslake.clean.script import detect_script, to_simplified


def test_traditional_page_is_detected_and_converted():
    text = "為中國式現代化貢獻更多重慶力量,推動成渝地區雙城經濟圈建設。"
    assert detect_script(text) == "hant"
    assert to_simplified(text) == "为中国式现代化贡献更多重庆力量,推动成渝地区双城经济圈建设。"


def test_simplified_page_is_left_alone():
    assert detect_script("推动成渝地区双城经济圈建设,显著提升经济实力。") == "hans"
    assert detect_script("GDP 5.9") == "hans"


def test_a_few_traditional_characters_do_not_make_a_page_traditional():
    text = "重庆经济稳中向好,发展势头良好,各项指标持续改善。" * 4 + "於"
    assert detect_script(text) == "hans"


def test_corner_quotes_become_mainland_quotes():
    assert to_simplified("「成渝地區」『極核』") == "“成渝地区”‘极核’"
