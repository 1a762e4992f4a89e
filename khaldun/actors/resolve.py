"""Who a phrase names, on a given date: KB actors, office holders, sectors from generic nouns.

``Resolver`` turns the parts of a noun phrase (the head, its modifiers, a title)
into the fields of an actor mention. It holds no per-document state: the
document's date and context country are passed in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from khaldun.kb.actors import ActorKB, AliasEntry, normalize
from khaldun.kb.records import ActorRecord, Role

# Sector an organization's own sector implies for a mention of it.
GROUP_KINDS = frozenset({"organization", "group"})
# "chief", "head", "leader" of an organization: its top office, whatever the organization calls it.
GENERIC_HEAD_TITLES = frozenset({"leader", "chairman", "president"})
TOP_OFFICES = ("leader", "secretary-general", "president", "chairman", "director-general", "commander",
               "supreme leader", "high representative", "prosecutor")


@dataclass
class Resolution:
    """The actor fields of a mention, and how they were found."""

    actor_id: str | None = None
    name: str | None = None
    country: str | None = None
    sector: str = "UNK"
    kind: str | None = None
    role: str | None = None
    method: str = ""
    confidence: float = 0.0
    patron: str | None = None
    members: list["Resolution"] = field(default_factory=list)
    span: tuple[int, int] | None = None  # token span of a compound member ("Kurdish" in "Iraqi and Kurdish forces")
    alias_kind: str | None = None  # how a KB actor was named: name, alias, adjective, demonym, metonym

    @property
    def found(self) -> bool:
        return self.actor_id is not None or self.country is not None or self.sector != "UNK"


class Resolver:
    """Resolution rules over one ActorKB."""

    def __init__(self, kb: ActorKB) -> None:
        self.kb = kb
        self._agent_cache: dict[str, str | None] = {}

    # -- single actors ---------------------------------------------------------------------
    def actor(self, actor_id: str, day: dt.date | None, *, method: str, alias_kind: str = "name",
              alias_sector: str | None = None, context_country: str | None = None) -> Resolution:
        """Fields of a KB actor on ``day``: a person's role decides their country and sector."""
        a = self.kb.actors[actor_id]
        country, sector, role = a.country, a.sector or "UNK", None
        if a.kind == "person":
            r = a.role_on(day)
            if r is not None:
                role = r.title
                if r.country:
                    country, sector = r.country, r.sector or "GOV"
                elif r.organization:
                    org = self.kb.actors.get(r.organization)
                    if org is not None:
                        # acting for the organization: the UN secretary-general is transnational, not Ghanaian
                        country = org.country
                        sector = r.sector or org.sector or sector
        elif a.kind == "state":
            sector = alias_sector or ("CVL" if alias_kind == "demonym" else "GOV")
        elif a.kind == "group" and a.country is None and a.countries:
            country = context_country if context_country in a.countries else a.countries[0]
        if alias_kind == "metonym" and alias_sector:
            sector = alias_sector
        return Resolution(actor_id=a.id, name=a.name, country=country, sector=sector, kind=a.kind, role=role,
                          method=method, confidence=0.9, alias_kind=alias_kind)

    def titled(self, res: Resolution, title: str, day: dt.date | None) -> Resolution:
        """A KB person named with an office title ("President Obama"): the role the text gives wins.

        The title in the text is evidence of the office at the time of writing, so when the
        KB has no role in force on ``day`` (or a different one) we take the person's role
        with that title nearest in time.
        """
        a = self.kb.actors.get(res.actor_id or "")
        if a is None or a.kind != "person" or res.role == title:
            return res
        matching = [r for r in a.roles if r.title == title]
        if not matching:
            return res
        ref = day or dt.date.today()

        def distance(r: Role) -> int:
            if r.active_on(ref):
                return 0
            lo, hi = r.start or dt.date.min, r.end or dt.date.max
            return min(abs((ref - lo).days), abs((ref - hi).days))

        r = min(matching, key=distance)
        res.role = r.title
        if r.country:
            res.country, res.sector = r.country, r.sector or "GOV"
        elif r.organization:
            org = self.kb.actors.get(r.organization)
            res.country = org.country if org is not None else None
            res.sector = r.sector or (org.sector if org is not None and org.sector else res.sector)
        res.method = res.method + "+title"
        return res

    def best_entry(self, entries: list[AliasEntry], day: dt.date | None, context_country: str | None) -> AliasEntry:
        """Pick among actors sharing a phrase: people in office on the day, then context country, then states."""

        def score(e: AliasEntry) -> tuple[int, int, int, int]:
            a = self.kb.actors[e.actor_id]
            in_office = int(a.kind == "person" and a.role_on(day) is not None)
            local = int(context_country is not None and (a.country == context_country or context_country in a.countries))
            kind_rank = {"state": 3, "organization": 2, "person": 1, "group": 0}.get(a.kind, 0)
            name_rank = {"name": 2, "alias": 2, "demonym": 1, "adjective": 1, "metonym": 0}.get(e.kind, 0)
            return (in_office, local, name_rank, kind_rank)

        return max(entries, key=score)

    def phrase(self, text: str, day: dt.date | None, context_country: str | None = None) -> Resolution | None:
        entries = self.kb.find(text)
        if not entries:
            return None
        e = self.best_entry(entries, day, context_country)
        return self.actor(e.actor_id, day, method="kb", alias_kind=e.kind, alias_sector=e.sector,
                          context_country=context_country)

    # -- offices ---------------------------------------------------------------------------
    def office(self, title: str, holder_of: str, day: dt.date | None) -> Resolution | None:
        """The person holding ``title`` in a country or organization on ``day``."""
        holders = self.kb.holders(holder_of, title, day)
        if not holders and title in GENERIC_HEAD_TITLES and holder_of in self.kb.actors \
                and self.kb.actors[holder_of].kind != "state":
            # "the IAEA chief", "the head of the Arab League": whoever holds the organization's top office
            for top in TOP_OFFICES:
                holders = self.kb.holders(holder_of, top, day)
                if holders:
                    title = top
                    break
        if not holders:
            return None
        substantive = [h for h in holders if not h.role.acting] or holders
        h = max(substantive, key=lambda h: h.role.start or dt.date.min)
        res = self.actor(h.actor_id, day, method="office")
        res.role = title
        if res.country is None or (h.role.country and res.country != h.role.country):
            res.country = h.role.country or res.country
        res.sector = h.role.sector or res.sector if h.role.country else res.sector
        res.confidence = 0.85
        return res

    def title_of(self, phrase: str, country: str | None = None) -> str | None:
        return self.kb.canonical_title(phrase, country)

    def agent_sector(self, noun: str) -> str | None:
        """Sector of a generic agent noun ("troops" MIL); cached, as every noun phrase head asks."""
        hit = self._agent_cache.get(noun, "")
        if hit != "":
            return hit
        agent = self.kb.agent_nouns.get(normalize(noun))
        sector = agent.sector if agent else None
        if len(self._agent_cache) < 100_000:
            self._agent_cache[noun] = sector
        return sector

    def get(self, actor_id: str) -> ActorRecord | None:
        return self.kb.actors.get(actor_id)
