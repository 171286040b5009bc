"""Generate the labelled near-duplicate pairs in tests/dedup_pairs/ from a seeded article composer.

Articles are composed from sentence templates with `[a|b]` alternations and `{fact}` slots, so two
reports about the same event share facts and boilerplate but not wording. Positives are derived
copies of one article (reposts, script twins, trimmed copies); negatives are two independent
reports of one event. Run: `.venv/bin/python bench/make_dedup_pairs.py` (deterministic).
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import opencc

SEED = 20240604
OUT_DIR = Path(__file__).resolve().parents[1] / "tests" / "dedup_pairs"

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

CHROME_TOP = [
    "首页 > 新闻中心 > {outlet}",
    "当前位置：首页 >> 要闻 >> 正文",
    "来源：{outlet}　　发布时间：{date}",
    "【字体：大 中 小】　打印本页　关闭窗口",
    "{outlet}讯（记者 {reporter}）",
    "原标题：{title}",
    "小字号",
    "分享到：微信 微博 QQ空间",
]
CHROME_BOTTOM = [
    "责任编辑：{editor}",
    "（来源：{outlet}）",
    "扫一扫在手机打开当前页",
    "【纠错】【责任编辑：{editor}】",
    "声明：本文转自{outlet}，版权归原作者所有，如有侵权请联系删除。",
    "相关阅读：{teaser}",
    "点击进入专题：成渝地区双城经济圈建设",
    "更多精彩内容，请关注{outlet}官方微信公众号",
    "本文链接：https://news.example.cn/{num}.html",
]

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
    """Write one report of an event: a lead, body paragraphs of 2-4 sentences, maybe an outlook."""
    facts = dict(event, outlet=rng.choice(OUTLETS))
    kind = KIND_TEMPLATES[event["kind"]]

    decks: dict[int, list[str]] = {}

    def sentence(pool: list[str]) -> tuple[str, str]:
        # deal templates without replacement, so a report does not repeat a sentence
        deck = decks.setdefault(id(pool), [])
        if not deck:
            deck.extend(rng.sample(pool, len(pool)))
        template = deck.pop()
        return template, pick(rng, template, facts)

    title = pick(rng, rng.choice(kind["title"]), facts)
    paragraphs = [[sentence(kind["lead"])]]
    body_pool = kind["body"] + COMMON["policy"]
    for _ in range(n_paragraphs):
        paragraphs.append([sentence(body_pool) for _ in range(rng.randint(2, 3))])
    if rng.random() < 0.7:
        paragraphs.append([sentence(COMMON["outlook"]) for _ in range(rng.randint(1, 2))])
    return Article(title, paragraphs)


def chrome_line(rng: random.Random, pool: list[str], event: dict[str, str], title: str) -> str:
    return rng.choice(pool).format(
        outlet=rng.choice(OUTLETS),
        date=f"{event['year']}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        reporter=person(rng),
        editor=person(rng),
        title=title,
        teaser=f"{rng.choice(SC_CITIES)}：{rng.choice(THEMES)}取得新进展",
        num=rng.randint(10**6, 10**7),
    )


def restyle(rng: random.Random, text: str) -> str:
    """What a reposting site does to form, not content: half-width punctuation, spaces, digits."""
    if rng.random() < 0.5:
        text = text.translate(
            str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")"})
        )
    if rng.random() < 0.4:
        text = re.sub(r"\d", lambda m: chr(ord(m.group()) + 0xFEE0), text)  # full-width digits
    if rng.random() < 0.5:
        text = "\n".join("　　" + line for line in text.split("\n"))
    return text


def repost(rng: random.Random, base: Article, event: dict[str, str], target: float) -> tuple:
    """A copy with about `target` of its characters edited: paragraphs dropped or added,
    sentences reworded (same template, other wording) or rewritten (other template), chrome added."""
    paragraphs = [list(p) for p in base.paragraphs]
    total = len(base.text())
    edited = 0
    kind = KIND_TEMPLATES[event["kind"]]
    facts = dict(event, outlet=rng.choice(OUTLETS))
    attempts = 0
    while edited < (target - 0.02) * total and attempts < 200:
        attempts += 1
        op = rng.choice(["drop", "add", "reword", "reword", "rewrite", "chrome"])
        budget = target * total - edited
        if op == "drop" and len(paragraphs) > 3:
            i = rng.randrange(1, len(paragraphs))
            size = sum(len(s) for _, s in paragraphs[i])
            if size <= budget:
                paragraphs.pop(i)
                edited += size
        elif op == "add":
            pool = kind["body"] + COMMON["policy"] + COMMON["outlook"]
            new = []
            for _ in range(rng.randint(1, 3)):
                template = rng.choice(pool)
                new.append((template, pick(rng, template, facts)))
            size = sum(len(s) for _, s in new)
            if size <= budget:
                paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), new)
                edited += size
        elif op in ("reword", "rewrite"):
            i = rng.randrange(len(paragraphs))
            j = rng.randrange(len(paragraphs[i]))
            template, old = paragraphs[i][j]
            if op == "rewrite":
                template = rng.choice(kind["body"] + COMMON["policy"])
            new_sentence = pick(rng, template, facts)
            if new_sentence != old and len(old) <= budget:
                paragraphs[i][j] = (template, new_sentence)
                edited += len(old)
        elif op == "chrome":
            line = chrome_line(rng, CHROME_TOP + CHROME_BOTTOM, event, base.title)
            if len(line) <= budget:
                paragraphs.insert(0 if rng.random() < 0.5 else len(paragraphs), [("", line)])
                edited += len(line)
    copy = Article(base.title, paragraphs)
    return restyle(rng, copy.text()), round(edited / total, 3)


# Characters a Traditional site writes differently from OpenCC's s2t, as seen in real pages
# (Taiwan and Hong Kong standards, older variants); t2s does not always map them back.
TRAD_VARIANTS = {"着": "著", "裏": "裡", "爲": "為", "綫": "線", "衞": "衛", "啓": "啟", "衆": "眾",
                 "説": "說", "羣": "群", "峯": "峰", "臺": "台", "麪": "麵", "喫": "吃", "彊": "疆"}  # fmt: skip


@dataclass(frozen=True)
class Script:
    convert: Callable[[str], str]
    back: Callable[[str], str]


def script_twin(rng: random.Random, base: Article, event: dict[str, str], script: Script) -> str:
    """A Traditional repost with its own chrome, converted back to Simplified as the cleaner does."""
    lines = base.text().split("\n")
    lines.insert(0, chrome_line(rng, CHROME_TOP, event, base.title))
    lines.append(chrome_line(rng, CHROME_BOTTOM, event, base.title))
    trad = script.convert("\n".join(lines))
    if rng.random() < 0.7:
        trad = "".join(TRAD_VARIANTS.get(c, c) if rng.random() < 0.8 else c for c in trad)
    return restyle(rng, script.back(trad))


def trimmed(rng: random.Random, base: Article) -> tuple[str, float]:
    """The first 60-80% of the text, cut at a sentence end, as sites that show a teaser do."""
    text = base.text()
    share = rng.uniform(0.60, 0.80)
    cut = int(len(text) * share)
    end = max(text.rfind("。", 0, cut), text.rfind("\n", 0, cut))
    kept = text[: end + 1] if end > len(text) * 0.5 else text[:cut]
    tail = rng.choice(["", "\n（未完）", "\n点击阅读全文", "\n阅读原文"])
    return kept + tail, round(len(kept) / len(text), 3)


def generate(seed: int = SEED, n_events: int = 170) -> tuple[list[dict], list[dict]]:
    """Return (documents, pairs): each pair names two documents and says if they are copies."""
    rng = random.Random(seed)
    s2t, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    scripts = {
        "s2t": Script(s2t.convert, t2s.convert),
        "s2hk": Script(opencc.OpenCC("s2hk").convert, t2s.convert),
        "s2twp": Script(opencc.OpenCC("s2twp").convert, t2s.convert),
    }
    docs: list[dict] = []
    pairs: list[dict] = []

    def add_doc(text: str) -> str:
        doc_id = f"d{len(docs):04d}"
        docs.append({"doc_id": doc_id, "text": text})
        return doc_id

    def add_pair(a: str, b: str, kind: str, label: int, edit: float | None, note: str = "") -> None:
        pairs.append(
            {"pair_id": f"p{len(pairs):04d}", "a": a, "b": b, "kind": kind, "label": label}
            | ({"edit": edit} if edit is not None else {})
            | ({"note": note} if note else {})
        )

    kinds = list(KIND_TEMPLATES)
    for n in range(n_events):
        event = make_event(rng, kinds[n % len(kinds)])
        base = compose(rng, event, rng.randint(4, 7))
        a = add_doc(base.text())
        role = n % 5
        if role in (0, 1):
            target = rng.uniform(0.05, 0.40)
            text, edit = repost(rng, base, event, target)
            add_pair(a, add_doc(text), "repost", 1, edit)
        elif role == 2:
            name = rng.choices(list(scripts), weights=(6, 3, 1))[0]
            text = script_twin(rng, base, event, scripts[name])
            add_pair(a, add_doc(text), "script_twin", 1, None, name)
        elif role == 3:
            text, share = trimmed(rng, base)
            add_pair(a, add_doc(text), "trimmed", 1, round(1 - share, 3))
        # every event also gets an independent report by another outlet: a hard negative
        other = compose(random.Random(rng.random()), event, rng.randint(4, 7))
        add_pair(a, add_doc(other.text()), f"same_{event['kind']}", 0, None)
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
