import pytest

from newslake.clean.chrome import chrome_reason, strip_chrome

BODY = "成渝地区双城经济圈实现地区生产总值5.52万亿元,同比增长2.2%,占全国比重稳步提高,发展势头良好。"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("人民网>>重庆频道>>区县>>要闻", "breadcrumb"),
        ("首页 / 区域 / 四川", "breadcrumb"),
        ("当前位置:首页 > 经济 > 正文", "breadcrumb"),
        ("小字号", "font_size"),
        ("分享让更多人看到", "share"),
        ("返回顶部", "back_to_top"),
        ("留言成功后,负责人将会在24小时内答复您。", "contact_form"),
        ("把想要咨询的问题和遇到的困难留言告诉我们,我们将尽全力帮到您", "contact_form"),
        ("立即咨询", "contact_form"),
        ("关闭", "print_close"),
        ("【打印本页】【关闭窗口】【纠错】", "print_close"),
        ("Copyright © 2024 重庆日报网 版权所有", "copyright"),
        ("渝ICP备12345678号-1", "copyright"),
        ("活动现场。敖民极摄", "photo_credit"),
        ("图片来源:本公司", "photo_credit"),
        ("封面照片来源:本公司", "photo_credit"),
        ("本篇文章2075字,读完约5分钟", "reading_time"),
        ("《 人民日报 》( 2023年01月18日 03 版)", "print_edition"),
        ("标题:“产业革新主攻智能制造!”", "mirror_meta"),
        ("地址:http://www.example.com.cn/bxxw/2611.html", "mirror_meta"),
        ("上一篇:重庆2023年地区生产总值突破3万亿元", "prev_next"),
        ("本文转自四川日报网,版权归原作者所有。", "disclaimer"),
        ("【字体:大 中 小】【打印】【关闭】", "print_close"),
        ("姓名:", "contact_form"),
        ("留言内容:", "contact_form"),
        ("提交 重置", "contact_form"),
    ],
)
def test_chrome_lines_anywhere(line, reason):
    assert chrome_reason(line, at_edge=False) == reason


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("标签:成渝 经济圈 重庆 成都", "tags"),
        ("主办:重庆两江新区管理委员会 地址:重庆市渝北区金渝大道 电话:023-67880000", "site_footer"),
        ("建议使用1024×768分辨率 IE8.0以上版本浏览", "site_footer"),
        ("联系我们", "contact_form"),
        ("上游新闻", "site_name"),
    ],
)
def test_page_frame_lines_at_the_edges(line, reason):
    assert chrome_reason(line, at_edge=True) == reason
    assert chrome_reason(line, at_edge=False) is None


def test_menus_only_count_at_the_edges():
    assert chrome_reason("今日要闻 贸易指南 风险预警", at_edge=True) == "nav_menu"
    assert chrome_reason("今日要闻 贸易指南 风险预警", at_edge=False) is None
    assert chrome_reason("人民网", at_edge=True) == "site_name"


@pytest.mark.parametrize(
    "line",
    [
        BODY,
        "数实融合 共谋产业集群高质量发展",
        "记者:重庆将如何认真贯彻落实中央经济工作会议精神?",
        "三次产业结构调整为6.9:38.8:54.3。",
        "新闻发布会的现场",
    ],
)
def test_body_lines_are_not_chrome(line):
    assert chrome_reason(line, at_edge=True) is None


def test_teaser_block_after_the_body_goes():
    lines = [
        "今日要闻",
        BODY,
        "数实融合 共谋产业集群",
        BODY + "。",
        "本网专稿",
        "别的文章标题",
        "别的摘要。",
    ]
    result = strip_chrome(lines)
    assert result.lines == [BODY, "数实融合 共谋产业集群", BODY + "。"]
    assert result.removed == {"nav_menu": 1, "teasers": 3}


def test_mirror_title_is_kept_for_the_title():
    result = strip_chrome([BODY, "标题:重庆计划3年内万家公司上云", "地址:http://a.cn/1.html"])
    assert result.mirror_title == "重庆计划3年内万家公司上云"
    assert result.removed == {"mirror_meta": 2}


def test_teaser_heading_with_a_colon_starts_the_block():
    result = strip_chrome([BODY, "相关链接:", "两江新区2024年重点项目集中开工", "川渝两地联合发布"])
    assert result.lines == [BODY]
    assert result.removed == {"teasers": 3}


def test_site_name_on_top_is_reported_as_the_publisher():
    assert strip_chrome(["人民网", "人民网>>重庆频道", BODY]).site_name == "人民网"
    assert strip_chrome([BODY, "人民网"]).site_name is None
