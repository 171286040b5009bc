"""Cleaning totals of a run for its summary: what an operator reads to see how much spam, spin
and chrome a run removed, so every count must add up over the documents."""

from __future__ import annotations

from newslake.clean.summary import FLAGS, quality_totals
from newslake.records import Quality


def test_no_documents_still_give_a_zero_for_every_flag() -> None:
    assert quality_totals([]) == {f"flag_{flag}": 0 for flag in FLAGS}
    assert set(FLAGS) == {"spam", "short", "spun", "masked", "ok"}


def test_documents_are_counted_per_flag() -> None:
    qualities = [Quality(flag="ok"), Quality(flag="spam"), Quality(flag="ok"), Quality(flag="spun")]
    totals = quality_totals(qualities)
    assert {k: v for k, v in totals.items() if k.startswith("flag_")} == {
        "flag_spam": 1,
        "flag_short": 0,
        "flag_spun": 1,
        "flag_masked": 0,
        "flag_ok": 2,
    }


def test_the_counts_of_every_document_are_summed() -> None:
    qualities = [
        Quality(chars_before=900, chars_after=700, spam_hits=3, spin_restored=2, masked_words=1),
        Quality(chars_before=400, chars_after=380, spam_hits=1, pinyin_glosses=4, flag="masked"),
    ]
    totals = quality_totals(qualities)
    assert (totals["spam_hits"], totals["spin_restored"]) == (4, 2)
    assert (totals["masked_words"], totals["pinyin_glosses"]) == (1, 4)
    assert totals["chars_removed"] == 200 + 20
    assert (totals["flag_ok"], totals["flag_masked"]) == (1, 1)


def test_text_that_grew_in_cleaning_removes_no_characters() -> None:
    """Restoring spun words can lengthen a text: it must not cancel another page's removals."""
    qualities = [
        Quality(chars_before=100, chars_after=130),
        Quality(chars_before=50, chars_after=10),
    ]
    assert quality_totals(qualities)["chars_removed"] == 40


def test_removed_lines_are_totalled_and_kept_per_reason() -> None:
    qualities = [
        Quality(lines_removed={"menu": 3, "boilerplate": 2}),
        Quality(lines_removed={"menu": 1, "photo_credit": 4}),
        Quality(),
    ]
    totals = quality_totals(qualities)
    assert totals["lines_removed"] == 10
    assert totals["lines_removed_menu"] == 4
    assert totals["lines_removed_boilerplate"] == 2
    assert totals["lines_removed_photo_credit"] == 4


def test_the_totals_are_a_plain_dict_of_ints_from_any_iterable() -> None:
    totals = quality_totals(Quality(spam_hits=n) for n in (1, 2, 3))
    assert type(totals) is dict
    assert totals["spam_hits"] == 6 and totals["flag_ok"] == 3
    assert all(isinstance(v, int) for v in totals.values())


def test_a_flag_outside_the_known_ones_is_counted_under_its_own_key() -> None:
    totals = quality_totals([Quality(flag="hijacked")])
    assert totals["flag_hijacked"] == 1
    assert totals["flag_ok"] == 0
