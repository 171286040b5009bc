from pathlib import Path

import opencc
import pytest

from newslake.clean.script import detect_script, overrides, to_simplified


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


# --- the converter: opencc-python-reimplemented with our corrections ---------------------------

CJK = [chr(c) for c in range(0x4E00, 0xA000)]


def test_only_the_design_converter_provides_the_opencc_module():
    """opencc-python-reimplemented and the OpenCC binding install the same module: never both."""
    import importlib.metadata

    import opencc

    assert importlib.metadata.version("opencc-python-reimplemented") == "0.1.7"
    with pytest.raises(importlib.metadata.PackageNotFoundError):
        importlib.metadata.version("OpenCC")
    assert Path(opencc.__file__).parent.name == "opencc"
    assert hasattr(opencc.OpenCC("t2s"), "convert")


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("擡頭看", "抬头看"),
        ("牴觸情緒", "抵触情绪"),
        ("臨街店舖", "临街店铺"),
        ("遶道而行", "绕道而行"),
        ("拚命三郎", "拼命三郎"),
        ("劄記一則", "札记一则"),
        ("幷且", "并且"),
        ("扞衛權益", "捍卫权益"),
        ("搧風", "扇风"),
        ("箚子", "札子"),
        ("袷衣", "夹衣"),
        ("谿谷", "溪谷"),
        ("狐貍", "狐狸"),
        ("逕行辦理", "径行办理"),
        ("甯先生", "甯先生"),
        ("甦醒", "苏醒"),
    ],
)
def test_characters_the_reimplementation_gets_wrong_are_corrected(
    traditional: str, simplified: str
) -> None:
    assert to_simplified(traditional) == simplified


def test_corrections_are_exactly_where_the_plain_converter_differs_from_ours():
    """Every listed character still needs its correction, and nothing else in the CJK block moves.

    If a new release of the converter gets one right by itself, this says which row to drop.
    """
    plain = opencc.OpenCC("t2s")
    ours = {c: to_simplified(c) for c in CJK}
    differ = {c for c in CJK if plain.convert(c) != ours[c]}
    assert differ == set(overrides()), sorted(differ ^ set(overrides()))
    # 13 Traditional characters the plain converter leaves as they are
    left_alone = sorted(c for c in differ if plain.convert(c) == c)
    assert "".join(left_alone) == "劄幷扞拚搧擡牴箚舖袷谿貍遶", left_alone
    assert {c: plain.convert(c) for c in differ - set(left_alone)} == {"逕": "迳", "甯": "宁"}


def test_corrected_characters_count_as_traditional():
    assert detect_script("擡舖遶牴逕" * 4 + "經濟") == "hant"
    assert detect_script("甯" * 20) == "hans"  # kept as it is: a Simplified page can carry it


def test_corrections_apply_inside_longer_traditional_text():
    text = "重慶市區店舖租金擡升,「兩江新區」逕行審批。"
    assert to_simplified(text) == "重庆市区店铺租金抬升,“两江新区”径行审批。"
