"""Selecting audits for moderation: reproducible, stable as audits are added, with reasons."""
import hashlib
import random
from datetime import date, datetime, timedelta

import pytest

from app.moderation.rules import (
    AuditRecord,
    ModerationPolicy,
    random_draw,
    select_for_moderation,
)

GRADES = ["outstanding", "good", "requires_improvement", "inadequate"]


def make_audits(n, start=1):
    """Audits with ids start..start+n-1, five auditors, one submitted per hour."""
    base = datetime(2026, 3, 2, 9, 0)
    return [
        AuditRecord(i, f"auditor-{i % 5}", base + timedelta(hours=i), GRADES[i % 4])
        for i in range(start, start + n)
    ]


# --- the random draw --------------------------------------------------------------------------


def test_random_draw_is_the_documented_hash():
    digest = hashlib.sha256(b"2026:41").digest()
    assert random_draw(2026, 41) == int.from_bytes(digest[:8], "big") / 2**64
    assert 0 <= random_draw(2026, 41) < 1


def test_same_seed_same_selection_whatever_the_input_order():
    audits = make_audits(300)
    policy = ModerationPolicy(random_share=0.2, extremes=True, first_n_per_auditor=2)
    first = select_for_moderation(audits, policy, seed=99)
    for shuffle_seed in range(5):
        shuffled = audits[:]
        random.Random(shuffle_seed).shuffle(shuffled)
        again = select_for_moderation(shuffled, policy, seed=99)
        assert again.ids == first.ids
        assert again.reasons == first.reasons


def test_a_different_seed_gives_a_different_random_selection():
    audits = make_audits(300)
    policy = ModerationPolicy(random_share=0.2)
    assert select_for_moderation(audits, policy, 1).ids != select_for_moderation(audits, policy, 2).ids


def test_adding_audits_later_does_not_change_earlier_decisions():
    policy = ModerationPolicy(random_share=0.2)
    early = select_for_moderation(make_audits(100), policy, seed=7)
    later = select_for_moderation(make_audits(100) + make_audits(400, start=101), policy, seed=7)
    assert [i for i in later.ids if i <= 100] == list(early.ids)


def test_share_is_about_right_over_ten_thousand_audits():
    audits = [AuditRecord(i, "a", date(2026, 1, 1), "good") for i in range(10_000)]
    chosen = select_for_moderation(audits, ModerationPolicy(random_share=0.2), seed=2026)
    # Binomial(10 000, 0.2): mean 2 000, standard deviation 40; allow 5 standard deviations.
    assert 1800 <= len(chosen) <= 2200
    assert all(s.reasons == ("random 20%",) for s in chosen)


def test_share_of_one_selects_everything():
    audits = make_audits(50)
    assert len(select_for_moderation(audits, ModerationPolicy(random_share=1), seed=3)) == 50


def test_string_seed_works_and_selection_records_it():
    selection = select_for_moderation(make_audits(20), ModerationPolicy(random_share=0.5), seed="round-2026-Q1")
    assert selection.seed == "round-2026-Q1"
    assert selection.considered == 20


# --- extremes and first N ---------------------------------------------------------------------


def test_extremes_selects_exactly_inadequate_and_outstanding():
    audits = [
        AuditRecord(1, "a", date(2026, 3, 2), "Outstanding"),
        AuditRecord(2, "a", date(2026, 3, 3), "good"),
        AuditRecord(3, "b", date(2026, 3, 3), "Requires improvement"),
        AuditRecord(4, "b", date(2026, 3, 4), "inadequate"),
        AuditRecord(5, "c", date(2026, 3, 5), "Adequate"),  # legacy word: Requires improvement
        AuditRecord(6, "c", date(2026, 3, 5), None),  # no judgement
    ]
    chosen = select_for_moderation(audits, ModerationPolicy(extremes=True), seed=1)
    assert chosen.reasons == {1: ("judged Outstanding",), 4: ("judged Inadequate",)}


def test_first_n_per_auditor_by_submission_time_then_id():
    audits = [
        AuditRecord(10, "ann", datetime(2026, 3, 4, 9), "good"),
        AuditRecord(11, "ann", datetime(2026, 3, 2, 9), "good"),  # Ann's 1st
        AuditRecord(12, "ann", datetime(2026, 3, 3, 9), "good"),  # same time as 9 but a higher id: Ann's 3rd
        AuditRecord(9, "ann", datetime(2026, 3, 3, 9), "good"),  # same time as 12, lower id: Ann's 2nd
        AuditRecord(20, "bob", datetime(2026, 3, 9, 9), "good"),  # Bob's 1st
        AuditRecord(21, "bob", datetime(2026, 3, 10, 9), "good"),  # Bob's 2nd
    ]
    chosen = select_for_moderation(audits, ModerationPolicy(first_n_per_auditor=2), seed=1)
    # Ann: 11 (2 Mar), then 9 and 12 tie on 3 Mar and 9 has the lower id -> 11, 9. Bob: 20, 21.
    assert chosen.ids == (11, 9, 20, 21)
    assert chosen.reasons[11] == ("one of the first 2 audits by this auditor",)


def test_first_audit_only_reads_naturally():
    audits = make_audits(10)
    chosen = select_for_moderation(audits, ModerationPolicy(first_n_per_auditor=1), seed=1)
    # auditors auditor-0..4; ids 1..10 one hour apart: first by each is ids 1..5
    assert chosen.ids == (1, 2, 3, 4, 5)
    assert chosen.reasons[1] == ("the first audit by this auditor",)


def test_reasons_combine_in_a_fixed_order():
    audits = [
        AuditRecord(1, "ann", date(2026, 3, 2), "inadequate"),
        AuditRecord(2, "ann", date(2026, 3, 3), "good"),
        AuditRecord(3, "ann", date(2026, 3, 4), "good"),
        AuditRecord(4, "ann", date(2026, 3, 5), "good"),
    ]
    policy = ModerationPolicy(random_share=0.2, extremes=True, first_n_per_auditor=3)
    chosen = select_for_moderation(audits, policy, seed=5)
    for audit in audits:
        expected = []
        if random_draw(5, audit.id) < 0.2:
            expected.append("random 20%")
        if audit.id == 1:
            expected.append("judged Inadequate")
        if audit.id <= 3:
            expected.append("one of the first 3 audits by this auditor")
        assert chosen.reasons.get(audit.id, ()) == tuple(expected)
    assert chosen.reasons[1][-2:] == ("judged Inadequate", "one of the first 3 audits by this auditor")


def test_all_selects_everything_with_its_reason():
    chosen = select_for_moderation(make_audits(4), ModerationPolicy(all=True), seed=1)
    assert chosen.ids == (1, 2, 3, 4)
    assert chosen.reasons[2] == ("every audit is moderated",)


def test_random_share_text_for_awkward_shares():
    audits = make_audits(200)
    for share, text in [(0.125, "random 12.5%"), (1 / 3, "random 33.3%"), (0.05, "random 5%")]:
        chosen = select_for_moderation(audits, ModerationPolicy(random_share=share), seed=1)
        assert {s.reasons for s in chosen} == {(text,)}


def test_records_may_be_mappings_or_objects():
    class Audit:
        def __init__(self, id, auditor_id, submitted_at, judgement):
            self.id, self.auditor_id, self.submitted_at, self.judgement = id, auditor_id, submitted_at, judgement

    audits = [
        {"id": 1, "auditor_id": "a", "submitted_at": date(2026, 3, 2), "judgement": "inadequate"},
        Audit(2, "a", date(2026, 3, 3), "outstanding"),
    ]
    assert select_for_moderation(audits, ModerationPolicy(extremes=True), seed=1).ids == (1, 2)


def test_selection_is_in_submission_order():
    audits = make_audits(30)
    chosen = select_for_moderation(list(reversed(audits)), ModerationPolicy(all=True), seed=1)
    assert chosen.ids == tuple(range(1, 31))
    assert 5 in chosen and 99 not in chosen


# --- refusals -----------------------------------------------------------------------------------


def test_duplicate_ids_are_refused():
    audits = make_audits(3) + make_audits(1)
    with pytest.raises(ValueError, match="listed twice"):
        select_for_moderation(audits, ModerationPolicy(all=True), seed=1)


def test_unsubmitted_audits_are_refused():
    with pytest.raises(ValueError, match="has not been submitted"):
        select_for_moderation([AuditRecord(1, "a", None, "good")], ModerationPolicy(all=True), seed=1)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({}, "at least one rule"),
        ({"random_share": 0}, "more than 0 and at most 1"),
        ({"random_share": 20}, "more than 0 and at most 1"),
        ({"random_share": True}, "more than 0 and at most 1"),
        ({"first_n_per_auditor": 0}, "1 or more"),
        ({"first_n_per_auditor": 2.5}, "1 or more"),
    ],
)
def test_bad_policies_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ModerationPolicy(**kwargs)


def test_bad_seeds_are_refused():
    for seed in (None, 1.5, True):
        with pytest.raises(TypeError):
            select_for_moderation(make_audits(2), ModerationPolicy(all=True), seed=seed)


def test_policy_from_stored_settings_and_described():
    policy = ModerationPolicy.from_mapping({"random_share": 0.2, "extremes": True, "first_n_per_auditor": 3})
    assert policy == ModerationPolicy(random_share=0.2, extremes=True, first_n_per_auditor=3)
    assert policy.describe() == (
        "Moderated: a random 20% of audits, every audit judged Inadequate or Outstanding "
        "and the first 3 audits by each auditor."
    )
    assert ModerationPolicy(all=True).describe() == "Every audit is moderated."
    assert ModerationPolicy(first_n_per_auditor=1).describe() == "Moderated: each auditor's first audit."
    with pytest.raises(ValueError, match="Unknown moderation policy setting"):
        ModerationPolicy.from_mapping({"share": 0.2})
