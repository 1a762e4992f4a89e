"""Consistency of the shipped actor data: codes, dates, one holder per office at a time, counts.

These read the data files as shipped (no spaCy). A failure names the actor and what is
wrong with it; the fix belongs in ``khaldun/data/actors``.

Acting holders are checked like substantive ones: the data records an acting term only
where the office was vacant or its holder suspended, and then ends or splits the
substantive term around it (South Korea 2004, 2016-17), so no exception is needed.
A one-day overlap is a handover (the outgoing term ends on the day the next begins).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from khaldun.kb.actors import ActorKB

SINGLE_HOLDER_TITLES = frozenset({
    "president", "prime minister", "chancellor", "king", "queen", "emir", "sultan", "supreme leader", "crown prince",
    "foreign minister", "defence minister", "interior minister", "finance minister", "speaker of parliament", "leader",
    "secretary-general",
})
HANDOVER_DAYS = 1
TARGET_ACTORS = 3000
TARGET_DATED_PERSON_ROLES = 1500
# Role titles the data uses that titles.v1.yaml does not define yet (reported as data issues; lookups by
# phrase cannot reach these offices until the titles file names them). Keep this list shrinking.
KNOWN_NONCANONICAL_TITLES: frozenset[str] = frozenset()


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return ActorKB.load()


def test_every_country_code_is_a_state_record(kb):
    states = {a.id for a in kb.countries()}
    assert len(states) >= 240
    bad = []
    for a in kb.actors.values():
        codes = ([a.country] if a.country else []) + list(a.countries) + [r.country for r in a.roles if r.country]
        bad += [f"{a.id} ({kb.where(a.id)}): {c}" for c in codes if c not in states]
    assert not bad, "unknown country codes:\n" + "\n".join(bad)


def test_states_are_their_own_country(kb):
    for s in kb.countries():
        assert s.country == s.id and len(s.id) == 3 and s.id.isupper(), s.id


def test_dates_are_in_order(kb):
    bad = []
    today = dt.date.today()
    for a in kb.actors.values():
        for r in a.roles:
            if r.start and r.end and r.end < r.start:
                bad.append(f"{a.id}: {r.title} ends {r.end} before it starts {r.start}")
            if r.start and r.start > today + dt.timedelta(days=366):
                bad.append(f"{a.id}: {r.title} starts in the future ({r.start})")
        for f in a.affiliations:
            if f.start and f.end and f.end < f.start:
                bad.append(f"{a.id}: affiliation {f.actor} ends before it starts")
        if a.active and a.active[0] and a.active[1] and a.active[1] < a.active[0]:
            bad.append(f"{a.id}: active period ends before it starts")
    assert not bad, "\n".join(bad)


def _overlaps(kb: ActorKB) -> list[str]:
    out = []
    for (holder, title), holders in kb.offices.items():
        if title not in SINGLE_HOLDER_TITLES:
            continue
        hs = sorted(holders, key=lambda h: h.role.start or dt.date.min)
        for i, a in enumerate(hs):
            for b in hs[i + 1:]:
                s1, e1 = a.role.start or dt.date.min, a.role.end or dt.date.max
                s2, e2 = b.role.start or dt.date.min, b.role.end or dt.date.max
                days = (min(e1, e2) - max(s1, s2)).days
                if days > HANDOVER_DAYS:
                    out.append(f"{holder} {title}: {a.actor_id} {a.role.start}..{a.role.end} and "
                               f"{b.actor_id} {b.role.start}..{b.role.end} overlap {days} days")
    return out


def test_one_holder_per_office_at_a_time(kb):
    bad = _overlaps(kb)
    assert not bad, "\n".join(bad)


def test_the_overlap_check_catches_two_holders():
    from khaldun.kb.records import ActorRecord

    def person(pid: str, start: str, end: str | None) -> ActorRecord:
        return ActorRecord.model_validate({"id": pid, "name": pid, "kind": "person", "country": "IRQ",
                                           "roles": [{"title": "prime minister", "country": "IRQ", "start": start,
                                                      "end": end}]})

    state = ActorRecord.model_validate({"id": "IRQ", "name": "Iraq", "kind": "state", "country": "IRQ"})
    handover = ActorKB([state, person("a", "2006-05-20", "2014-09-08"), person("b", "2014-09-08", None)])
    assert _overlaps(handover) == []
    clash = ActorKB([state, person("a", "2006-05-20", "2014-09-08"), person("b", "2014-06-01", None)])
    assert len(_overlaps(clash)) == 1 and "overlap" in _overlaps(clash)[0]


def test_role_titles_are_canonical(kb):
    canonical = {t.title for t in kb.titles}
    used = {r.title for a in kb.actors.values() for r in a.roles}
    unknown = used - canonical
    assert unknown <= KNOWN_NONCANONICAL_TITLES, f"titles missing from titles.v1.yaml: {sorted(unknown - KNOWN_NONCANONICAL_TITLES)}"
    assert not (KNOWN_NONCANONICAL_TITLES & canonical), "now defined in titles.v1.yaml: drop them from the known list"


def test_wikidata_ids_are_unique(kb):
    seen: dict[str, list[str]] = defaultdict(list)
    for a in kb.actors.values():
        if a.wikidata:
            seen[a.wikidata].append(a.id)
    dupes = {q: ids for q, ids in seen.items() if len(ids) > 1}
    assert not dupes, dupes


def test_every_office_holder_is_reachable_by_title(kb):
    """A role in an organization names a KB organization, so "the NATO secretary-general" can find it."""
    for a in kb.actors.values():
        for r in a.roles:
            if r.organization:
                assert kb.actors[r.organization].kind in ("organization", "group"), (a.id, r.organization)


def test_issue_3_size_targets(kb):
    """Targets of issue 3. Until every actor file (organizations, people of conflict states, organization
    leaders) is merged this reports the current counts as an expected failure; after that it must pass."""
    stats = kb.stats()
    message = (f"KB has {stats['actors']} actors (target {TARGET_ACTORS}) and {stats['dated_person_roles']} dated "
               f"person roles (target {TARGET_DATED_PERSON_ROLES}); by kind: {stats}")
    if stats.get("organization", 0) == 0:
        pytest.xfail("no organization file merged yet: " + message)
    assert stats["actors"] >= TARGET_ACTORS and stats["dated_person_roles"] >= TARGET_DATED_PERSON_ROLES, message
