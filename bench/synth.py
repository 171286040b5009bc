"""Synthetic news corpus for benchmarks and tests: N realistic pages with known noise and known figures.

Every page is a pure function of (seed, index), so a corpus streams to disk in constant memory, two
runs with one seed give the same bytes, and a repost rebuilds its original instead of keeping it.
Region and metric names come from newslake/lexicons/*.toml, so the truth speaks the lake's vocabulary.

    python -m bench.synth --n 2000 --out /tmp/corpus --seed 1

Writes DIR/pages/NNN/NNNNNN.{html,htm,txt} (1,000 pages a folder), DIR/truth.jsonl (one line per
page: format, encoding, script, noise, duplicate_of, figures) and DIR/manifest.json (mix and counts).
"""

from __future__ import annotations

import argparse
import codecs
import json
import math
import random
import re
import sys
import time
import tomllib
from bisect import bisect
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache, lru_cache
from itertools import accumulate
from pathlib import Path
from typing import TextIO

import opencc

ROOT = Path(__file__).resolve().parents[1]
LEXICONS = ROOT / "newslake" / "lexicons"
GENERATOR_VERSION = "1"
PAGES_PER_FOLDER = 1000
PROSE_SENTENCES = 40_000
REPOST_WINDOW = 400  # a repost copies one of the last few hundred pages, as news sites do


class Rng(random.Random):
    """random.Random with cheaper draws: a page makes a few hundred, and 100k pages must be quick."""

    def choice(self, seq):  # one float instead of rejection sampling over getrandbits
        return seq[int(self.random() * len(seq))]

    def randrange(self, start, stop=None):  # no step: the forms used here
        if stop is None:
            start, stop = 0, start
        return start + int(self.random() * (stop - start))

    def randint(self, a, b):
        return a + int(self.random() * (b - a + 1))

    def region(self) -> _Region:
        """A gazetteer region, big ones more often (they are in the news more)."""
        lex = lexicon()
        return lex.regions[bisect(lex.cum_weights, self.random() * lex.cum_weights[-1])]


@dataclass(frozen=True, slots=True)
class Mix:
    """How often each kind of noise occurs; rates are per page unless the comment says otherwise."""

    html: float = 0.6  # HTML pages; the rest are text as a scraper saved it
    hant: float = 0.1  # Traditional pages
    big5: float = 0.5  # of Traditional pages: Big5 bytes (the rest UTF-8)
    gbk: float = 0.12  # of Simplified pages: GBK/GB18030 bytes
    repost: float = 0.1  # near-duplicate reposts of an earlier page
    repost_copy: float = 0.3  # of reposts: the same body in another site's frame
    spam: float = 0.05  # gambling terms injected into an article (seed 001)
    seo: float = 0.01  # SEO pages that are mostly gambling spam, no figures
    spun: float = 0.03  # synonym-spun articles (伪原创)


# ---------------------------------------------------------------------------------------------
# Vocabulary: names from the project's lexicons, prose fragments written for this generator.

_SITES = (
    ("川渝经济网", "cyjj.example.cn"),
    ("巴蜀财经", "bscj.example.cn"),
    ("西部观察网", "xbgc.example.cn"),
    ("山城新闻网", "scxw.example.cn"),
    ("天府资讯网", "tfzx.example.cn"),
    ("成渝日报网", "cyrb.example.cn"),
    ("长江上游经济网", "cjsy.example.cn"),
)
_SOURCES = (
    "川渝经济报",
    "巴蜀日报",
    "西部商报",
    "山城晚报",
    "天府财经报",
    "成渝观察",
    "长江经济日报",
)
_CHANNELS = ("经济", "财经", "区县", "要闻", "产业", "川渝合作")
_DEPTS = (
    "发展改革委", "经济和信息化委员会", "商务委员会", "统计局", "科技局", "交通运输局",
    "文化和旅游发展委员会", "农业农村委员会", "生态环境局", "住房和城乡建设委员会",
    "人力资源和社会保障局", "大数据发展局", "投资促进局", "口岸和物流办公室", "金融监管局",
)  # fmt: skip
_STAT_DEPTS = ("统计局", "调查队", "发展改革委")
_VERBS = (
    "加快推进", "持续深化", "全面落实", "统筹推进", "大力发展", "着力培育", "积极拓展", "稳步实施",
    "深入开展", "不断完善", "系统谋划", "协同推进", "扎实推动", "高标准建设", "提速打造",
)  # fmt: skip
_OBJECTS = (
    "智能网联新能源汽车产业集群", "西部陆海新通道建设", "电子信息先进制造集群", "成渝中线高铁前期工作",
    "川渝高竹新区体制机制创新", "数字经济和实体经济深度融合", "国际消费中心城市培育",
    "现代化产业体系建设", "营商环境优化提升行动", "科技成果转化和产业化", "农村一二三产业融合发展",
    "生态环境联防联治", "公共服务共建共享", "内陆开放高地建设", "重大项目招商引资",
    "先进材料产业链补链强链", "生物医药产业园区扩能", "现代物流枢纽布局", "智慧城市场景开放",
    "中小企业梯度培育", "绿色低碳转型发展", "数字政府一体化建设", "巴蜀文化旅游走廊建设",
    "跨省市政务服务通办", "职业教育产教融合", "高标准农田建设", "长江上游生态屏障建设",
    "工业互联网标识解析体系", "氢能产业示范应用", "航空航天装备制造", "人工智能创新应用先导区",
    "成渝共建国家技术创新中心", "特色小镇提质增效", "现代服务业集聚区", "国际航空货运网络",
    "城市更新和老旧小区改造", "县域经济高质量发展", "乡村振兴示范带", "外贸新业态新模式",
    "首发经济和夜间经济",
)  # fmt: skip
_PURPOSES = (
    "为高质量发展注入新动能", "推动区域协同发展迈上新台阶", "进一步增强经济发展韧性",
    "不断提升群众获得感和幸福感", "加快形成优势互补的发展格局", "为稳增长提供有力支撑",
    "推动创新链产业链深度融合", "持续释放消费潜力", "打造更具竞争力的产业生态",
    "助力建设现代化经济体系", "提升对外开放水平", "筑牢长江上游生态安全屏障",
    "加快培育新质生产力", "促进要素跨区域自由流动", "推动城乡融合发展", "优化重大生产力布局",
    "带动上下游企业协同发展", "让改革成果更多惠及企业和群众", "增强中心城市辐射带动能力",
    "为全年目标任务完成打下坚实基础",
)  # fmt: skip
_OPENERS = (
    "", "", "", "与此同时,", "此外,", "据介绍,", "记者了解到,", "另一方面,", "下一步,",
    "值得关注的是,", "从具体举措看,", "近年来,", "当前,", "今年以来,", "按照部署,",
)  # fmt: skip
_COMMENTS = (
    "经济运行总体平稳、稳中有进。", "主要指标增速好于预期。", "发展质量和效益稳步提升。",
    "新动能加快成长,结构持续优化。", "市场主体活力进一步增强。", "重点项目建设有序推进。",
    "消费市场保持回暖态势。", "外部环境依然复杂严峻,部分企业生产经营仍面临困难。",
    "工业生产稳中有升,企业效益逐步改善。", "民生保障有力有效,就业形势总体稳定。",
)  # fmt: skip
_PROJECTS = (
    "产业园",
    "智能制造基地",
    "物流园",
    "数据中心",
    "研发中心",
    "总部基地",
    "综合保税区",
    "产业创新中心",
)
_INDUSTRIES = (
    "新能源汽车",
    "电子信息",
    "先进材料",
    "生物医药",
    "装备制造",
    "绿色食品",
    "数字经济",
    "现代物流",
    "轨道交通",
    "新型储能",
)
_EVENTS = ("正式开工", "签约落地", "竣工投产", "启动建设", "全面投运")
_ROLES = ("主任", "副主任", "局长", "副局长", "负责人", "新闻发言人")
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉林波宁欣颖晨阳浩宇婷雪峰亮"
_SPAM_LINES = (
    "尊龙凯时官网 百家乐注册送彩金",
    "澳门新葡京娱乐城 真人视讯 首存送",
    "亚博体育登录入口 体育投注",
)
_SPIN = (  # original -> spun form, applied where the restorer has context to undo it (seed 001)
    (re.compile("地区生产总值"), "地域临盆总值"),
    (re.compile(r"(?<=比上年)增长|(?<=同比)增长|增长(?=\d)"), "伸长"),
    (re.compile("建设"), "筑造"),
    (re.compile("推动"), "饱舞"),
    (re.compile("推进"), "饱动"),
    (re.compile("(?<=工业)增加值|(?<=产业)增加值"), "减少值"),
)
_EXCLUDED_SYNONYMS = {"国内生产总值", "生产总值", "面积"}


@dataclass(frozen=True, slots=True)
class _Region:
    name: str
    level: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Spec:
    """How a metric's figures look: unit as written, level (relative to GDP or a fixed range), growth."""

    writing: str  # yi (亿元), yuan, wanren, rate, wanliang (万辆), visits, teu, firms, growth
    share: float = 0.0  # level as a share of the region's GDP (亿元), for GDP-like amounts
    lo: float = 0.0  # a fixed range where a share makes no sense (incomes, rates)
    hi: float = 0.0
    growth: tuple[float, float] | None = (2.0, 9.5)
    flow: bool = True  # sums over the period (a half year is about half the year)


_SPECS: dict[str, _Spec] = {
    "地区生产总值": _Spec("yi", 1.0),
    "第一产业增加值": _Spec("yi", 0.07, growth=(2.0, 5.0)),
    "第二产业增加值": _Spec("yi", 0.38),
    "第三产业增加值": _Spec("yi", 0.55),
    "规模以上工业增加值": _Spec("growth", growth=(1.5, 11.0)),
    "固定资产投资": _Spec("growth", growth=(-6.0, 9.0)),
    "社会消费品零售总额": _Spec("yi", 0.42, growth=(3.0, 11.0)),
    "进出口总额": _Spec("yi", 0.22, growth=(-15.0, 15.0)),
    "一般公共预算收入": _Spec("yi", 0.075, growth=(-3.0, 12.0)),
    "研发经费投入": _Spec("yi", 0.022, growth=(5.0, 15.0)),
    "旅游总收入": _Spec("yi", 0.18, growth=(5.0, 30.0)),
    "金融业增加值": _Spec("yi", 0.08),
    "居民人均可支配收入": _Spec("yuan", lo=24000, hi=52000, growth=(4.0, 7.5)),
    "城镇居民人均可支配收入": _Spec("yuan", lo=36000, hi=56000, growth=(3.5, 6.5)),
    "农村居民人均可支配收入": _Spec("yuan", lo=16000, hi=24000, growth=(5.5, 8.5)),
    "城镇新增就业": _Spec("wanren", 1 / 380, growth=None),
    "常住人口": _Spec("wanren", 1 / 8, growth=None, flow=False),
    "城镇化率": _Spec("rate", lo=45, hi=82, growth=None, flow=False),
    "城镇调查失业率": _Spec("rate", lo=4.6, hi=5.8, growth=None, flow=False),
    "森林覆盖率": _Spec("rate", lo=35, hi=65, growth=None, flow=False),
    "新能源汽车产量": _Spec("wanliang", 1 / 600, growth=(10.0, 45.0)),
    "汽车产量": _Spec("wanliang", 1 / 130, growth=(-5.0, 12.0)),
    "接待游客": _Spec("visits", 1 / 3, growth=(5.0, 25.0)),
    "高新技术企业数量": _Spec("firms", 1 / 4, growth=(8.0, 25.0), flow=False),
    "居民消费价格": _Spec("growth", growth=(-0.8, 2.5)),
}
# Regional GDP ranges (亿元) by gazetteer level; a few known sizes anchor the big names.
_GDP_RANGE = {
    "municipality": (29000, 31000),
    "province": (56000, 62000),
    "economic_zone": (20000, 80000),
    "city": (800, 4500),
    "district": (300, 2600),
    "county": (150, 700),
    "new_area": (600, 5000),
}
_GDP_ANCHOR = {"成都市": 21000.0, "成渝地区双城经济圈": 78000.0, "重庆主城都市区": 21000.0}
_REGION_WEIGHT = {
    "municipality": 6.0,
    "province": 6.0,
    "economic_zone": 1.0,
    "city": 1.2,
    "district": 0.5,
    "county": 0.4,
    "new_area": 1.0,
}


@dataclass(frozen=True, slots=True)
class _Lexicon:
    regions: tuple[_Region, ...]
    cum_weights: tuple[float, ...]
    synonyms: dict[str, tuple[str, ...]]
    spam_terms: tuple[str, ...]
    spam_suffixes: tuple[str, ...]
    surnames: str


@cache
def lexicon() -> _Lexicon:
    """Region and metric names from the project's lexicons; fails loudly when a name is gone."""
    regions_toml = tomllib.loads((LEXICONS / "regions.toml").read_text(encoding="utf-8"))
    regions = tuple(
        _Region(r["name"], r["level"], tuple(a for a in r.get("aliases", ()) if "(" not in a))
        for r in regions_toml["region"]
        if r["level"] in _GDP_RANGE
    )
    metrics_toml = tomllib.loads((LEXICONS / "metrics.toml").read_text(encoding="utf-8"))
    synonyms = {m["name"]: tuple(m["synonyms"]) for m in metrics_toml["metric"]}
    missing = set(_SPECS) - set(synonyms)
    if missing:
        raise ValueError(f"metrics.toml lacks {sorted(missing)}: update bench/synth.py _SPECS")
    spam = tomllib.loads((LEXICONS / "spam_terms.toml").read_text(encoding="utf-8"))
    cats = spam["category"]
    terms = tuple(cats["gambling_brand"]["terms"] + cats["gambling_term"]["terms"])
    roles = tomllib.loads((LEXICONS / "roles.toml").read_text(encoding="utf-8"))
    return _Lexicon(
        regions=regions,
        cum_weights=tuple(accumulate(_REGION_WEIGHT[r.level] for r in regions)),
        synonyms={
            name: tuple(s for s in syns if s not in _EXCLUDED_SYNONYMS and "(" not in s)
            for name, syns in synonyms.items()
        },
        spam_terms=tuple(t for t in terms if not t.isascii()),
        spam_suffixes=tuple(cats["seo_suffix"]["suffixes"]),
        surnames="".join(roles["surnames"].split()),
    )


# ---------------------------------------------------------------------------------------------
# The world: one true value per (region, metric, year, part), so articles agree with each other.

_PARTS = (  # name, months covered, weight
    ("year", 12, 0.45),
    ("h1", 6, 0.15),
    ("q3", 9, 0.15),
    ("q1", 3, 0.1),
    ("months", 0, 0.15),
)


@dataclass(frozen=True, slots=True)
class _Period:
    year: int
    part: str
    months: int  # 1..12: the period is January to this month

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        nxt = date(self.year + (self.months == 12), self.months % 12 + 1, 1)
        return nxt - timedelta(days=1)


@lru_cache(maxsize=1024)
def _gdp_2023(seed: int, region: _Region) -> float:
    if region.name in _GDP_ANCHOR:
        return _GDP_ANCHOR[region.name]
    lo, hi = _GDP_RANGE[region.level]
    return Rng(f"gdp:{seed}:{region.name}").uniform(lo, hi)


@lru_cache(maxsize=65536)
def _true_figure(
    seed: int, region: _Region, metric: str, period: _Period
) -> tuple[str | None, Decimal | None, str | None, float | None]:
    """(value as written, value in base units, unit, growth %) of a region's metric in a period.

    One truth per key, so every article (and every repost) states the same figure; cached because
    big regions are in the news again and again.
    """
    spec = _SPECS[metric]
    rng = Rng(f"fig:{seed}:{region.name}:{metric}:{period.year}:{period.months}")
    growth = round(rng.uniform(*spec.growth), 1) if spec.growth else None
    if growth == 0.0:
        growth = 0.1
    if spec.writing == "growth":
        return None, None, None, growth
    if spec.lo:
        level = rng.uniform(spec.lo, spec.hi)
    else:
        gdp = _gdp_2023(seed, region) * 1.05 ** (period.year - 2023)
        level = gdp * spec.share * rng.uniform(0.85, 1.15)
    if spec.flow:
        level *= period.months / 12
    return (*_amount(spec, level, rng), growth)


# ---------------------------------------------------------------------------------------------
# Writing figures and sentences. Each fact sentence returns the truth rows it states.


def _amount(spec: _Spec, level: float, rng: Rng) -> tuple[str, Decimal, str]:
    """(value as written, value in base units, base unit)."""
    w = spec.writing
    if w == "yi":
        if level >= 10000 and rng.random() < 0.15:
            number = Decimal(f"{level / 10000:.2f}")
            return f"{number}万亿元", number * Decimal(10**12), "元"
        number = Decimal(f"{level:.2f}" if rng.random() < 0.7 else f"{level:.1f}")
        return f"{number}亿元", number * Decimal(10**8), "元"
    if w == "yuan":
        number = Decimal(int(level))
        return f"{number}元", number, "元"
    if w == "wanren":
        number = Decimal(f"{level:.2f}" if level > 1000 else f"{level:.1f}")
        return f"{number}万人", number * Decimal(10**4), "人"
    if w == "rate":
        number = Decimal(f"{level:.2f}" if rng.random() < 0.5 else f"{level:.1f}")
        return f"{number}%", number, "%"
    if w == "wanliang":
        number = Decimal(f"{max(level, 0.1):.1f}")
        return f"{number}万辆", number * Decimal(10**4), "辆"
    if w == "visits":
        if level >= 10000:
            number = Decimal(f"{level / 10000:.2f}")
            return f"{number}亿人次", number * Decimal(10**8), "人次"
        number = Decimal(f"{level:.1f}")
        return f"{number}万人次", number * Decimal(10**4), "人次"
    if w == "firms":
        number = Decimal(max(int(level), 12))
        return f"{number}家", number, "家"
    raise ValueError(w)


def _growth_words(growth: float, rng: Rng, *, price: bool = False) -> str:
    up = ("上涨",) if price else ("比上年增长", "同比增长", "增长")
    down = ("下降",) if price else ("比上年下降", "同比下降", "下降")
    words = rng.choice(up if growth > 0 else down)
    return f"{words}{abs(growth)}%"


def _period_text(period: _Period, published: date, rng: Rng) -> str:
    this_year = published.year == period.year
    year = "今年" if this_year and rng.random() < 0.3 else f"{period.year}年"
    if period.part == "year":
        if published.year == period.year + 1 and rng.random() < 0.2:
            return "去年"
        return f"{period.year}年" + ("全年" if rng.random() < 0.1 else "")
    if period.part == "h1":
        return f"{year}上半年"
    if period.part == "q3":
        return f"{year}前三季度"
    if period.part == "q1":
        return f"{year}{rng.choice(('一季度', '第一季度'))}"
    return f"{year}1{rng.choice('—-')}{period.months}月"


def _region_text(region: _Region, rng: Rng) -> str:
    if region.aliases and rng.random() < 0.35:
        return rng.choice(region.aliases)
    return region.name


def _metric_text(metric: str, rng: Rng) -> str:
    syns = lexicon().synonyms[metric]
    if rng.random() < 0.3 and syns:
        return rng.choice(syns)
    return metric


@dataclass(slots=True)
class _Story:
    """What an article is about: one region and one reporting period, published after it ends."""

    region: _Region
    period: _Period
    published: datetime
    period_text: str


def _fact(
    seed: int, story: _Story, metric: str
) -> tuple[str | None, Decimal | None, str | None, float | None]:
    """(value_text, base value, unit, growth) of a metric of the story's region and period."""
    return _true_figure(seed, story.region, metric, story.period)


def _truth(
    story: _Story, metric: str, region: _Region, value_text, value, unit, growth
) -> dict[str, object]:
    return {
        "metric": metric,
        "region": region.name,
        "period_text": story.period_text,
        "period_start": story.period.start.isoformat(),
        "period_end": story.period.end.isoformat(),
        "value": float(value) if value is not None else None,
        "unit": unit,
        "value_text": value_text,
        "yoy_pct": growth,
        "kind": "actual",
    }


def _fact_sentence(
    seed: int, story: _Story, metric: str, rng: Rng
) -> tuple[str, list[dict[str, object]]]:
    """One sentence stating a metric of the story's region, with its truth row."""
    region = story.region
    value_text, value, unit, growth = _fact(seed, story, metric)
    if _SPECS[metric].growth is None:
        growth = None
    r, p, m = _region_text(region, rng), story.period_text, _metric_text(metric, rng)
    spec = _SPECS[metric]
    if value_text is None:  # growth only
        words = _growth_words(growth, rng, price=metric == "居民消费价格")
        text = f"{p},{r}{m}{words}。" if rng.random() < 0.6 else f"{r}{p}{m}{words}。"
    elif spec.writing == "rate":
        verb = rng.choice(("达到", "为", ""))
        text = f"{p},{r}{m}{verb}{value_text}。"
    elif growth is None:
        text = rng.choice((f"{p},{r}{m}{value_text}。", f"{p},{r}{m}达到{value_text}。"))
    else:
        words = _growth_words(growth, rng)
        text = rng.choice(
            (
                f"{p},{r}实现{m}{value_text},{words}。",
                f"{p},{r}{m}达到{value_text},{words}。",
                f"{r}{p}{m}{value_text},{words}。",
                f"{p}{r}完成{m}{value_text},{words},{rng.choice(('保持较快增长势头', '运行总体平稳'))}。",
            )
        )
    return text, [_truth(story, metric, region, value_text, value, unit, growth)]


def _breakdown(seed: int, story: _Story, rng: Rng) -> tuple[str, list[dict[str, object]]]:
    """GDP and its three industries: region and period carried from the first sentence."""
    head, rows = _fact_sentence(seed, story, "地区生产总值", rng)
    parts = []
    for metric in ("第一产业增加值", "第二产业增加值", "第三产业增加值"):
        value_text, value, unit, growth = _fact(seed, story, metric)
        parts.append(f"{metric}{value_text},增长{growth}%" if growth > 0 else "")
        if growth > 0:
            rows.append(_truth(story, metric, story.region, value_text, value, unit, growth))
    parts = [p for p in parts if p]
    if not parts:
        return head, rows
    return head + "分产业看," + ";".join(parts) + "。", rows


def _income(seed: int, story: _Story, rng: Rng) -> tuple[str, list[dict[str, object]]]:
    """Income of all, urban and rural residents, the latter two carried in a 其中 sentence."""
    story_r = _region_text(story.region, rng)
    rows = []
    bits = []
    for metric, label in (
        ("居民人均可支配收入", f"{story.period_text},{story_r}全体居民人均可支配收入"),
        ("城镇居民人均可支配收入", "其中,城镇居民人均可支配收入"),
        ("农村居民人均可支配收入", "农村居民人均可支配收入"),
    ):
        value_text, value, unit, growth = _fact(seed, story, metric)
        bits.append(f"{label}{value_text},{_growth_words(growth, rng)}")
        rows.append(_truth(story, metric, story.region, value_text, value, unit, growth))
    return f"{bits[0]}。{bits[1]};{bits[2]}。", rows


def _person(rng: Rng) -> str:
    lex = lexicon()
    return rng.choice(lex.surnames) + "".join(rng.choices(_GIVEN, k=rng.choice((1, 2))))


@cache
def _prose(seed: int) -> tuple[str, ...]:
    """Policy-prose sentences the articles draw from: drawing is far cheaper than composing, and
    with this many two stories share a sentence or two at most (near-dup Jaccard stays < 0.1)."""
    rng = Rng(f"prose:{seed}")
    return tuple(_filler(rng) for _ in range(PROSE_SENTENCES))


def _filler(rng: Rng, *, with_region: bool = True) -> str:
    """A sentence of policy prose; combinations are many, so two stories rarely share sentences."""
    region = rng.region().name if with_region else ""
    opener = rng.choice(_OPENERS)
    form = rng.randrange(6)
    if form == 0:
        return f"{opener}{region}{rng.choice(_DEPTS)}{rng.choice(_VERBS)}{rng.choice(_OBJECTS)},{rng.choice(_PURPOSES)}。"
    if form == 1:
        return f"{opener}围绕{rng.choice(_OBJECTS)},{region}{rng.choice(_VERBS)}{rng.choice(_OBJECTS)},{rng.choice(_PURPOSES)}。"
    if form == 2 and with_region:
        return (
            f"{region}{rng.choice(_DEPTS)}{rng.choice(_ROLES)}{_person(rng)}表示,"
            f"下一步将{rng.choice(_VERBS)}{rng.choice(_OBJECTS)},{rng.choice(_PURPOSES)}。"
        )
    if form == 3 and with_region:
        name = f"{region}{rng.choice(_INDUSTRIES)}{rng.choice(_PROJECTS)}"
        return f"{opener}{name}项目{rng.choice(_EVENTS)},{rng.choice(_PURPOSES)}。"
    if form == 4:
        return f"{opener}{rng.choice(_VERBS)}{rng.choice(_OBJECTS)}和{rng.choice(_OBJECTS)},{rng.choice(_PURPOSES)}。"
    return rng.choice(_COMMENTS)


# ---------------------------------------------------------------------------------------------
# Articles: a story, its paragraphs and the figures they state.


@dataclass(slots=True)
class Article:
    title: str
    published: datetime
    source: str
    author: str
    editors: list[str]
    paragraphs: list[str]
    figures: list[dict[str, object]] = field(default_factory=list)


def _story(seed: int, rng: Rng) -> _Story:
    region = rng.region()
    part = rng.choices([p[0] for p in _PARTS], [p[2] for p in _PARTS])[0]
    months = {"year": 12, "h1": 6, "q3": 9, "q1": 3}.get(part) or rng.randint(2, 11)
    period = _Period(rng.randint(2019, 2024), part, months)
    published = datetime.combine(
        period.end + timedelta(days=rng.randint(12, 45)), datetime.min.time()
    ) + timedelta(minutes=rng.randint(8 * 60, 21 * 60))
    return _Story(region, period, published, _period_text(period, published.date(), rng))


def _metrics_for(story: _Story, rng: Rng, k: int) -> list[str]:
    pool = [m for m, s in _SPECS.items() if story.period.part == "year" or s.flow]
    pool = [m for m in pool if not m.startswith(("第", "地区", "城镇居民", "农村居民", "居民人均"))]
    return rng.sample(pool, min(k, len(pool)))


def make_article(seed: int, index: int) -> Article:
    """The original article of page `index` (pure: reposts call it again for their original)."""
    rng = Rng(f"article:{seed}:{index}")
    story = _story(seed, rng)
    kind = rng.choices(("bulletin", "feature", "policy"), (0.5, 0.35, 0.15))[0]
    paragraphs: list[str] = []
    figures: list[dict[str, object]] = []
    r = _region_text(story.region, rng)
    lead = (
        f"{story.published.month}月{story.published.day}日,记者从{r}{rng.choice(_STAT_DEPTS)}获悉,"
        f"{story.period_text}{r}经济{rng.choice(('运行稳中有进', '持续回升向好', '保持平稳增长'))},"
        f"{rng.choice(_PURPOSES)}。"
    )
    paragraphs.append(lead)
    blocks: list[tuple[str, list[dict[str, object]]]] = []
    if kind == "bulletin":
        if rng.random() < 0.6:
            blocks.append(_breakdown(seed, story, rng))
        if story.period.part in ("year", "h1", "q3") and rng.random() < 0.5:
            blocks.append(_income(seed, story, rng))
        for metric in _metrics_for(story, rng, rng.randint(3, 6)):
            blocks.append(_fact_sentence(seed, story, metric, rng))
    elif kind == "feature":
        for metric in _metrics_for(story, rng, rng.randint(1, 3)):
            blocks.append(_fact_sentence(seed, story, metric, rng))
    for text, rows in blocks:
        tail = rng.choice(_COMMENTS) if rng.random() < 0.5 else ""
        paragraphs.append(text + tail)
        figures.extend(rows)
    prose = _prose(seed)
    target = rng.randint(1700, 2500)
    body_chars = sum(len(p) for p in paragraphs)
    while body_chars < target:
        para = "".join(rng.choice(prose) for _ in range(rng.randint(2, 4)))
        paragraphs.insert(rng.randint(1, len(paragraphs)), para)
        body_chars += len(para)
    title = rng.choice(
        (
            f"{r}{story.period_text}经济{rng.choice(('运行稳中向好', '实现良好开局', '回升势头明显'))}",
            f"{r}{rng.choice(_VERBS)}{rng.choice(_OBJECTS)}",
            f"{r}:{rng.choice(_OBJECTS)}{rng.choice(('跑出加速度', '取得新进展', '迈出新步伐'))}",
        )
    )
    return Article(
        title=title,
        published=story.published,
        source=rng.choice(_SOURCES),
        author=_person(rng),
        editors=[_person(rng) for _ in range(rng.randint(1, 2))],
        paragraphs=paragraphs,
        figures=figures,
    )


def _repost(original: Article, rng: Rng, copy: bool, prose: tuple[str, ...]) -> Article:
    """Another site's copy on a later day: the same body, or trimmed and partly rewritten.

    Edited copies lose up to three prose paragraphs and gain up to four sentences, which keeps
    their estimated Jaccard similarity to the original at about 0.75-0.95 (figures stay).
    """
    paragraphs = list(original.paragraphs)
    figures = list(original.figures)
    title = original.title
    if not copy:
        for _ in range(rng.randint(0, 3)):
            droppable = [i for i, p in enumerate(paragraphs) if i > 0 and not _states_figures(p)]
            if len(droppable) > 2:
                paragraphs.pop(rng.choice(droppable))
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(1, len(paragraphs))
            if not _states_figures(paragraphs[i]):
                paragraphs[i] = rng.choice(prose) + paragraphs[i]
        title = rng.choice(("【区域观察】", "【经济】", "")) + title
    return Article(
        title=title,
        published=original.published + timedelta(hours=rng.randint(26, 240)),  # a later day
        source=original.source,
        author=original.author,
        editors=[_person(rng)],
        paragraphs=paragraphs,
        figures=figures,
    )


def _states_figures(paragraph: str) -> bool:
    return any(ch.isdigit() for ch in paragraph)


def _seo_article(seed: int, index: int, rng: Rng) -> Article:
    """A gambling SEO page dressed as news: copied prose glued to brand names, no real figures."""
    lex = lexicon()
    prose = _prose(seed)
    brand = rng.choice(lex.spam_terms)
    paragraphs = []
    for _ in range(rng.randint(8, 12)):
        glued = [
            f"{rng.choice(lex.spam_terms)}{rng.choice(lex.spam_suffixes)}{rng.choice(prose)}"
            for _ in range(rng.randint(2, 3))
        ]
        paragraphs.append("▼".join(glued) + rng.choice(_SPAM_LINES))
    return Article(
        title=f"{brand}{rng.choice(lex.spam_suffixes)}{rng.choice(_OBJECTS)}",
        published=datetime(2023, 1, 1) + timedelta(minutes=rng.randint(0, 900_000)),
        source=rng.choice(_SOURCES),
        author=_person(rng),
        editors=[],
        paragraphs=paragraphs,
    )


def _inject_spam(article: Article, rng: Rng) -> int:
    """Glue gambling terms and ▼ markers into the text, as seed 001 shows; returns how many."""
    lex = lexicon()
    hits = 0
    article.title = f"{rng.choice(lex.spam_terms)}{article.title}"
    for _ in range(rng.randint(2, 5)):
        i = rng.randrange(len(article.paragraphs))
        para = article.paragraphs[i]
        if rng.random() < 0.5:
            code = f"{rng.choice('dagk')}{rng.randint(8, 99)}"
            spam = f"{code}{rng.choice(lex.spam_terms)}{rng.choice(lex.spam_suffixes)}"
        else:
            spam = rng.choice(lex.spam_terms)
        cut = para.find("。") + 1 if rng.random() < 0.7 else 0
        article.paragraphs[i] = para[:cut] + spam + para[cut:]
        hits += 1
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(article.paragraphs))
        article.paragraphs[i] = article.paragraphs[i].replace("。", "▼▼。", 1)
    return hits


def _spin(article: Article) -> None:
    for i, para in enumerate(article.paragraphs):
        for pattern, spun in _SPIN:
            para = pattern.sub(spun, para)
        article.paragraphs[i] = para


# ---------------------------------------------------------------------------------------------
# Page frames: the site chrome around an article, as HTML or as a scraper's text dump.


def _teasers(rng: Rng, k: int) -> list[str]:
    return [f"{rng.region().name}{rng.choice(_VERBS)}{rng.choice(_OBJECTS)}" for _ in range(k)]


def _dateline(published: datetime, rng: Rng) -> str:
    form = rng.randrange(3)
    if form == 0:
        return published.strftime("%Y年%m月%d日%H:%M")
    if form == 1:
        return published.strftime("%Y-%m-%d %H:%M")
    return published.strftime("%Y-%m-%d %H:%M:%S")


def _html(a: Article, site: tuple[str, str], charset_meta: str, rng: Rng) -> str:
    name, host = site
    esc = _escape
    paras = "\n".join(f"    <p>{esc(p)}</p>" for p in a.paragraphs)
    nav = "".join(f'<li><a href="/{c}/">{c}</a></li>' for c in ("首页", *_CHANNELS))
    related = "\n".join(
        f'    <li><a href="/n/{rng.randint(10**6, 10**7)}.html">{esc(t)}</a></li>'
        for t in _teasers(rng, rng.randint(3, 5))
    )
    channel = rng.choice(_CHANNELS)
    meta_date = (
        f'<meta name="publishdate" content="{a.published.strftime("%Y-%m-%d %H:%M:%S")}">\n'
        if rng.random() < 0.5
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{charset_meta}
{meta_date}<meta name="keywords" content="{esc(channel)},经济,{esc(name)}">
<title>{esc(a.title)}_{esc(name)}</title>
<link rel="stylesheet" href="//{host}/static/css/article.css">
<script>var _hmt = _hmt || [];</script>
</head>
<body>
<div class="topbar">设为首页 | 加入收藏 | 手机版 | 登录 | 注册</div>
<div class="nav"><ul>{nav}</ul></div>
<div class="breadcrumb">当前位置:<a href="/">首页</a> &gt; <a href="/{channel}/">{channel}</a> &gt; 正文</div>
<div class="article">
  <h1>{esc(a.title)}</h1>
  <div class="info">{_dateline(a.published, rng)} | 来源:{esc(a.source)} <span class="fontsize">字号:大 中 小</span></div>
  <div class="content">
    <p>本报记者 {a.author}</p>
{paras}
    <p class="editor">(责编:{"、".join(a.editors) or a.author})</p>
  </div>
  <div class="share">分享到:微信 微博 QQ空间</div>
</div>
<div class="related">
  <h3>相关新闻</h3>
  <ul>
{related}
  </ul>
</div>
<div class="footer">
  <p><a href="/about/">关于我们</a> | <a href="/contact/">联系我们</a> | <a href="/ad/">广告服务</a></p>
  <p>版权所有 {esc(name)} 未经授权禁止复制或建立镜像</p>
  <p>渝ICP备{rng.randint(10**7, 10**8)}号-1 互联网新闻信息服务许可证:{rng.randint(10**10, 10**11)}</p>
  <p>违法和不良信息举报电话:023-{rng.randint(10**7, 10**8 - 1)} <a href="#top">返回顶部</a></p>
</div>
</body>
</html>
"""


def _text(a: Article, site: tuple[str, str], rng: Rng) -> str:
    name, host = site
    body = "\n\n".join(a.paragraphs)
    teasers = "\n".join(_teasers(rng, rng.randint(2, 4)))
    editors = "、".join(a.editors) or a.author
    form = rng.randrange(3)
    if form == 0:  # a portal's channel page saved as text (seed 003)
        return (
            f"{name}\n{name}>>{rng.choice(_CHANNELS)}>>要闻\n\n{a.title}\n\n"
            f"{_dateline(a.published, rng)} | 来源:{a.source}\n小字号\n\n{body}\n\n"
            f"(责编:{editors})\n\n分享让更多人看到\n\n相关新闻\n{teasers}\n返回顶部\n"
        )
    if form == 1:  # a trade site with a menu and key:value byline (seed 002)
        return (
            f"今日要闻 贸易指南 风险预警\n\n今日要闻\n\n{a.title}\n\n"
            f"发布日期:{a.published:%Y-%m-%d}数据来源:{a.source}浏览次数:{rng.randint(20, 9000)}\n\n"
            f"{body}\n\n立即咨询\n"
        )
    # a mirror: date first, title, body, then the mirror's 标题/地址 lines (seed 000)
    return (
        f"{a.published:%Y-%m-%d %H:%M}\n\n{a.title}\n\n{body}\n\n"
        f"标题:{a.title}\n地址:http://{host}/n/{rng.randint(10**6, 10**7)}.html\n"
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


_BIG5_VARIANTS = "synth-big5-variants"


def _big5_variant(error: UnicodeError) -> tuple[str, int]:
    """OpenCC's s2t writes 爲/羣 where Big5 has 為/群: use the Taiwan form (s2tw is 4x slower
    over a whole page, so it runs on the few characters that need it)."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start : error.end]
    variant = _converter("s2tw").convert(bad)
    variant.encode(error.encoding)  # still unencodable: the page falls back to UTF-8
    return variant, error.end


codecs.register_error(_BIG5_VARIANTS, _big5_variant)


# ---------------------------------------------------------------------------------------------
# Pages: choose the noise, render, encode, and say what was done.


@dataclass(slots=True)
class Page:
    index: int
    path: str  # relative to the corpus folder
    data: bytes
    truth: dict[str, object]


def page_path(index: int, ext: str) -> str:
    return f"pages/{index // PAGES_PER_FOLDER:03d}/{index:06d}{ext}"


@lru_cache(maxsize=8192)
def _meta(seed: int, index: int, mix: Mix) -> tuple[str, bool, str, str]:
    """(role, is_html, script, file suffix) of a page; reposts look up their original's."""
    rng = Rng(f"meta:{seed}:{index}")
    roll, is_html, hant, ext = rng.random(), rng.random() < mix.html, rng.random(), rng.random()
    if index > 0 and roll < mix.repost:
        role = "repost"
    elif roll < mix.repost + mix.seo:
        role = "seo"
    else:
        role = "original"
    suffix = (".htm" if ext < 0.2 else ".html") if is_html else ".txt"
    return role, is_html, "hant" if hant < mix.hant else "hans", suffix


def make_page(seed: int, index: int, mix: Mix = Mix()) -> Page:
    """Page `index` of the corpus `seed`: its bytes, where it goes and its truth line."""
    rng = Rng(f"page:{seed}:{index}")
    role, is_html, script, suffix = _meta(seed, index, mix)
    duplicate_of = None
    repost_kind = None
    if role == "repost":
        back = index - 1 - rng.randrange(min(index, REPOST_WINDOW))
        while back > 0 and _meta(seed, back, mix)[0] != "original":
            back -= 1
        if _meta(seed, back, mix)[0] == "original":
            duplicate_of = page_path(back, _meta(seed, back, mix)[3])
            repost_kind = "copy" if rng.random() < mix.repost_copy else "edited"
            article = _repost(make_article(seed, back), rng, repost_kind == "copy", _prose(seed))
        else:
            role = "original"
    if role == "original":
        article = make_article(seed, index)
    elif role == "seo":
        article = _seo_article(seed, index, rng)
    spam_hits = 0
    spun = False
    if role == "original" and rng.random() < mix.spam:
        spam_hits = _inject_spam(article, rng)
    elif role == "original" and script == "hans" and rng.random() < mix.spun:
        _spin(article)
        spun = True
    site = rng.choice(_SITES)
    if script == "hant":
        encoding = "cp950" if rng.random() < mix.big5 else "utf-8"
    else:
        encoding = "gb18030" if rng.random() < mix.gbk else "utf-8"
    declared = None
    if is_html:
        label = {"utf-8": "utf-8", "gb18030": rng.choice(("gbk", "gb2312")), "cp950": "big5"}
        declared = label[encoding]
        charset_meta = (
            f'<meta charset="{declared}">'
            if rng.random() < 0.6
            else f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">'
        )
        text = _html(article, site, charset_meta, rng)
    else:
        text = _text(article, site, rng)
    if script == "hant":
        text = _converter("s2t").convert(text)
    try:
        data = text.encode(encoding, errors=_BIG5_VARIANTS)
    except UnicodeEncodeError:
        encoding, data = "utf-8", text.encode("utf-8")
        if declared:
            data = data.replace(f"charset={declared}".encode(), b"charset=utf-8").replace(
                f'charset="{declared}"'.encode(), b'charset="utf-8"'
            )
            declared = "utf-8"
    path = page_path(index, suffix)
    truth = {
        "index": index,
        "file": path,
        "role": role,
        "format": "html" if is_html else "text",
        "encoding": encoding,
        "declared": declared,
        "script": script,
        "title": article.title,
        "published_at": article.published.isoformat(),
        "source": article.source,
        "duplicate_of": duplicate_of,
        "repost": repost_kind,
        "spam_hits": spam_hits,
        "spun": spun,
        "chars": len(text),
        "figures": article.figures,
    }
    return Page(index, path, data, truth)


# ---------------------------------------------------------------------------------------------
# The corpus on disk.


def _write_range(args: tuple[Path, int, int, int, Mix]) -> tuple[list[str], Counter[str]]:
    """Write one folder's pages; returns their truth lines and counts (small, for the parent)."""
    out, seed, start, stop, mix = args
    lines: list[str] = []
    counts: Counter[str] = Counter()
    folder = None
    for index in range(start, stop):
        page = make_page(seed, index, mix)
        target = out / page.path
        if target.parent != folder:
            folder = target.parent
            folder.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page.data)
        lines.append(json.dumps(page.truth, ensure_ascii=False))
        _count(page.truth, counts)
    return lines, counts


def _count(row: dict, counts: Counter[str]) -> None:
    counts[f"role:{row['role']}"] += 1
    counts[f"format:{row['format']}"] += 1
    counts[f"encoding:{row['encoding']}"] += 1
    counts[f"script:{row['script']}"] += 1
    counts["figures"] += len(row["figures"])
    counts["chars"] += row["chars"]
    counts["spam_injected"] += row["spam_hits"] > 0
    counts["spun"] += row["spun"]
    if row["repost"]:
        counts[f"repost:{row['repost']}"] += 1


def write_corpus(out: Path, n: int, seed: int, mix: Mix = Mix(), workers: int = 1) -> dict:
    """Write n pages and their truth under `out`; returns the manifest (also written as JSON)."""
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    chunks = [
        (out, seed, start, min(start + PAGES_PER_FOLDER, n), mix)
        for start in range(0, n, PAGES_PER_FOLDER)
    ]
    counts: Counter[str] = Counter()
    with open(out / "truth.jsonl", "w", encoding="utf-8") as truth:
        if workers > 1:
            with ProcessPoolExecutor(workers) as pool:
                results = pool.map(_write_range, chunks)
                _collect(results, truth, counts)
        else:
            _collect(map(_write_range, chunks), truth, counts)
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "pages": n,
        "mix": asdict(mix),
        "counts": dict(sorted(counts.items())),
        "seconds": round(time.perf_counter() - started, 2),
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return manifest


def _collect(
    results: Iterator[tuple[list[str], Counter[str]]], truth: TextIO, counts: Counter[str]
) -> None:
    for lines, chunk_counts in results:
        truth.write("".join(line + "\n" for line in lines))
        counts.update(chunk_counts)


def read_truth(out: Path) -> Iterator[dict]:
    """The truth lines of a corpus, in page order."""
    with open(out / "truth.jsonl", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


# ---------------------------------------------------------------------------------------------
# Scoring a lake against the truth.

ExtractedRow = tuple[str, str, str | None, object, object, float | None, float | None]


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def figure_matches(truth: dict, row: Sequence[object]) -> bool:
    """An extracted (metric, region, period_start, period_end, value, yoy_pct) states the truth."""
    metric, region, start, end, value, yoy = row
    return (
        metric == truth["metric"]
        and region == truth["region"]
        and (str(start) if start is not None else None) == truth["period_start"]
        and (str(end) if end is not None else None) == truth["period_end"]
        and _same(value, truth["value"])
        and _same(yoy, truth["yoy_pct"])
    )


def noise_tags(row: dict) -> list[str]:
    """The noise dimensions a page belongs to, for recall broken down by noise."""
    noise = "spam" if row["spam_hits"] else "spun" if row["spun"] else "clean"
    return [
        f"format={row['format']}",
        f"encoding={row['encoding']}",
        f"script={row['script']}",
        f"noise={noise}",
    ]


def score_figures(truth: Iterable[dict], extracted: Iterable[ExtractedRow]) -> dict:
    """Recall of the truth's figures in the lake (original pages only: reposts are duplicates and
    their figures belong to the canonical copy), and the share of extracted rows that are true.

    `extracted` rows are (url, metric, region, period_start, period_end, value, yoy_pct); pages are
    matched by file name, which is unique in a corpus.
    """
    by_page: dict[str, list[tuple]] = {}
    for url, *fields in extracted:
        by_page.setdefault(Path(url).name, []).append(tuple(fields))
    counts: Counter[str] = Counter()
    for row in truth:
        if row["role"] != "original":
            continue
        got = by_page.get(Path(row["file"]).name, [])
        tags = noise_tags(row)
        for fig in row["figures"]:
            hit = any(figure_matches(fig, g) for g in got)
            counts["figures"] += 1
            counts["found"] += hit
            for tag in tags:
                counts[f"figures:{tag}"] += 1
                counts[f"found:{tag}"] += hit
        counts["extracted"] += len(got)
        counts["extracted_true"] += sum(
            any(figure_matches(fig, g) for fig in row["figures"]) for g in got
        )
    recall_by = {
        key.removeprefix("figures:"): round(counts[f"found:{key[8:]}"] / total, 4)
        for key, total in sorted(counts.items())
        if key.startswith("figures:") and total
    }
    return {
        "figures": counts["figures"],
        "found": counts["found"],
        "recall": round(counts["found"] / max(counts["figures"], 1), 4),
        "extracted": counts["extracted"],
        "precision": round(counts["extracted_true"] / max(counts["extracted"], 1), 4),
        "recall_by": recall_by,
    }


def score_duplicates(truth: Iterable[dict], pairs: Iterable[tuple[str, str]]) -> dict:
    """How many reposts the lake marks as duplicates (of their original), and false alarms.

    `pairs` are (url, canonical url) for every document the lake calls a duplicate.
    """
    canonical_of = {Path(url).name: Path(canon).name for url, canon in pairs}
    counts: Counter[str] = Counter()
    for row in truth:
        name = Path(row["file"]).name
        if row["role"] == "repost":
            counts["reposts"] += 1
            counts["detected"] += name in canonical_of
            counts["detected_with_original"] += (
                canonical_of.get(name) == Path(row["duplicate_of"]).name
            )
        elif row["role"] == "original":
            counts["originals"] += 1
            counts["false_duplicates"] += name in canonical_of
    return {
        **counts,
        "recall": round(counts["detected"] / max(counts["reposts"], 1), 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="pages to write")
    parser.add_argument("--out", type=Path, required=True, help="corpus folder (created)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2, help="processes writing pages")
    parser.add_argument("--repost", type=float, default=Mix().repost, help="near-duplicate rate")
    args = parser.parse_args(argv)
    manifest = write_corpus(args.out, args.n, args.seed, Mix(repost=args.repost), args.workers)
    counts = manifest["counts"]
    print(
        f"{args.n} pages in {manifest['seconds']} s -> {args.out} "
        f"({counts.get('chars', 0) / max(args.n, 1):.0f} chars a page, "
        f"{counts.get('role:repost', 0)} reposts, {counts.get('figures', 0)} figures)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
