"""Dedupe over the lake (newslake/dedupe/index.py): clusters, incremental index from stored signatures,
stable assignment, and what the views show. Uses real DuckDB files through newslake.store.documents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import opencc
import pytest

from newslake.clean import clean_page
from newslake.dedupe import neardup
from newslake.dedupe.index import DedupeIndex, dedupe, fingerprint
from newslake.records import Document, KnownDocument, Quality
from newslake.store import documents as load
from newslake.store.connection import apply_schema, writing
from tests.support.stories import MEETING

TIMEOUT = 30.0
STORY = MEETING
OTHER = [
    "记者从四川省统计局获悉，前三季度全省地区生产总值达到4.4万亿元，按不变价格计算同比增长6.0%。",
    "分产业看，第一产业增加值4329.1亿元，增长3.5%；第二产业增加值1.5万亿元，增长5.3%；第三产业增加值2.4万亿元，增长6.9%。",
    "全省规模以上工业增加值同比增长6.1%，其中电子信息产业增长9.4%，装备制造产业增长7.2%。",
    "社会消费品零售总额1.9万亿元，同比增长8.5%；固定资产投资比上年同期增长2.8%。",
]
THIRD = [
    "天府新区今日集中签约37个重大项目，总投资约612亿元，涉及集成电路、生物医药和现代物流等领域。",
    "据介绍，签约项目中先进制造业项目21个，占比56.8%，建成后预计年产值可达1500亿元，新增就业1.2万人。",
    "新区负责人表示，将围绕主导产业延链补链强链，持续优化营商环境，推动项目早开工、早投产。",
]
BASE_TIME = datetime(2024, 12, 28, 9, 0)


def make_doc(
    doc_id: str, text: str, *, hours: int = 0, flag: str = "ok", restored: str | None = None
) -> Document:
    return Document(
        doc_id=doc_id,
        location=f"https://site-{doc_id}.example.cn/{doc_id}.html",
        raw_sha256=f"{doc_id:0>64}",
        seen_at=datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=len(doc_id)),
        title=f"title {doc_id}",
        published_at=BASE_TIME + timedelta(hours=hours),
        text=text,
        restored_text=restored,
        quality=Quality(chars_after=len(text), flag=flag),
    )


def corpus() -> list[Document]:
    """A story with its copies, two other stories, a spam page copying the story."""
    story = "\n".join(STORY)
    trad = clean_page(opencc.OpenCC("s2hk").convert(story), is_html=False).text
    return [
        make_doc("a1", story, hours=2),
        make_doc("b1", "\n".join(OTHER), hours=1),
        make_doc("a2", "\n".join(STORY[:4]) + "\n点击阅读全文", hours=0),  # trimmed, earliest
        make_doc("a3", "　　" + story.replace("，", ","), hours=5),  # same text after folding
        make_doc("a4", trad, hours=3),  # Traditional twin, cleaned
        make_doc("s1", story, hours=1, flag="spam"),
        make_doc("c1", "\n".join(THIRD), hours=4),
        make_doc("b2", "\n".join(OTHER[:3]), hours=6),
    ]


def run(docs: list[Document], index: DedupeIndex, batch: int = 200) -> dict[str, tuple]:
    out = {}
    for start in range(0, len(docs), batch):
        chunk = docs[start : start + batch]
        dedupe(chunk, fingerprint(chunk), index)
        out.update((d.doc_id, (d.cluster_id, d.matched_doc_id, d.dup_method)) for d in chunk)
    return out


def store(db: Path, docs: list[Document]) -> None:
    load.load_documents(db, docs, fingerprint(docs), "test", "run-1", timeout=TIMEOUT)


def dedupe_and_store(db: Path, docs: list[Document], index: DedupeIndex) -> None:
    signatures = fingerprint(docs)
    dedupe(docs, signatures, index)
    load.load_documents(db, docs, signatures, "test", "run-1", timeout=TIMEOUT)


def from_lake(db: Path, replaced: list[str] | None = None) -> DedupeIndex:
    return DedupeIndex.from_known(
        load.known_documents(db, replaced=replaced or [], timeout=TIMEOUT)
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lake" / "newslake.duckdb"
    with writing(path, timeout=TIMEOUT) as con:
        apply_schema(con)
    return path


def test_fingerprint_hashes_the_extraction_text() -> None:
    spun = make_doc("x", "地域临盆总值伸长", restored="地区生产总值增长")
    plain = make_doc("y", "地区生产总值增长")
    signatures = fingerprint([spun, plain])
    assert spun.text_hash == plain.text_hash == neardup.text_hash("地区生产总值增长")
    assert signatures["x"] == signatures["y"]
    assert neardup.signature_from_bytes(signatures["x"]).minhash.shape == (neardup.NUM_PERM,)


def test_copies_join_the_story_and_other_reports_stay_apart() -> None:
    docs = corpus()
    index = DedupeIndex()
    copies = dedupe(docs, fingerprint(docs), index)
    got = {d.doc_id: d for d in docs}
    assert {d.doc_id for d in docs if d.cluster_id == "a1"} == {"a1", "a2", "a3", "a4"}
    assert got["a3"].dup_method == "exact" and got["a3"].similarity == 1.0
    assert got["a2"].dup_method == "near" and got["a2"].matched_doc_id == "a1"
    assert neardup.THRESHOLD <= got["a2"].similarity < 1.0
    assert got["a4"].dup_method in ("near", "exact")
    assert got["b2"].cluster_id == "b1" and got["c1"].cluster_id == "c1"
    assert got["s1"].cluster_id == "s1" and got["s1"].matched_doc_id is None  # spam stays out
    assert "s1" not in index.near and copies == 4
    assert got["a1"].matched_doc_id is None and got["a1"].dup_method is None


def test_batch_size_does_not_change_clusters() -> None:
    whole = run(corpus(), DedupeIndex())
    assert run(corpus(), DedupeIndex(), batch=1) == whole
    assert run(corpus(), DedupeIndex(), batch=3) == whole
    assert run(corpus(), DedupeIndex()) == whole  # and a rerun (reprocess) gives the same ids


def test_index_rebuilt_from_the_lake_gives_the_same_clusters(db: Path) -> None:
    in_memory = run(corpus(), DedupeIndex())
    docs = corpus()
    dedupe_and_store(db, docs[:4], DedupeIndex())
    index = from_lake(db)
    assert len(index.near) == 4
    dedupe_and_store(db, docs[4:], index)
    rows = duckdb.connect(str(db), read_only=True).execute(
        "select d.doc_id, c.cluster_id, c.matched_doc_id, c.method "
        "from documents d join doc_clusters c using (doc_id)"
    )
    assert {r[0]: tuple(r[1:]) for r in rows.fetchall()} == in_memory


def test_new_pages_are_compared_with_stored_signatures_not_recomputed(db: Path) -> None:
    """The lake's row for `old` carries the signature of OTHER while its text is STORY: a new copy
    of OTHER matches it and a copy of STORY does not, so only the stored signature was used."""
    old = make_doc("old", "\n".join(STORY))
    old.cluster_id = "old"
    old_signature = fingerprint([make_doc("tmp", "\n".join(OTHER))])["tmp"]
    old.text_hash = neardup.text_hash(old.text)
    load.load_documents(db, [old], {"old": old_signature}, "test", "run-1", timeout=TIMEOUT)
    index = from_lake(db)
    new = [make_doc("n1", "\n".join(OTHER[:3])), make_doc("n2", "\n".join(STORY[:4]))]
    dedupe(new, fingerprint(new), index)
    assert new[0].matched_doc_id == "old" and new[1].matched_doc_id is None


def test_signatures_of_other_settings_fall_back_to_exact_matching() -> None:
    story = "\n".join(STORY)
    stale_bytes = b"nlmh" + bytes(16 + 4 * 128)  # the previous format
    known = [KnownDocument("old", neardup.text_hash(story), "old", stale_bytes)]
    index = DedupeIndex.from_known(known)
    assert "old" not in index.near
    exact, near = make_doc("e", story), make_doc("n", "\n".join(STORY[:4]))
    dedupe([exact, near], fingerprint([exact, near]), index)
    assert exact.matched_doc_id == "old" and exact.dup_method == "exact"
    assert near.matched_doc_id == "e"  # not "old": it has no usable signature
    none_stored = DedupeIndex.from_known([KnownDocument("z", "h", "z", None)])
    assert "z" not in none_stored.near and none_stored.cluster_of == {"z": "z"}


def test_a_founder_whose_page_changed_leaves_its_cluster(db: Path) -> None:
    docs = corpus()[:3]  # a1 founds the cluster, a2 joins it
    dedupe_and_store(db, docs, DedupeIndex())
    changed = make_doc("a1", "\n".join(THIRD))  # same location, now another story
    index = from_lake(db, replaced=[changed.location])
    assert "a1" not in index.near and index.members["a1"] == 1  # a2 still in cluster "a1"
    dedupe_and_store(db, [changed], index)
    assert changed.cluster_id != "a1" and changed.cluster_id.startswith("a1.")
    unchanged = make_doc("a1", "\n".join(STORY), hours=2)
    index = from_lake(db, replaced=[unchanged.location])
    dedupe([unchanged], fingerprint([unchanged]), index)
    assert unchanged.cluster_id == "a1"  # back to its copies once it matches them again


def test_clusters_are_not_merged_through_a_document_resembling_both() -> None:
    bridge = "\n".join([*STORY[:3], *OTHER[:3]])
    docs = [make_doc("p", "\n".join(STORY[:3])), make_doc("q", "\n".join(OTHER))]
    index = DedupeIndex()
    run(docs, index)
    assert {m for m, _ in index.near.query(neardup.signature(bridge))} == {"p", "q"}
    third = make_doc("r", bridge)
    run([third], index)
    assert third.cluster_id in ("p", "q")
    assert index.cluster_of["p"] == "p" and index.cluster_of["q"] == "q"
    assert index.members == {"p": 1 + (third.cluster_id == "p"), "q": 1 + (third.cluster_id == "q")}


def test_views_show_clusters_and_keep_the_canonical_copy_on_rerun(db: Path) -> None:
    dedupe_and_store(db, corpus(), DedupeIndex())

    def views() -> tuple[dict, set]:
        with duckdb.connect(str(db), read_only=True) as con:
            dup_of = dict(con.execute("select doc_id, duplicate_of from v_documents").fetchall())
            dups = set(
                con.execute("select doc_id, duplicate_of, method from v_duplicates").fetchall()
            )
        return dup_of, dups

    dup_of, dups = views()
    # canonical: the earliest published member (a2, a trimmed copy published first)
    assert dup_of["a2"] is None
    assert {dup_of[d] for d in ("a1", "a3", "a4")} == {"a2"}
    assert dup_of["b1"] is None and dup_of["b2"] == "b1" and dup_of["c1"] is None
    assert "s1" not in dup_of  # spam pages are not documents for analysts
    assert ("a3", "a2", "exact") in dups and ("b2", "b1", "near") in dups
    # a rerun re-deriving everything (reprocess): empty index, same order -> same canonicals
    docs = corpus()
    index = from_lake(db, replaced=[d.location for d in docs])
    assert len(index.near) == 0
    dedupe_and_store(db, docs, index)
    assert views() == (dup_of, dups)
