from tasks.clean.title import pick_title, remove_title, unquote_title

BODY = "中华人民共和国成立70周年,重庆市经济社会的快速发展也发生了翻天覆地的变化,成绩斐然。"


def test_first_heading_before_the_body():
    assert pick_title(["永川:打造成渝地区双城经济圈重要数字经济集聚区", BODY]) == (
        "永川:打造成渝地区双城经济圈重要数字经济集聚区"
    )


def test_no_heading_before_the_body_means_no_title():
    assert pick_title([BODY, "数实融合 共谋产业集群高质量发展"]) is None


def test_subtitles_and_sentences_are_not_titles():
    assert pick_title(["——访重庆市委副书记、市长胡衡华", "为中国式现代化贡献更多重庆力量"]) == (
        "为中国式现代化贡献更多重庆力量"
    )


def test_wrapping_quotes_go_but_inner_quotes_stay():
    assert unquote_title("“产业革新!重庆计划“上云上平台””") == "产业革新!重庆计划“上云上平台”"
    assert unquote_title("“双城”建设提速") == "“双城”建设提速"


def test_title_repeats_are_removed_and_glued_title_cut():
    title = "川渝党政八次握手"
    lines = [title, title + "4年来,两边你来我往" + "。" * 60, "“川渝党政八次握手”"]
    kept, removed = remove_title(lines, title)
    assert removed == 2
    assert kept[0].startswith("4年来")
