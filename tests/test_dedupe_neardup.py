"""Near-duplicate signatures and the LSH index (newslake/dedupe/neardup.py), on the labelled pairs and on
small pairs written here."""

from __future__ import annotations

import struct
from collections import defaultdict
from pathlib import Path

import numpy as np
import opencc
import pytest

from bench import eval_dedup
from newslake.clean import clean_page
from newslake.dedupe import neardup
from newslake.dedupe.neardup import NearDupIndex, SchemeMismatch, Signature
from tests.support.stories import MEETING

PAIRS_DIR = Path(__file__).parent / "expected" / "duplicates"

# A report written for these tests; paragraphs are lines, as newslake.clean joins them.
REPORT = [
    *MEETING,
    "会议要求，两地相关部门要建立重大项目协调推进机制，定期调度进展情况，确保各项合作事项落地见效。",
]
# Another outlet's report of the same meeting: same facts, its own words.
SAME_MEETING = [
    "记者从重庆市发展改革委获悉，推动成渝地区双城经济圈建设重庆四川党政联席会议第八次会议于12月28日举行。",
    "会议通报，2024年两地共建重大项目248个，全年已完成投资4061亿元，完成年度计划的118.2%。",
    "重庆市与四川省当天集中签署12项合作协议，涵盖交通互联、产业协作和科技创新，另有18项政策事项将联合向国家争取。",
    "数据显示，前三季度双城经济圈地区生产总值达到5.9万亿元，增速6.2%，经济总量占全国的6.5%。",
    "与会代表认为，下一步应聚焦成渝中部地区协同崛起，把毗邻地区合作平台打造成一体化发展的样板。",
]


def text_of(paragraphs: list[str]) -> str:
    return "\n".join(paragraphs)


def sig(text: str) -> Signature:
    return neardup.signature(text)


def cleaned(page: str) -> str:
    """What the pipeline hashes: the cleaned page's extraction text."""
    result = clean_page(page, is_html=False)
    return result.restored_text if result.restored_text is not None else result.text


def is_copy(a: str, b: str) -> bool:
    sa, sb = sig(a), sig(b)
    return neardup.similarity(sa, sb) >= neardup.THRESHOLD and not neardup.figures_disagree(sa, sb)


# --- small pairs, one per kind ---------------------------------------------------------------


def test_repost_with_other_chrome_and_a_reworded_sentence_is_a_copy() -> None:
    page = (
        "首页 > 新闻中心 > 川渝合作\n双城经济圈建设全面起势\n"
        + text_of(REPORT)
        + "\n责任编辑：王明"
    )
    edited = list(REPORT)
    edited[5] = "会议明确，两地有关部门将建立重大项目协调推进机制，按月调度项目进展。"
    copy = (
        "当前位置：首页 >> 要闻 >> 正文\n川渝党政联席会议召开\n"
        + text_of(edited)
        + "\n分享到：微信 微博"
    )
    assert is_copy(cleaned(page), cleaned(copy))


def test_a_paragraph_dropped_and_one_added_is_a_copy() -> None:
    copy = [
        *REPORT[:3],
        *REPORT[4:],
        "（本报记者 张立 李娟）据悉，明年两地还将启动一批新的合作项目。",
    ]
    assert is_copy(text_of(REPORT), text_of(copy))


def test_trimmed_copy_is_a_copy() -> None:
    assert is_copy(text_of(REPORT), text_of(REPORT[:4]) + "\n点击阅读全文")


@pytest.mark.parametrize("config", ["s2t", "s2hk", "s2twp"])
def test_traditional_twin_cleaned_by_the_pipeline_is_a_copy(config: str) -> None:
    trad = opencc.OpenCC(config).convert("來源：香港成渝經濟網\n" + text_of(REPORT))
    twin = cleaned(trad)
    assert twin != text_of(REPORT)  # converted back, not the same string
    assert is_copy(text_of(REPORT), twin)


def test_spun_copy_is_found_through_the_restored_text() -> None:
    spun_words = {
        "地区": "地域",
        "生产": "临盆",
        "增长": "伸长",
        "全国": "寰宇",
        "建设": "筑造",
        "推动": "饱舞",
    }
    spun = text_of(REPORT)
    for original, replaced in spun_words.items():
        spun = spun.replace(original, replaced)
    page = clean_page(spun, is_html=False)
    assert page.restored_text is not None  # the cleaner saw the spinning and reversed it
    assert is_copy(text_of(REPORT), page.restored_text)


def test_two_reports_of_the_same_meeting_are_not_copies() -> None:
    assert not is_copy(text_of(REPORT), text_of(SAME_MEETING))


def test_same_wording_with_other_figures_is_not_a_copy() -> None:
    """A series' next report: the sentences repeat, the figures do not."""
    first = text_of(REPORT)
    figures = {"248": "263", "4061": "4384", "118.2": "112.7", "12项": "15项", "18项": "21项",
               "5.9": "6.1", "6.2": "5.8", "6.5": "6.7", "1.2": "1.4", "12月28日": "12月19日"}  # fmt: skip
    later = first
    for old, new in figures.items():
        later = later.replace(old, new)
    sa, sb = sig(first), sig(later)
    assert neardup.similarity(sa, sb) >= neardup.THRESHOLD  # wording alone would say copy
    assert neardup.figures_disagree(sa, sb)
    assert not neardup.figures_disagree(sa, sig(text_of(REPORT[:4])))  # a subset is no conflict


# --- the labelled set, through the pipeline's cleaning and boilerplate stripping ------------------


@pytest.fixture(scope="module")
def labelled() -> tuple[list[dict], dict[str, Signature]]:
    rows, pairs = eval_dedup.load()
    prepared = eval_dedup.prepare(rows)  # cleaned and boilerplate-stripped as the flow does
    texts = {doc_id: doc.extraction_text for doc_id, doc in prepared.items()}
    ids = list(texts)
    return pairs, dict(zip(ids, neardup.signatures([texts[i] for i in ids]), strict=True))


def test_labelled_set_covers_every_kind(labelled: tuple[list[dict], dict]) -> None:
    pairs, _ = labelled
    kinds: dict[str, int] = defaultdict(int)
    for p in pairs:
        kinds[p["kind"]] += 1
    positive = {"repost", "script_twin", "trimmed", "paragraph", "spun"}
    negative = {"same_meeting", "same_release", "next_release", "briefs_same_site"}
    assert positive | negative <= set(kinds)
    assert all(kinds[k] >= 30 for k in positive | negative)
    edits = [p["edit"] for p in pairs if p["kind"] == "repost"]
    assert min(edits) <= 0.08 and max(edits) >= 0.37 and max(edits) <= 0.40


def test_labelled_set_precision_and_recall(labelled: tuple[list[dict], dict]) -> None:
    pairs, sigs = labelled
    index = NearDupIndex()
    index.add_many(list(sigs), list(sigs.values()))
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    tp = fp = fn = 0
    for p in pairs:
        hit = p["b"] in {m for m, _ in index.query(sigs[p["a"]], exclude=p["a"])}
        found[p["kind"]][0] += hit
        found[p["kind"]][1] += 1
        tp += hit and p["label"]
        fp += hit and not p["label"]
        fn += p["label"] and not hit
    assert tp / (tp + fp) >= 0.99, dict(found)
    assert tp / (tp + fn) >= 0.95, dict(found)
    for kind in ("script_twin", "trimmed", "paragraph", "spun"):
        assert found[kind][0] == found[kind][1], (kind, dict(found))
    for kind in ("same_meeting", "next_release", "briefs_same_site"):
        assert found[kind][0] == 0, (kind, dict(found))


# --- signatures -------------------------------------------------------------------------------


def test_signature_round_trip() -> None:
    s = sig(text_of(REPORT))
    b = neardup.signature_to_bytes(s)
    back = neardup.signature_from_bytes(b)
    assert np.array_equal(back.minhash, s.minhash) and back.minhash.dtype == np.uint32
    assert np.array_equal(back.figures, s.figures) and back.n_figures == s.n_figures
    assert len(s.minhash) == neardup.NUM_PERM and s.n_figures >= 10
    assert neardup.signature_to_bytes(back) == b


def test_signatures_are_deterministic_and_batch_independent() -> None:
    texts = [text_of(REPORT), text_of(SAME_MEETING), ""]
    one_by_one = [neardup.signature_to_bytes(sig(t)) for t in texts]
    batch = [neardup.signature_to_bytes(s) for s in neardup.signatures(texts)]
    assert one_by_one == batch


def test_a_signature_of_other_settings_is_refused() -> None:
    b = neardup.signature_to_bytes(sig(text_of(REPORT)))
    magic, scheme, n, kept, seen = struct.unpack_from("<4sIHHI", b)
    other_scheme = struct.pack("<4sIHHI", magic, scheme ^ 1, n, kept, seen) + b[16:]
    old_format = b"nlmh" + b[4:]  # the format before figures were added
    for bad in (other_scheme, old_format, b[:-4], b[:10], b""):
        with pytest.raises(SchemeMismatch):
            neardup.signature_from_bytes(bad)
    assert issubclass(SchemeMismatch, ValueError)


def test_empty_text_matches_nothing() -> None:
    empty = sig("，。 \n")
    assert empty.is_empty() and empty.n_figures == 0
    assert neardup.similarity(empty, empty) == 0.0
    index = NearDupIndex()
    index.add("e", empty)
    assert "e" not in index and index.query(empty) == []


def test_shingle_hashes_count_the_distinct_shingles() -> None:
    norm = neardup.normalise(text_of(REPORT))
    hashes = neardup.shingle_hashes(norm)
    assert len(hashes) == len(neardup.shingles(norm)) and np.all(np.diff(hashes) > 0)
    assert len(neardup.shingle_hashes("短文")) == 1  # shorter than a shingle: itself
    assert len(neardup.shingle_hashes("")) == 0


def test_estimate_is_close_to_the_exact_jaccard() -> None:
    a, b = text_of(REPORT), text_of([*REPORT[:4], SAME_MEETING[1], SAME_MEETING[2]])
    sa, sb = (neardup.shingles(neardup.normalise(t)) for t in (a, b))
    exact = len(sa & sb) / len(sa | sb)
    assert abs(neardup.similarity(sig(a), sig(b)) - exact) < 0.1


def test_normalise_folds_what_reposting_changes() -> None:
    assert neardup.normalise("ＧＤＰ增长６.２％，") == neardup.normalise("gdp 增长6.2%,")
    assert neardup.text_hash("　　同比增长6.2%。") == neardup.text_hash("同比增长 6.2% .")


def test_figures_skip_years_and_single_digits() -> None:
    assert neardup.figures("2023年1—5月增长６.２%，总额5536.9亿元，第3次，共12项") == {
        "6.2",
        "5536.9",
        "12",
    }


def test_figure_containment_with_more_figures_than_the_sketch_keeps() -> None:
    many = "，".join(f"{100 + i}亿元" for i in range(80))
    half = (
        "，".join(f"{100 + i}亿元" for i in range(40))
        + "，"
        + "，".join(f"{900 + i}亿元" for i in range(40))
    )
    sa, sb = sig(many), sig(half)
    assert len(sa.figures) == neardup.FIGURES_KEPT and sa.n_figures == 80
    assert neardup.figure_containment(sa, sa) == 1.0
    assert 0.25 <= neardup.figure_containment(sa, sb) <= 0.75
    assert neardup.figure_containment(sa, sig("只有一个数字12")) is None


def test_band_keys_differ_by_band_and_are_deterministic() -> None:
    m = sig(text_of(REPORT)).minhash
    keys = neardup.band_keys(m)
    assert keys.shape == (1, neardup.BANDS) and keys.dtype == np.int64
    same = np.tile(m[:3], neardup.BANDS)  # every band holds the same three values
    assert len(set(neardup.band_keys(same, neardup.BANDS, 3)[0].tolist())) == neardup.BANDS
    assert np.array_equal(neardup.band_keys(m), keys)
    with pytest.raises(ValueError, match="bands"):
        neardup.band_keys(m[:10])


# --- the index ----------------------------------------------------------------------------------


def random_signatures(n: int, seed: int = 7) -> list[Signature]:
    rng = np.random.default_rng(seed)
    return [
        Signature(
            rng.integers(0, 2**32 - 1, neardup.NUM_PERM, dtype=np.uint32), np.zeros(0, np.uint32), 0
        )
        for _ in range(n)
    ]


def test_index_finds_copies_and_replaces_a_document() -> None:
    index = NearDupIndex()
    index.add("a", sig(text_of(REPORT)))
    index.add("b", sig(text_of(SAME_MEETING)))
    copy = sig(text_of(REPORT[:5]))
    assert [m for m, _ in index.query(copy)] == ["a"]
    assert index.query(sig(text_of(REPORT)), exclude="a") == []
    index.add("a", sig("完全不同的一篇文章，讲的是别的事情，与会议无关，也没有任何相同的句子。"))
    assert index.query(copy) == [] and len(index) == 2


def test_add_many_and_add_give_the_same_answers_across_merges() -> None:
    """1500 documents fill the key buffer (65,536 keys) and merge runs; answers must not change."""
    sigs = random_signatures(1500)
    texts = [text_of(REPORT), text_of(SAME_MEETING), text_of(REPORT[:4])]
    real = neardup.signatures(texts)
    one, bulk = NearDupIndex(), NearDupIndex()
    for i, s in enumerate(sigs):
        one.add(f"r{i}", s)
    one.add("a", real[0])
    one.add("b", real[1])
    assert one._runs and one._buffer  # keys in sorted runs and in the buffer
    bulk.add_many([f"r{i}" for i in range(len(sigs))] + ["a", "b"], [*sigs, real[0], real[1]])
    for q in (*real, sigs[5]):
        assert one.query(q) == bulk.query(q)
    assert [m for m, _ in one.query(real[2])] == ["a"]
    assert one.query(sigs[5])[0] == ("r5", 1.0)


def test_ties_go_to_the_smaller_doc_id_whatever_the_order() -> None:
    s = sig(text_of(REPORT))
    forward, backward = NearDupIndex(), NearDupIndex()
    for doc_id in ("x2", "x1", "x3"):
        forward.add(doc_id, s)
    for doc_id in ("x3", "x1", "x2"):
        backward.add(doc_id, s)
    assert forward.query(s) == backward.query(s) == [("x1", 1.0), ("x2", 1.0), ("x3", 1.0)]


def test_query_cost_does_not_depend_on_the_index_size() -> None:
    """Unrelated documents are not even candidates: the work is per band, not per document."""
    sigs = random_signatures(3000, seed=11)
    index = NearDupIndex()
    index.add_many([f"r{i}" for i in range(len(sigs))], sigs)
    probe = sig(text_of(REPORT))
    assert len(index.candidates(probe)) <= 3
