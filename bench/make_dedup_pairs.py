"""Generate the labelled near-duplicate pairs in tests/expected/duplicates/ from a seeded article composer.

Articles are composed from sentence templates with `[a|b]` alternations and `{fact}` slots, so two
reports about the same event share facts and stock phrases but not wording. Every document is a
whole page as a scraper saves it: a site's chrome (removed by newslake.clean) and the site's own
recurring lines (kept by newslake.clean, found by newslake.boilerplate) around the article; Traditional
sites publish in Traditional script. The pipeline's cleaning turns a page back into text.

Positives are copies of one article on another site: reposts with 5-40% of the text edited,
Traditional twins, trimmed copies, a paragraph dropped or added, synonym-spun copies. Negatives:
an independent report of the same event, two reports quoting the same statistics release verbatim,
the same outlet's report on the next release (same wording, new figures), two briefs of one site.
Run: `.venv/bin/python bench/make_dedup_pairs.py` (deterministic).
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import opencc

SEED = 20240604
REPO = Path(__file__).resolve().parents[1]
OUT_DIR = REPO / "tests" / "expected" / "duplicates"
LEXICONS = REPO / "tasks" / "lexicons"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "建国志强伟明晓东海波永红军平华文杰涛斌勇俊峰磊鹏辉超飞宇浩然一鸣子健思远嘉欣雨婷静怡晨曦立新庆丰德胜光荣世豪振宇家明春燕秀英丽娟玉兰"
CQ_DISTRICTS = [
    "万州",
    "涪陵",
    "渝中",
    "大渡口",
    "江北",
    "沙坪坝",
    "九龙坡",
    "南岸",
    "北碚",
    "綦江",
    "大足",
    "渝北",
    "巴南",
    "黔江",
    "长寿",
    "江津",
    "合川",
    "永川",
    "南川",
    "璧山",
    "铜梁",
    "潼南",
    "荣昌",
    "开州",
    "梁平",
    "武隆",
]
SC_CITIES = [
    "成都",
    "自贡",
    "泸州",
    "德阳",
    "绵阳",
    "广元",
    "遂宁",
    "内江",
    "乐山",
    "南充",
    "眉山",
    "宜宾",
    "广安",
    "达州",
    "雅安",
    "资阳",
]
ZONES = [
    "两江新区",
    "天府新区",
    "西部科学城",
    "川渝高竹新区",
    "遂潼川渝毗邻地区一体化发展先行区",
    "万达开川渝统筹发展示范区",
    "明月山绿色发展示范带",
    "泸永江融合发展示范区",
    "内江荣昌现代农业高新技术产业示范区",
    "合广长协同发展示范区",
]
INDUSTRIES = [
    "电子信息",
    "汽车",
    "装备制造",
    "特色消费品",
    "先进材料",
    "生物医药",
    "新能源",
    "智能网联新能源汽车",
    "软件和信息服务",
    "绿色食品",
    "数字经济",
    "现代物流",
    "文化旅游",
    "清洁能源装备",
    "集成电路",
    "航空航天",
]
THEMES = [
    "交通基础设施互联互通",
    "现代产业体系协同共建",
    "科技创新中心联合打造",
    "生态环境共建共保",
    "公共服务便利共享",
    "体制机制改革创新",
    "内陆开放高地共同建设",
    "巴蜀文化旅游走廊建设",
    "现代高效特色农业带建设",
    "成渝中部地区协同崛起",
    "能源保障能力提升",
    "要素市场一体化",
]
OUTLETS = [
    "重庆日报",
    "四川日报",
    "华龙网",
    "川观新闻",
    "上游新闻",
    "封面新闻",
    "人民网重庆频道",
    "新华网四川频道",
    "成都日报",
    "重庆晨报",
    "第一财经",
    "经济参考报",
]

# Publishing sites. Chrome lines are ones newslake.clean removes; `own` lines are each site's recurring
# slogans and notices (newslake.clean keeps them) with the share of its pages that carry them.
SITE_NAMES = [
    ("cqcj.example.cn", "渝川财经网", ""),
    ("scjj.example.cn", "蜀道经济网", ""),
    ("bashu.example.com", "巴蜀观察", ""),
    ("cydaily.example.cn", "成渝日报网", ""),
    ("xibu.example.net", "西部商报", ""),
    ("tianfu.example.cn", "天府财讯", ""),
    ("liangjiang.example.cn", "两江新闻网", ""),
    ("jialing.example.com", "嘉陵江晚报", ""),
    ("chuanyu.example.cn", "川渝头条", ""),
    ("shudu.example.net", "蜀都时报", ""),
    ("hk.example.com", "香港成渝经济网", "s2hk"),
    ("tw.example.com", "两岸财经导报", "s2twp"),
    ("hant.example.org", "华文经济周刊", "s2t"),
    ("oversea.example.org", "海外华人财经", "s2t"),
]
SITE_TOP = [
    "首页 > 新闻中心 > {section}",
    "当前位置：首页 >> {section} >> 正文",
    "【字体：大 中 小】　打印本页　关闭窗口",
    "小字号",
    "分享到：微信 微博 QQ空间",
    "{name}",
]
SITE_BOTTOM = [
    "责任编辑：{editor}",
    "【纠错】【责任编辑：{editor}】",
    "扫一扫在手机打开当前页",
    "声明：本文转自{outlet}，版权归原作者所有，如有侵权请联系删除。",
    "相关阅读：{teaser}",
    "本文链接：https://{host}/{num}.html",
    "上一篇：{teaser}",
]
SITE_OWN = [
    "{name}原创稿件，转载请注明出处",
    "本栏目由{name}与{partner}联合推出，敬请关注",
    "“{column}”融媒报道，讲好成渝故事",
    "欢迎下载{name}客户端，第一时间获取川渝财经资讯",
    "{name}诚邀各界提供新闻线索，一经采用即付稿酬",
    "以上内容仅供参考，不构成投资建议",
    "本网评论员文章及专栏观点不代表{name}立场",
    "编者按：成渝地区双城经济圈建设提出以来，{name}推出“{column}”专栏，记录两地协同发展的新进展新变化。",
    "{column}｜{name}带您看川渝",
]
SECTIONS = ["要闻", "财经", "区域经济", "川渝合作", "双城记", "数据"]
COLUMNS = ["双城记", "成渝观察", "数读川渝", "川渝一家亲", "巴蜀新语"]
PARTNERS = ["重庆市发展改革委", "四川省经济合作局", "成渝双城经济研究院", "西部金融中心研究会"]


@dataclass(frozen=True)
class Site:
    host: str
    name: str
    script: str  # "" for Simplified, else the OpenCC conversion the site's text went through
    top: tuple[str, ...]
    bottom: tuple[str, ...]
    own: tuple[tuple[str, float], ...]  # (line, share of the site's pages that carry it)
    style: tuple[bool, bool, bool]  # half-width punctuation, full-width digits, indented paragraphs


def make_sites(rng: random.Random) -> list[Site]:
    sites = []
    for host, name, script in SITE_NAMES:
        facts = {
            "name": name,
            "host": host,
            "section": rng.choice(SECTIONS),
            "column": rng.choice(COLUMNS),
            "partner": rng.choice(PARTNERS),
        }
        top = tuple(t.replace("{section}", facts["section"]) for t in rng.sample(SITE_TOP, 3))
        bottom = tuple(rng.sample(SITE_BOTTOM, 3))
        own = tuple(
            (line.format(**facts), rng.choice((1.0, 1.0, 0.8, 0.5, 0.3)))
            for line in rng.sample(SITE_OWN, rng.randint(2, 4))
        )
        style = (rng.random() < 0.4, rng.random() < 0.2, rng.random() < 0.5)
        sites.append(Site(host, name, script, top, bottom, own, style))
    return sites


def render(
    rng: random.Random, site: Site, article: Article, event: dict[str, str], scripts: dict
) -> tuple[str, int]:
    """The page a scraper saves: chrome, title, dateline, body, chrome, the site's own lines."""
    facts = {
        "name": site.name,
        "host": site.host,
        "outlet": rng.choice(OUTLETS),
        "editor": person(rng),
        "teaser": f"{rng.choice(SC_CITIES)}：{rng.choice(THEMES)}取得新进展",
        "num": rng.randint(10**6, 10**7),
    }
    top = [t.format(**facts) for t in site.top if rng.random() < 0.8]
    date = f"{event['year']}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    dateline = f"来源：{facts['outlet']}　　发布时间：{date}"
    body = ["".join(s for _, s in p) for p in article.paragraphs]
    bottom = [t.format(**facts) for t in site.bottom if rng.random() < 0.8]
    own = [line for line, share in site.own if rng.random() < share]
    text = "\n".join([*top, article.title, dateline, *body, *bottom, *own])
    text = restyle(text, site.style)
    if site.script:
        script = scripts[site.script]
        text = script.convert(text)
        if rng.random() < 0.7:
            text = "".join(TRAD_VARIANTS.get(c, c) if rng.random() < 0.8 else c for c in text)
    return text, len(own)


# Sentence templates by article kind and role. `[a|b|c]` picks one alternative; `{x}` is a fact.
COMMON = {
    "policy": [
        "[推动|助推|加快推进|扎实推进]成渝地区双城经济圈建设[走深走实|取得新进展|迈上新台阶|提质增效]，"
        "是[以习近平同志为核心的党中央|党中央]作出的重大战略决策。",
        "[近年来|四年来|一段时间以来]，川渝两地[坚持|始终坚持|牢牢把握]“一盘棋”思维、一体化发展理念，"
        "[合力|携手|共同][唱好|打造|推进]“双城记”。",
        "[各方|与会人员|与会代表][一致认为|普遍认为|表示]，要[牢牢把握|紧紧围绕|聚焦]“一极一源、两中心两地”目标定位，"
        "[推动|促进]重大[改革|政策|项目][协同|联动|共推]落地。",
        "[业内人士|专家|有关负责人][指出|认为|表示]，[下一步|接下来|今后]将[持续|进一步|继续]"
        "[深化|强化|拓展]{theme}，[为|助力][全国|西部地区]高质量发展[拓展空间|增添动能|提供支撑]。",
        "[这|此举|这一系列举措][标志着|意味着|体现了]{zone}建设[进入|迈入|步入]了[新阶段|快车道|全面起势阶段]。",
        "[同时|此外|与此同时]，两地[将|还将|计划][围绕|聚焦|瞄准]{theme}，[谋划|储备|推出]一批[重大项目|重点任务|改革事项]。",
    ],
    "outlook": [
        "[下一步|接下来|面向未来]，{region}将[坚持|继续坚持|始终坚持]稳中求进工作总基调，[着力|全力|奋力]"
        "[扩大有效需求|推动产业升级|稳住经济大盘]，[确保|力争|推动]全年目标任务[圆满完成|顺利完成|如期实现]。",
        "{person}[表示|强调|指出]，要[坚定|牢固]树立[“一盘棋”|一体化]思想，[把|将]{theme}[作为|当作]"
        "[重中之重|头等大事|关键抓手]，[加快|全力]推进[标志性|牵引性|示范性]项目建设。",
        "[据悉|据了解|记者了解到]，{zone}[今年|明年|年内]还将[新开工|集中签约|加快推进]重点项目{n_projects2}个，"
        "总投资约{invest2}亿元。",
        "[展望|谈及|对于]下一阶段[工作|发展]，[受访专家|{person}|业内人士][认为|表示]，"
        "{industry}产业[仍有较大|具备广阔|蕴含巨大][提升空间|发展潜力|增长空间]。",
    ],
}

KIND_TEMPLATES: dict[str, dict[str, list[str]]] = {
    "meeting": {
        "title": [
            "{meeting}在{venue}召开",
            "川渝{meeting}举行 [签署|签订]{n_agreements}项合作[协议|文件]",
            "[聚焦|围绕]{theme} {meeting}在{venue}[举行|召开]",
            "[携手|合力]共建双城经济圈 {meeting}[召开|举行]",
        ],
        "lead": [
            "{date}，{meeting}在{venue}[召开|举行]。{person}[主持会议并讲话|出席会议并讲话|主持会议]，"
            "{person2}[出席会议|讲话|作交流发言]。",
            "[记者从|据]{outlet}[获悉|消息]，{date}，{meeting}在{venue}[举行|召开]，会议[审议通过|研究部署|听取]了"
            "[有关|相关]工作[报告|安排|方案]。",
            "{date}，[川渝两地|重庆四川两省市]党政主要负责同志[齐聚|相聚|来到]{venue}，[出席|参加]{meeting}。",
        ],
        "body": [
            "会议[审议|研究|讨论]了《{plan}》，[明确|提出|部署]了{theme}等{n_tasks}项重点任务。",
            "会上，两地[签署|签订|集中签约]了{n_agreements}项[合作协议|合作文件|协议]，涉及{theme}、{theme2}等领域。",
            "[会议|会上][发布|公布]了{n_projects}个[重大项目|合作项目|共建项目]，总投资{invest}亿元。",
            "会议[指出|认为|强调]，{theme}[取得|实现|收获][明显|积极|显著][成效|进展]，{zone}[建设|发展]"
            "[加快推进|全面提速|稳步推进]。",
            "{person}[指出|强调|说]，要[以|把]{theme}[为|作为][抓手|突破口|切入点]，[推动|促进]"
            "{industry}等产业[协同|错位|互补]发展。",
            "[会前|会议期间|此前]，与会人员[实地考察|调研|参观]了{venue}{industry}[项目|企业|园区]"
            "[建设情况|发展情况|生产线]。",
            "[据介绍|据悉|会上通报]，[今年以来|截至目前|两年来]，两地[共同|合力]推进重大项目{n_projects}个，"
            "[完成投资|累计完成投资|年度完成投资]{invest}亿元，[投资完成率|完成率|年度计划完成率]达{pct}%。",
            "会议[要求|强调]，要[健全|完善|优化]{theme2}[机制|体系|制度]，[推动|促进][更多|一批]改革事项"
            "[联动|协同|同步]落地。",
            "[会议|会上]还[通报|介绍|总结]了第{n_prev}次会议[确定|部署]事项[落实|推进|办理]情况。",
            "[两地|双方]还将[共同|联合|携手][争取|推动]国家层面[支持|出台]{n_tasks}项[政策|改革举措|试点事项]。",
        ],
    },
    "stats": {
        "title": [
            "{period}{region}GDP[同比增长|增长]{gdp_growth}%",
            "{region}{period}经济运行[稳中有进|稳中向好|持续回升向好]",
            "{period}{region}地区生产总值[达|突破|超过]{gdp}亿元",
            "[数读|数据看|一图读懂]{region}{period}经济“成绩单”",
        ],
        "lead": [
            "{date}，{region}统计局[发布|公布]{period}经济运行[情况|数据]。",
            "[记者|{outlet}记者]{date}从{region}统计局[获悉|了解到]，{period}，{region}经济运行[稳中有进|稳中向好|持续恢复]。",
            "{date}，{region}政府新闻办[举行|召开]新闻发布会，[介绍|通报]{period}[全市|全省|全区]经济运行情况。",
        ],
        "body": [
            "[根据|据][地区生产总值|GDP]统一核算结果，{period}{region}[实现|完成]地区生产总值{gdp}亿元，"
            "[按不变价格计算|按可比价格计算]，同比增长{gdp_growth}%。",
            "[分产业看|从产业看]，第一产业增加值{gdp1}亿元，增长{g1}%；第二产业增加值{gdp2}亿元，增长{g2}%；"
            "第三产业增加值{gdp3}亿元，增长{g3}%。",
            "[工业生产|工业经济][稳步|持续|加快][回升|增长]。{period}，[全市|全省]规模以上工业增加值同比增长{ind_growth}%，"
            "其中{industry}产业增长{ind2_growth}%。",
            "[消费市场|市场消费][持续恢复|稳步回暖|活力增强]，社会消费品零售总额{retail}亿元，[同比增长|增长]{retail_growth}%。",
            "[固定资产投资|投资][保持|实现][稳定|平稳]增长，[同比|比上年同期]增长{inv_growth}%，其中工业投资增长{ind_inv}%。",
            "[对外贸易|外贸进出口][量稳质升|逆势增长|保持增长]，货物进出口总额{trade}亿元，[同比增长|增长]{trade_growth}%。",
            "[居民收入|城乡居民收入][稳步|持续]增加，城镇常住居民人均可支配收入{income}元，增长{inc_growth}%。",
            "{region}统计局[相关负责人|新闻发言人]{person}[表示|介绍]，{period}[主要指标|经济指标][好于预期|总体平稳|稳中有升]，"
            "[但|不过|同时]也要看到外部环境[复杂严峻|不确定性增多]。",
            "[从|就]{industry}[来看|看]，{period}产量[同比增长|增长]{ind2_growth}%，[拉动|带动]规上工业增长"
            "{pull}个百分点。",
            "[居民消费价格|CPI][温和上涨|总体平稳|同比上涨]{cpi}%，[物价|市场价格]保持[基本稳定|总体稳定]。",
        ],
    },
    "project": {
        "title": [
            "{region}集中签约{n_projects}个项目 总投资{invest}亿元",
            "{zone}[招商引资|项目建设]再[添|结]硕果",
            "[总投资|投资]{invest}亿元 {region}{n_projects}个重大项目集中[签约|开工]",
        ],
        "lead": [
            "{date}，{region}{n_projects}个重大项目集中[签约|开工]，总投资{invest}亿元，[涵盖|涉及]{industry}、"
            "{industry2}等领域。",
            "{date}，[{region}|{zone}][举行|举办]{year}年[第{n_prev}季度|重点]项目集中[签约|开工]活动。",
        ],
        "body": [
            "[此次|本次][签约|开工]项目中，{industry}项目{n_tasks}个，[占比|比重]达{pct}%，[产业链|链条]带动作用[明显|突出]。",
            "{person}[表示|介绍]，[项目|这些项目]建成[投产|达产]后，预计[年产值|年营业收入]可达{gdp}亿元，"
            "[新增|带动]就业{jobs}人。",
            "[其中|值得一提的是]，[投资|总投资]最大的{industry2}项目[由|系]{company}投资建设，计划{year}年底建成。",
            "[近年来|今年以来]，{zone}[聚焦|围绕|瞄准]{industry}[主导产业|产业链][精准招商|延链补链强链]，"
            "[累计|先后][引进|落地]项目{n_projects2}个。",
            "[据了解|据悉]，[今年|年内]{region}[计划|将][实施|推进]重点项目{n_projects2}个，年度计划投资{invest2}亿元。",
            "[签约|活动]现场，{company}[负责人|董事长]表示，[看好|选择落户]{region}[是因为|主要是]"
            "[区位优势明显|产业配套完善|营商环境优良]。",
        ],
    },
    "logistics": {
        "title": [
            "西部陆海新通道{period}[运输|发运]货物{teu}万标箱",
            "中欧班列（成渝）{period}开行{trains}列 [同比增长|增长]{trade_growth}%",
            "{region}[国际物流|开放通道][跑出|按下]“加速度”",
        ],
        "lead": [
            "[记者|{outlet}记者]{date}从{region}[口岸物流办|商务委|交通运输部门]获悉，{period}，"
            "中欧班列（成渝）累计开行{trains}列。",
            "{date}，一列[满载|装载]{industry}产品的西部陆海新通道班列从{venue}[驶出|发车]，[标志着|意味着]"
            "{period}通道运量[突破|超过]{teu}万标箱。",
        ],
        "body": [
            "{period}，西部陆海新通道[运输|发运]货物{teu}万标箱，[同比增长|增长]{trade_growth}%，[货值|货物货值]{trade}亿元。",
            "[目前|截至目前]，通道[辐射|通达]{n_countries}个国家和地区的{n_ports}个港口，[货物品类|运输品类]增至"
            "{n_tasks}百余种。",
            "{person}[介绍|表示]，[川渝两地|两地]联合[推动|实施]{theme2}，班列[运行时间|全程时效][压缩|缩短]了{pct}%。",
            "[从|就]货物结构[看|来看]，{industry}产品[占比|比重]{pct}%，[成为|是]通道[第一大|主要]货类。",
            "[与此同时|此外]，{zone}[加快|积极]建设[陆港型|商贸服务型]国家物流枢纽，[集聚|引进]物流企业{n_projects2}家。",
        ],
    },
}


def pick(rng: random.Random, template: str, facts: dict[str, str]) -> str:
    """Fill one template: each `[a|b]` takes a random alternative, each `{x}` its fact."""
    text = re.sub(r"\[([^\]]*)\]", lambda m: rng.choice(m.group(1).split("|")), template)
    return text.format(**facts)


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def make_event(rng: random.Random, kind: str) -> dict[str, str]:
    """Facts of one event: every report about it shares these names and figures."""
    year = rng.randint(2020, 2025)
    cq, sc = rng.choice(CQ_DISTRICTS), rng.choice(SC_CITIES)
    region = rng.choice(["重庆市", "四川省", f"{sc}市", f"重庆市{cq}区", f"{sc}市", f"{cq}区"])
    gdp = rng.randint(800, 32000)
    g1, g2, g3 = (round(rng.uniform(2.0, 8.5), 1) for _ in range(3))
    themes = rng.sample(THEMES, 2)
    industries = rng.sample(INDUSTRIES, 2)
    n_meeting = rng.randint(3, 12)
    return {
        "kind": kind,
        "year": str(year),
        "date": f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
        "region": region,
        "venue": rng.choice([f"{sc}市", f"重庆市{cq}区", rng.choice(ZONES)]),
        "zone": rng.choice(ZONES),
        "meeting": rng.choice(
            [
                f"重庆四川党政联席会议第{n_meeting}次会议",
                f"推动成渝地区双城经济圈建设重庆四川党政联席会议第{n_meeting}次会议",
                f"{rng.choice(ZONES)}建设推进会",
                f"川渝{rng.choice(THEMES)}专项工作组第{n_meeting}次会议",
                f"{cq}{sc}合作联席会议",
            ]
        ),
        "n_prev": str(n_meeting - 1),
        "plan": rng.choice(
            [
                f"{year}年共建成渝地区双城经济圈重大项目名单",
                f"{rng.choice(ZONES)}建设方案",
                f"{rng.choice(THEMES)}行动计划",
                "深化川渝合作重点任务清单",
            ]
        ),
        "person": person(rng),
        "person2": person(rng),
        "theme": themes[0],
        "theme2": themes[1],
        "industry": industries[0],
        "industry2": industries[1],
        "company": rng.choice(["中国", "四川", "重庆", "西部", "长江", "天府"])
        + rng.choice(["电子", "汽车", "能源", "化工", "智造", "物流", "新材料", "医药"])
        + rng.choice(["集团", "股份有限公司", "科技有限公司", "控股公司"]),
        "period": rng.choice(["一季度", "上半年", "前三季度", "1—8月", "1—5月", f"{year}年"]),
        "gdp": str(gdp),
        "gdp1": str(round(gdp * rng.uniform(0.05, 0.12), 2)),
        "gdp2": str(round(gdp * rng.uniform(0.3, 0.45), 2)),
        "gdp3": str(round(gdp * rng.uniform(0.45, 0.6), 2)),
        "gdp_growth": str(round(rng.uniform(3.5, 9.0), 1)),
        "g1": str(g1),
        "g2": str(g2),
        "g3": str(g3),
        "ind_growth": str(round(rng.uniform(2.0, 12.0), 1)),
        "ind2_growth": str(round(rng.uniform(2.0, 30.0), 1)),
        "retail": str(round(gdp * rng.uniform(0.3, 0.5), 1)),
        "retail_growth": str(round(rng.uniform(1.0, 12.0), 1)),
        "inv_growth": str(round(rng.uniform(-3.0, 10.0), 1)),
        "ind_inv": str(round(rng.uniform(2.0, 18.0), 1)),
        "trade": str(round(gdp * rng.uniform(0.1, 0.3), 1)),
        "trade_growth": str(round(rng.uniform(-5.0, 25.0), 1)),
        "income": str(rng.randint(32000, 56000)),
        "inc_growth": str(round(rng.uniform(3.0, 7.0), 1)),
        "cpi": str(round(rng.uniform(-0.5, 2.5), 1)),
        "pull": str(round(rng.uniform(0.3, 3.0), 1)),
        "n_agreements": str(rng.randint(5, 40)),
        "n_projects": str(rng.randint(8, 300)),
        "n_projects2": str(rng.randint(20, 400)),
        "n_tasks": str(rng.randint(3, 30)),
        "invest": str(rng.randint(50, 9000)),
        "invest2": str(rng.randint(100, 12000)),
        "pct": str(round(rng.uniform(20, 95), 1)),
        "jobs": str(rng.randint(300, 20000)),
        "teu": str(round(rng.uniform(5, 90), 1)),
        "trains": str(rng.randint(800, 6000)),
        "n_countries": str(rng.randint(60, 125)),
        "n_ports": str(rng.randint(200, 550)),
    }


@dataclass
class Article:
    """A report as paragraphs of sentences, remembering each sentence's template for rewording."""

    title: str
    paragraphs: list[list[tuple[str, str]]]  # (template, sentence)

    def text(self) -> str:
        body = ["".join(s for _, s in p) for p in self.paragraphs]
        return "\n".join([self.title, *body])


def compose(rng: random.Random, event: dict[str, str], n_paragraphs: int) -> Article:
    """Write one report of an event: a lead, body paragraphs of 2-3 sentences, maybe an outlook.

    Templates are dealt without replacement, so a report never states a figure twice; a report
    ends early when its kind's templates run out.
    """
    facts = dict(event, outlet=rng.choice(OUTLETS))
    kind = KIND_TEMPLATES[event["kind"]]

    def deal(pool: list[str], n: int) -> list[tuple[str, str]]:
        return [(t, pick(rng, t, facts)) for t in rng.sample(pool, min(n, len(pool)))]

    title = pick(rng, rng.choice(kind["title"]), facts)
    paragraphs = [deal(kind["lead"], 1)]
    sizes = [rng.randint(2, 3) for _ in range(n_paragraphs)]
    body = deal(kind["body"] + COMMON["policy"], sum(sizes))
    for size in sizes:
        if body:
            paragraphs.append(body[:size])
            body = body[size:]
    if rng.random() < 0.7:
        paragraphs.append(deal(COMMON["outlook"], rng.randint(1, 2)))
    return Article(title, paragraphs)


def restyle(text: str, style: tuple[bool, bool, bool]) -> str:
    """What a site does to form, not content: half-width punctuation, full-width digits, indents."""
    half, wide_digits, indent = style
    if half:
        text = text.translate(
            str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")"})
        )
    if wide_digits:
        text = re.sub(r"\d", lambda m: chr(ord(m.group()) + 0xFEE0), text)
    if indent:
        text = "\n".join("　　" + line for line in text.split("\n"))
    return text


def edit_share(a: Article, b: Article) -> float:
    """Share of the two bodies' characters that are not in common runs (1 - difflib ratio)."""
    body_a = "".join(s for p in a.paragraphs for _, s in p)
    body_b = "".join(s for p in b.paragraphs for _, s in p)
    return round(1 - SequenceMatcher(None, body_a, body_b, autojunk=False).ratio(), 3)


def new_paragraph(rng: random.Random, event: dict[str, str]) -> list[tuple[str, str]]:
    kind = KIND_TEMPLATES[event["kind"]]
    pool = kind["body"] + COMMON["policy"] + COMMON["outlook"]
    facts = dict(event, outlet=rng.choice(OUTLETS))
    return [(t, pick(rng, t, facts)) for t in rng.sample(pool, rng.randint(2, 3))]


MAX_EDIT = 0.40
# How reposting sites edit: cut and add passages, swap a sentence for another, reword one. Rewording
# scattered through the whole text is spinning (the `spun` kind, or the stress set below).
OPS = ("drop", "add", "rewrite", "reword")


def repost(rng: random.Random, base: Article, event: dict[str, str], target: float) -> Article:
    """A copy with about `target` of its text edited: paragraphs dropped or added, sentences
    reworded (same template, other wording) or rewritten (another template)."""
    kind = KIND_TEMPLATES[event["kind"]]
    facts = dict(event, outlet=rng.choice(OUTLETS))
    copy = Article(base.title, [list(p) for p in base.paragraphs])
    for _ in range(200):
        if edit_share(base, copy) >= target:
            break
        paragraphs = [list(p) for p in copy.paragraphs]
        op = rng.choice(OPS)
        if op == "drop" and len(paragraphs) > 3:
            paragraphs.pop(rng.randrange(1, len(paragraphs)))
        elif op == "add":
            paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), new_paragraph(rng, event))
        elif op in ("reword", "rewrite"):
            i = rng.randrange(len(paragraphs))
            j = rng.randrange(len(paragraphs[i]))
            template = paragraphs[i][j][0]
            if op == "rewrite":
                template = rng.choice(kind["body"] + COMMON["policy"])
            paragraphs[i][j] = (template, pick(rng, template, facts))
        edited = Article(base.title, paragraphs)
        if edit_share(base, edited) <= MAX_EDIT:  # an edit that overshoots is not made
            copy = edited
    return copy


def paragraph_edit(rng: random.Random, base: Article, event: dict[str, str]) -> tuple[Article, str]:
    """The same article with exactly one body paragraph dropped or one added."""
    paragraphs = [list(p) for p in base.paragraphs]
    if rng.random() < 0.5:
        paragraphs.pop(rng.randrange(1, len(paragraphs)))
        return Article(base.title, paragraphs), "dropped"
    paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), new_paragraph(rng, event))
    return Article(base.title, paragraphs), "added"


def trimmed(rng: random.Random, base: Article) -> tuple[Article, float]:
    """The first 55-85% of the body, cut at a sentence end, as sites that show a teaser do."""
    total = sum(len(s) for p in base.paragraphs for _, s in p)
    keep = rng.uniform(0.55, 0.85) * total
    paragraphs: list[list[tuple[str, str]]] = []
    kept = 0
    for p in base.paragraphs:
        part = []
        for template, sentence in p:
            if kept + len(sentence) > keep and kept > 0.5 * total:
                break
            part.append((template, sentence))
            kept += len(sentence)
        if part:
            paragraphs.append(part)
        if len(part) < len(p):
            break
    tail = rng.choice(["", "（未完）", "点击阅读全文", "阅读原文"])
    if tail:
        paragraphs.append([("", tail)])
    return Article(base.title, paragraphs), round(1 - kept / total, 3)


# Substitutions a spinning tool makes. Those in newslake/lexicons/spin_substitutions.tsv are reversed
# by newslake.clean when their context is certain; these others (seen in seed 001) are not.
OTHER_SPIN = {"合作": "合营", "成果": "收获", "今年": "本年", "首次": "初次", "考察": "查核",
              "进行": "实行", "突破": "冲破", "明确": "光显", "关键": "紧急", "全面": "周至",
              "提升": "提拔", "作为": "行动", "分别": "分裂", "战略": "战术", "机遇": "时机"}  # fmt: skip
SPIN_RATE = 0.9  # share of occurrences a spinner replaces


def spin_table() -> dict[str, str]:
    """original -> spun form, from the cleaner's lexicon (its reverse) and OTHER_SPIN."""
    table = dict(OTHER_SPIN)
    with (LEXICONS / "spin_substitutions.tsv").open(encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    for row in rows[1:]:
        if not row[0].startswith("#") and len(row) >= 2 and row[0] != "spun":
            table.setdefault(row[1], row[0])
    return table


def spun(rng: random.Random, base: Article, table: dict[str, str]) -> Article:
    """The article with synonyms substituted throughout, title included."""
    pattern = re.compile("|".join(re.escape(w) for w in sorted(table, key=len, reverse=True)))

    def sub(text: str) -> str:
        return pattern.sub(
            lambda m: table[m.group()] if rng.random() < SPIN_RATE else m.group(), text
        )

    paragraphs = [[(t, sub(s)) for t, s in p] for p in base.paragraphs]
    return Article(sub(base.title), paragraphs)


def next_release(rng: random.Random, event: dict[str, str]) -> dict[str, str]:
    """The same region's next statistics release: new period, date and figures."""
    fresh = make_event(rng, "stats")
    keep = ("kind", "region", "venue", "zone", "person", "person2", "theme", "theme2", "industry")
    return fresh | {k: event[k] for k in keep} | {"industry2": event["industry2"]}


def brief(rng: random.Random, event: dict[str, str]) -> Article:
    """A news brief: title, a lead and one or two sentences."""
    full = compose(rng, event, 1)
    return Article(full.title, [full.paragraphs[0], full.paragraphs[1][: rng.randint(1, 2)]])


# Characters a Traditional site writes differently from OpenCC's s2t, as seen in real pages
# (Taiwan and Hong Kong standards, older variants); t2s does not always map them back.
TRAD_VARIANTS = {"着": "著", "裏": "裡", "爲": "為", "綫": "線", "衞": "衛", "啓": "啟", "衆": "眾",
                 "説": "說", "羣": "群", "峯": "峰", "臺": "台", "麪": "麵", "喫": "吃", "彊": "疆"}  # fmt: skip


@dataclass(frozen=True)
class Script:
    convert: Callable[[str], str]


ROLES = ("repost", "repost", "script_twin", "trimmed", "paragraph", "spun")


def generate(
    seed: int = SEED, n_events: int = 240, n_briefs: int = 30
) -> tuple[list[dict], list[dict]]:
    """Return (documents, pairs): each pair names two documents and says if they are copies."""
    rng = random.Random(seed)
    scripts = {name: Script(opencc.OpenCC(name).convert) for name in ("s2t", "s2hk", "s2twp")}
    sites = make_sites(rng)
    simplified = [s for s in sites if not s.script]
    traditional = [s for s in sites if s.script]
    table = spin_table()
    docs: list[dict] = []
    pairs: list[dict] = []

    def add_doc(site: Site, article: Article, event: dict[str, str]) -> str:
        doc_id = f"d{len(docs):04d}"
        page, own = render(rng, site, article, event, scripts)
        # `own`: how many of the page's last lines are the site's recurring lines (for scoring
        # newslake.boilerplate); everything else on the page is chrome or the article
        docs.append({"doc_id": doc_id, "site": site.host, "own": own, "page": page})
        return doc_id

    def add_pair(a: str, b: str, kind: str, label: int, **extra: object) -> None:
        pairs.append(
            {"pair_id": f"p{len(pairs):04d}", "a": a, "b": b, "kind": kind, "label": label}
        )
        pairs[-1].update({k: v for k, v in extra.items() if v is not None})

    kinds = list(KIND_TEMPLATES)
    n_reposts = sum(1 for n in range(n_events) if ROLES[n % len(ROLES)] == "repost")
    reposts = 0
    for n in range(n_events):
        event = make_event(rng, kinds[n % len(kinds)])
        base = compose(rng, event, rng.randint(4, 8))
        release = None
        if event["kind"] == "stats" and n % 2:
            # a report quoting the bureau's release: both reports carry this paragraph verbatim
            release = compose(random.Random(rng.random()), event, 1).paragraphs[1]
            base.paragraphs.insert(1, release)
        home, elsewhere = rng.sample(simplified, 2)
        a = add_doc(home, base, event)
        role = ROLES[n % len(ROLES)]
        if role == "repost":
            # targets spread evenly over 5-40% so every edit level is represented
            target = 0.05 + 0.35 * (reposts + rng.random()) / n_reposts
            reposts += 1
            copy = repost(rng, base, event, target)
            b = add_doc(elsewhere, copy, event)
            add_pair(a, b, "repost", 1, edit=edit_share(base, copy))
        elif role == "script_twin":
            site = rng.choice(traditional)
            add_pair(a, add_doc(site, base, event), "script_twin", 1, note=site.script)
        elif role == "trimmed":
            copy, cut = trimmed(rng, base)
            add_pair(a, add_doc(elsewhere, copy, event), "trimmed", 1, edit=cut)
        elif role == "paragraph":
            copy, how = paragraph_edit(rng, base, event)
            b = add_doc(elsewhere, copy, event)
            add_pair(a, b, "paragraph", 1, edit=edit_share(base, copy), note=how)
        else:
            copy = spun(rng, base, table)
            add_pair(a, add_doc(elsewhere, copy, event), "spun", 1, edit=edit_share(base, copy))
        # every event also gets an independent report by another outlet: a hard negative
        other = compose(random.Random(rng.random()), event, rng.randint(4, 8))
        if release is not None:
            other.paragraphs.insert(rng.randint(1, 2), release)
        kind = "same_release" if release is not None else f"same_{event['kind']}"
        add_pair(a, add_doc(rng.choice(simplified), other, event), kind, 0)
        if event["kind"] == "stats":
            # the same outlet's report on the next release: the same sentences, new figures
            wording = rng.random()
            first = compose(random.Random(wording), event, 5)
            later_event = next_release(rng, event)
            later = compose(random.Random(wording), later_event, 5)
            a2 = add_doc(home, first, event)
            add_pair(a2, add_doc(home, later, later_event), "next_release", 0)
    for _ in range(n_briefs):
        site = rng.choice(simplified)
        first, second = (make_event(rng, rng.choice(kinds)) for _ in range(2))
        a = add_doc(site, brief(rng, first), first)
        add_pair(a, add_doc(site, brief(rng, second), second), "briefs_same_site", 0)
    return docs, pairs


def main() -> None:
    docs, pairs = generate()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, rows in (("documents.jsonl", docs), ("pairs.jsonl", pairs)):
        with (OUT_DIR / name).open("w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for p in pairs:
        counts[p["kind"]] = counts.get(p["kind"], 0) + 1
    print(f"{len(docs)} documents, {len(pairs)} pairs -> {OUT_DIR}", counts, file=sys.stderr)


if __name__ == "__main__":
    main()
