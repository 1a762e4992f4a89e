"""Toponym recognition: spaCy's place entities, a gazetteer phrase matcher over capitalised words, and demonyms.

The small spaCy model misses many town names and mislabels some, so every run of
capitalised words is also looked up in the gazetteer (one batched SQLite query per
document). A gazetteer-only match must look like a name (capitalised, not opening
a sentence unless it names a country or province, not part of a longer name such
as "Paris Hilton" or "Washington Post", not a person) and must name a place worth
matching without the model's support (a country, a province, a town of 20,000 or
more, or a place from the project's or the user's files). Each hit also gets its
role: a literal place, a metonym standing for an actor ("Washington said",
"Tehran's allies") or a demonym ("Iraqi", "Turks"); only literal places can be
where an event happened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from khaldun.doc import CodedDoc, PlaceHit
from khaldun.kb.actors import normalize
from khaldun.places.gazetteer import MATCH_DEMONYM, Gazetteer, GeoPlace

Token = Any

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
BLOCKING_LABELS = frozenset({"PERSON", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY",
                             "WORK_OF_ART", "LAW", "PRODUCT", "LANGUAGE", "EVENT"})
ADMIN_SUFFIXES = ("province", "governorate", "state", "region", "oblast", "district", "county", "prefecture",
                  "city", "town", "village", "municipality", "territory")
MAX_NGRAM = 4
MIN_POPULATION_UNAIDED = 20_000
# Capitalised words that name towns somewhere but are almost never places in news prose.
COMMON_WORDS = frozenset({
    "may", "march", "august", "june", "july", "april", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "god", "allah", "police", "army", "university", "president", "minister", "king", "prince",
    "union", "national", "republic", "democrat", "democrats", "republican", "republicans", "labour", "liberal",
    "centre", "center", "islamic", "state", "news", "post", "times", "mobile", "reading", "split", "bath", "nice",
    "hope", "mission", "victory", "justice", "liberty", "independence", "freedom", "unity", "progress", "opposition",
    "premier", "general", "colonel", "major", "sergeant", "captain", "imam", "sheikh", "mr", "mrs", "ms", "dr",
    "reuters", "twitter", "facebook", "youtube", "google", "christmas", "easter", "ramadan", "eid", "covid",
    "parliament", "senate", "congress", "council", "ministry", "cabinet", "government", "court", "media", "press",
})
# A gazetteer match followed by one of these is part of an organisation or person name.
NAME_CONTINUATIONS = frozenset({"post", "times", "journal", "herald", "tribune", "news", "university", "college",
                                "institute", "club", "fc", "united", "city", "airlines", "airways", "bank",
                                "capitals", "redskins", "nationals", "wizards", "mystics", "oilers", "eskimos",
                                "flames", "raptors", "jets", "blue", "maple", "canadiens", "senators", "stars"})
LOCATIVE_CUES = frozenset({"in", "at", "near", "from", "to", "outside", "around", "across", "into", "toward",
                           "towards", "via", "between", "of", "inside", "through", "and", "nearby", "downtown",
                           "on", "against", "over", "within", "throughout", "beyond"})
# Nouns that make a toponym modifying them a place: "the Tuz Khurmatu district", "Iraq's northern border".
PLACE_NOUNS = frozenset({
    "border", "borders", "frontier", "coast", "coastline", "capital", "city", "town", "village", "province",
    "governorate", "district", "region", "area", "territory", "soil", "airspace", "waters", "streets", "street",
    "side", "part", "parts", "outskirts", "suburb", "suburbs", "countryside", "neighbourhood", "neighborhood",
    "municipality", "county", "state", "north", "south", "east", "west", "northeast", "northwest", "southeast",
    "southwest", "center", "centre", "heart", "edge", "camp", "port", "airport", "base", "desert", "mountains",
    "valley", "plain", "plains", "highway", "road", "bridge", "square", "market", "mosque", "church", "hospital",
    "university", "prison", "checkpoint", "crossing", "enclave", "pocket", "front", "frontline", "outpost",
    "oblast", "prefecture", "island", "islands", "peninsula", "gulf", "sea", "river", "lake", "strait",
    "basin", "settlement", "fortress", "embassy", "vicinity",
})
EVENT_NOUNS = frozenset({
    # events that happen somewhere: "Iraq's war", "the Anbar campaign", "the Mosul offensive"
    "conflict", "war", "battle", "fighting", "offensive", "campaign", "crisis", "uprising", "revolution",
    "violence", "clashes", "siege", "operation", "assault", "attack", "attacks", "bombing", "massacre",
})
# Entity labels the small model often puts on places: a town as PERSON, ORG or PRODUCT.
MISREAD_LABELS = frozenset({"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})
SUFFIX_WORDS = frozenset({"province", "governorate", "oblast", "county", "district", "prefecture"})
ARABIC_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an"})
# Nouns that frame an unknown capitalised name as a place: "the village of X", "X district".
FRAMING_NOUNS = frozenset({"village", "town", "city", "district", "province", "governorate", "neighbourhood",
                           "neighborhood", "area", "region", "suburb", "camp", "municipality", "county", "hamlet",
                           "settlement", "enclave", "quarter", "subdistrict", "township", "island", "valley"})
# Facilities and features named with a capitalised name: "al-Shaab Stadium", "the Bardo Museum", "Kissufim crossing".
FACILITY_NOUNS = frozenset({
    "stadium", "palace", "museum", "school", "hospital", "airport", "airbase", "base", "camp", "crossing", "outpost",
    "checkpoint", "square", "bridge", "mosque", "church", "cathedral", "shrine", "temple", "synagogue", "market",
    "bazaar", "hotel", "prison", "jail", "university", "college", "valley", "strait", "straits", "road", "street",
    "highway", "avenue", "park", "station", "port", "harbour", "harbor", "dam", "refinery", "airfield", "compound",
    "tower", "gate", "cemetery", "plaza", "mall", "embassy", "consulate", "mountain", "mountains", "hill", "hills",
    "river", "lake", "island", "desert", "plain", "plains", "forest", "canal", "beach", "field", "oilfield", "mine",
})
# Prepositions that put a name where something happens: an unknown name after them is a site ("in Al-Dawr").
SITE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "around", "into", "from", "toward", "towards", "across",
                        "through", "within", "beyond", "past", "nearby", "throughout"})
SITE_BLOCKING = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY", "LAW", "LANGUAGE",
                           "NORP", "WORK_OF_ART"})
SETTLEMENT_NOUNS = frozenset({"village", "town", "city", "district", "neighbourhood", "neighborhood", "suburb", "hamlet",
                              "settlement", "township", "subdistrict", "municipality"})
# One comma-separated part of a dateline: "KIRKUK", "Iraq", "Ky.", "N.Y.", "Oct. 16" (dates end the places).
DATELINE_PART = re.compile(r"[A-Za-z0-9][\w'\-\.]*(?:[ ][A-Z][\w'\-\.]*)*")
METONYM_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "poss", "agent"})
# Verbs whose direct object is a place where the event happens, not an actor it happens to.
LOCATIVE_OBJECT_VERBS = frozenset({
    "capture", "seize", "take", "retake", "recapture", "shell", "bomb", "attack", "storm", "enter", "liberate",
    "besiege", "raid", "strike", "hit", "target", "destroy", "patrol", "overrun", "invade", "occupy", "control",
    "surround", "encircle", "evacuate", "flee", "leave", "visit", "reach", "tour", "rock", "shake", "pound",
    "bombard", "blockade", "siege", "free", "clear", "secure", "hold", "defend", "abandon", "cross", "fly",
    "overfly", "rocket", "mortar", "torch", "burn", "loot", "sweep", "search", "cordon", "lock", "assault",
    "infiltrate", "penetrate", "march", "rally", "flood", "devastate", "level", "ravage", "engulf", "grip",
})


@dataclass
class Candidate:
    """A toponym found in the text, before resolution."""

    start: int  # token span
    end: int
    keys: list[str]
    source: str  # ner:GPE, ner:LOC, ner:FAC, gazetteer, demonym
    suffix: str | None = None  # "province" in "Kirkuk province"
    kind: str = "place"
    options: list[GeoPlace] = field(default_factory=list)


def span_keys(text: str) -> tuple[list[str], str | None]:
    """Lookup keys of a toponym's text and the administrative suffix it carries, if any."""
    if text.endswith(("'s", "’s")):  # "Iraq's" as one entity
        text = text[:-2]
    norm = normalize(text)
    keys = [norm]
    suffix = None
    words = norm.split()
    if len(words) > 1 and words[-1] in ADMIN_SUFFIXES:
        suffix = words[-1]
        keys.append(" ".join(words[:-1]))
    if len(words) > 1 and words[0] in ("province", "governorate", "city", "town", "village", "state"):
        keys.append(" ".join(words[2:] if len(words) > 2 and words[1] == "of" else words[1:]))
    return [k for k in keys if k], suffix


class Recognizer:
    """Finds toponyms in a parsed document."""

    def __init__(self, gazetteer: Gazetteer, *, org_places: bool = False) -> None:
        self.gazetteer = gazetteer
        self.org_places = org_places

    def candidates(self, sp: Any, *, actors: frozenset[int] = frozenset()) -> list[Candidate]:
        """Toponym candidates of a parse; ``actors`` are token indices of known actors (never sites)."""
        cands: list[Candidate] = []
        taken: set[int] = set()
        blocked: set[int] = set()
        in_org: set[int] = set()
        misread: set[int] = set()  # one-word PERSON/ORG entities that may be places the model misread
        ents = list(sp.ents)
        for ent in ents:
            if ent.label_ in MISREAD_LABELS and ent.end - ent.start <= 3:
                misread.update(range(ent.start, ent.end))
            if ent.label_ in BLOCKING_LABELS:
                blocked.update(range(ent.start, ent.end))
            elif ent.label_ == "ORG":
                in_org.update(range(ent.start, ent.end))
        norp: list[tuple[int, int, str]] = []
        norp_tokens: set[int] = set()  # a town the model took for a people ("In Samarra", "of Aleppo") may be a place
        for ent in ents:
            for start, end in _split_at_commas(sp, ent.start, ent.end):
                while start < end and sp[start].lower_ in ("the", "a", "an"):
                    start += 1
                while end > start and (sp[end - 1].is_punct or sp[end - 1].lower_ in ("'s", "’s")):
                    end -= 1
                if start >= end:
                    continue
                text = sp[start:end].text
                if ent.label_ in PLACE_LABELS:
                    if end < len(sp) and sp[end].lower_ in SUFFIX_WORDS:  # "Kirkuk province", "Laurel County"
                        end += 1
                        text = sp[start:end].text
                    keys, suffix = span_keys(text)
                    cands.append(Candidate(start, end, keys, f"ner:{ent.label_}", suffix))
                    taken.update(range(start, end))
                elif ent.label_ == "NORP":
                    norp.append((start, end, normalize(text)))
                    norp_tokens.update(range(start, end))
        # gazetteer phrase matcher over capitalised runs the model did not label as places
        grams: list[tuple[int, int, str]] = []
        toks = list(sp)
        caps = [_capitalised(t) for t in toks]
        texts = [t.text_with_ws for t in toks]
        for i in range(len(toks)):
            if i in taken or not caps[i] or (i in blocked and i not in misread):
                continue
            for n in range(min(MAX_NGRAM, len(toks) - i), 0, -1):
                if not caps[i + n - 1] or any(j in taken or (j in blocked and j not in misread) for j in range(i, i + n)):
                    continue
                if any(j in blocked for j in range(i, i + n)) and not _whole_entity(sp, i, i + n):
                    continue
                grams.append((i, i + n, normalize("".join(texts[i:i + n]))))
        found = self.gazetteer.lookup_keys([k for _, _, k in grams] + [k for _, _, k in norp]
                                           + [k for c in cands for k in c.keys])
        for c in cands:  # the model's FAC entities are kept only when the gazetteer knows them
            c.options = [o for k in c.keys for o in found.get(k, [])]
        cands = [c for c in cands if c.options or c.source != "ner:FAC" or _placed(sp[c.start:c.end].root)]
        for c in cands:
            if c.source == "ner:GPE" and is_demonym(c.options, sp[c.start:c.end]):
                c.kind = "demonym"
        for s, e, key in norp:  # "Turkish", "Iraqi": a country's adjective; "Islamist", "Republican": not places
            options = [o for o in found.get(key, []) if o.match == MATCH_DEMONYM]
            if options:
                cands.append(Candidate(s, e, [key], "demonym", kind="demonym", options=options))
            if options or not _located(sp, s):
                taken.update(range(s, e))
        for s, e, key in sorted(grams, key=lambda g: (g[0], -(g[1] - g[0]))):
            if any(j in taken for j in range(s, e)):
                continue
            options = found.get(key)
            if not options:
                continue
            demonym = is_demonym(options, sp[s:e])
            inside_org = all(j in in_org for j in range(s, e)) and not _whole_entity(sp, s, e)
            if not self._accept(sp, s, e, key, options, demonym=demonym, inside_org=inside_org):
                continue
            if any(j in blocked for j in range(s, e)) and not (demonym or _located(sp, s) or _strong(options)
                                                             or _famous_subject(sp, e, options)):
                continue  # a person's name unless framed as a place ("protested in Basra", "Mosul's streets")
            cands.append(Candidate(s, e, [key], "demonym" if demonym else "gazetteer", kind="demonym" if demonym else "place",
                                   options=options))
            taken.update(range(s, e))
        cands.extend(self._patterns(sp, taken, blocked, ents))
        cands.extend(self._sites(sp, taken, actors))
        cands.sort(key=lambda c: c.start)
        return cands

    def _sites(self, sp: Any, taken: set[int], actors: frozenset[int]) -> list[Candidate]:
        """Names nothing else knows, placed by the sentence: "a farm in Al-Dawr", "captured Badme", "at the Bardo
        Museum", "the Kissufim crossing" (names for illustration). Facilities, neighbourhoods and villages are where
        events happen; they stay unresolved (the resolver gives them their container's point)."""
        out: list[Candidate] = []
        n = len(sp)
        i = 0
        while i < n:
            start, end = i, _name_run(sp, i)
            i = max(end, i + 1)
            if end <= start or sp[start].is_sent_start or any(j in taken or j in actors for j in range(start, end)):
                continue
            if any(t.ent_type_ in SITE_BLOCKING for t in sp[start:end]):
                continue
            words = [t.lower_ for t in sp[start:end] if t.is_alpha]
            if not words or normalize(sp[start:end].text) in COMMON_WORDS or words[0] in COMMON_WORDS \
                    or words[-1] in NAME_CONTINUATIONS or all(w in PLACE_NOUNS | FACILITY_NOUNS for w in words) \
                    or sp[end - 1].tag_ == "NNPS":
                continue  # a common word, an organisation's name, a bare noun ("the central Bazaar"), a people ("Croats")
            noun = sp[end] if end < n and sp[end].lower_ in FACILITY_NOUNS | FRAMING_NOUNS else None
            if noun is None and end < n and sp[end].lower_ in ("'s", "’s"):
                continue  # "in Smith's house": a possessor, not a place
            if noun is None and all(t.text.isupper() for t in sp[start:end] if t.is_alpha):
                continue  # "at UNHCR": acronyms name organisations
            node = sp[start:end].root
            if noun is not None:
                if _capitalised(noun):
                    end += 1  # "Bardo Museum": the noun is part of the name
                node = noun  # "al-Zahawi school" is where the school stands
            framed = (noun is not None and noun.lower_ in FRAMING_NOUNS) or _placed(node)
            if not framed:
                continue
            out.append(Candidate(start, end, [], "site", span_keys(sp[start:end].text)[1]))
            taken.update(range(start, end))
        return out

    def _patterns(self, sp: Any, taken: set[int], blocked: set[int], ents: list[Any]) -> list[Candidate]:
        """Names the model and the gazetteer both miss, framed as places by their words: "the village of
        Bir Hamid", "in Shirqat district", "in al-Amil areas" (names for illustration). They stay unresolved unless the gazetteer knows them."""
        out: list[Candidate] = []
        n = len(sp)
        person = {j for ent in ents if ent.label_ == "PERSON" for j in range(ent.start, ent.end)}
        for i, tok in enumerate(sp):
            if i in taken or (i in blocked and i not in person):
                continue
            start = i
            if tok.lower_ in ARABIC_ARTICLES and i + 2 < n and sp[i + 1].text == "-" and _capitalised(sp[i + 2]):
                end = i + 3
            elif _capitalised(tok) and tok.pos_ in ("PROPN", "NOUN", "ADJ") and not tok.is_sent_start:
                end = i + 1
            else:
                continue
            while end < n and end - start < 5 and (
                    (_capitalised(sp[end]) and sp[end].pos_ == "PROPN" and sp[end].lower_ not in PLACE_NOUNS)
                    or (sp[end].text == "-" and end + 1 < n and _capitalised(sp[end + 1]))):
                end += 1
            if any(j in taken or (j in blocked and j not in person) for j in range(start, end)):
                continue
            prev = sp[start - 1] if start > 0 else None
            prev2 = sp[start - 2] if start > 1 else None
            nxt = sp[end] if end < n else None
            of_framed = prev is not None and prev.lower_ == "of" and prev2 is not None and prev2.lemma_.lower() in FRAMING_NOUNS
            framed = of_framed or (nxt is not None and nxt.lemma_.lower() in FRAMING_NOUNS and prev is not None
                                   and prev.lower_ in LOCATIVE_CUES | {"the"})
            label = sp[start:end].root.ent_type_
            settled = of_framed and prev2 is not None and prev2.lemma_.lower() in SETTLEMENT_NOUNS
            if not framed or label == "NORP" or (label == "ORG" and not settled) or (label == "PERSON" and not of_framed):
                continue  # "the village of X" outweighs the model's PERSON and ORG; "the area of X" only PERSON
            text = sp[start:end].text
            if normalize(text) in COMMON_WORDS:
                continue
            keys, suffix = span_keys(text)
            out.append(Candidate(start, end, keys, "pattern", suffix))
            taken.update(range(start, end))
        return out

    def _accept(self, sp: Any, s: int, e: int, key: str, options: list[GeoPlace], *, demonym: bool,
                inside_org: bool = False) -> bool:
        first = sp[s]
        if e - s == 1 and (key in COMMON_WORDS or first.is_stop or len(key) < 2):
            return False
        if demonym:
            return first.pos_ in ("ADJ", "PROPN", "NOUN") and not first.text.endswith("s")
        literal = [o for o in options if o.match != MATCH_DEMONYM]
        if not literal:
            return False
        strong = _strong(literal)
        pop = max((o.population for o in literal if o.match == 0), default=0)
        prev = sp[s - 1] if s > 0 else None
        nxt = sp[e] if e < len(sp) else None
        if len(key.replace(" ", "")) <= 3 and not any(o.is_country for o in literal) and (prev is None or prev.text != ",") \
                and not (_title_word(sp[s:e]) and _located(sp, s) and max(o.population for o in literal) >= 20_000):
            return False  # "Ky.", "AL": only as a container, "Salem, Ky."; a titled town after "in" is a town ("around Kut")
        if _dateline(sp, s, e):
            return True  # "KIRKUK, Iraq —", "DIBIS —"
        if inside_org:  # "University of Baghdad", "Kirkuk Oil Company"
            return strong or pop >= 100_000
        if first.is_sent_start and not strong and not (pop >= 100_000 and nxt is not None and nxt.lower_ in ("'s", "’s", ",")):
            return False
        if nxt is not None and _capitalised(nxt) and nxt.pos_ == "PROPN" and nxt.ent_type_ not in ("GPE", "LOC"):
            return False  # part of a longer name
        if nxt is not None and nxt.lower_ in NAME_CONTINUATIONS:
            return False
        if prev is not None and _capitalised(prev) and prev.pos_ == "PROPN" and not prev.is_sent_start \
                and prev.ent_type_ not in ("GPE", "LOC"):
            return False
        if not all(t.pos_ in ("PROPN", "NOUN", "ADJ", "PUNCT") for t in sp[s:e]):
            return False
        if strong or pop >= 1_000_000:
            return True
        located = _located(sp, s)
        contained = nxt is not None and nxt.text == "," and e + 1 < len(sp) and _capitalised(sp[e + 1])
        known = max((o.population for o in literal), default=0)  # by any of its names ("Kobane")
        return (located and known >= 5_000) or (contained and known >= 1_000) or pop >= MIN_POPULATION_UNAIDED * 2.5

    def hits(self, doc: CodedDoc) -> tuple[list[PlaceHit], dict[int, Candidate]]:
        """PlaceHits (unresolved) and, by hit index, the candidate they came from."""
        sp = doc.parse
        out: list[PlaceHit] = []
        meta: dict[int, Candidate] = {}
        actors = frozenset(j for m in doc.mentions if m.actor_id and not m.is_place
                           and sp[m.end - 1].lower_ not in FACILITY_NOUNS  # "the Zahawi school" is a place
                           for j in range(m.start, m.end))
        for start, end, c in self.dateline(doc):
            sent = doc.sentence_of_char(start)
            if sent is not None:
                meta[len(out)] = c
                out.append(PlaceHit(start, end, doc.text[start:end], sent.index, c.start, c.end, kind=c.kind))
        for c in self.candidates(sp, actors=actors):
            span = sp[c.start:c.end]
            sent = doc.sentence_of_char(span.start_char)
            if sent is None:
                continue
            hit = PlaceHit(span.start_char, span.end_char, span.text, sent.index, c.start, c.end, kind=c.kind)
            meta[len(out)] = c
            out.append(hit)
        return out, meta

    def dateline(self, doc: CodedDoc) -> list[tuple[int, int, Candidate]]:
        """The places of a dateline ("KIRKUK, Iraq, Oct. 16 -", "LONDON, Ky. (WKYT) -"), which the parser sees blanked:
        character spans and candidates pointing at the blank token. The first part is a place when the gazetteer
        knows it; the parts after it (its containers) when they name a province or a country."""
        if doc.dateline is None:
            return []
        a, b = doc.dateline
        text = doc.text
        sp = doc.parse
        tok = next((t for t in sp if t.idx <= a < t.idx + max(len(t.text), 1)), None)
        if tok is None:
            return []
        parts: list[tuple[int, int]] = []
        for m in DATELINE_PART.finditer(text, a, b):
            if m.group(0)[:1].isdigit() or (parts and text[parts[-1][1]:m.start()].strip() not in (",", "")):
                break
            parts.append((m.start(), m.end()))
            if len(parts) == 3:
                break
        keys = [span_keys(text[s:e])[0] for s, e in parts]
        found = self.gazetteer.lookup_keys(k for ks in keys for k in ks)
        out: list[tuple[int, int, Candidate]] = []
        for n, ((s, e), ks) in enumerate(zip(parts, keys, strict=True)):
            opts = [o for k in ks for o in found.get(k, []) if o.match != MATCH_DEMONYM]
            if not opts or (n > 0 and not any(o.is_country or o.is_admin for o in opts)):
                break
            out.append((s, e, Candidate(tok.i, tok.i + 1, ks, "dateline", options=opts)))
        return out


def is_demonym(options: list[GeoPlace], span: Any) -> bool:
    """A country's or continent's adjective or people ("Turkish", "Canadians"), not a town of that name."""
    if not any(o.match == MATCH_DEMONYM for o in options):
        return False
    towns = [o for o in options if o.match != MATCH_DEMONYM]
    if not towns:
        return True
    return span.root.pos_ == "ADJ" or span.root.ent_type_ == "NORP" or max(o.population for o in towns) < 100_000


def _split_at_commas(sp: Any, start: int, end: int) -> list[tuple[int, int]]:
    """"Salem, Ore." tagged as one entity is two toponyms."""
    parts, s = [], start
    for i in range(start, end):
        if sp[i].text == ",":
            parts.append((s, i))
            s = i + 1
    parts.append((s, end))
    return [(a, b) for a, b in parts if a < b]


def _strong(options: list[GeoPlace]) -> bool:
    """A country, province, continent or curated place: worth matching without the model's support."""
    return any(o.match != MATCH_DEMONYM and (o.is_country or o.is_admin or o.feature == "CONT" or o.is_curated)
               for o in options)


def _located(sp: Any, s: int) -> bool:
    """Preceded by a locative word ("in", "near", "the city of") or a verb acting on places ("captured")."""
    prev = sp[s - 1] if s > 0 else None
    if prev is None:
        return False
    if prev.lower_ in LOCATIVE_CUES or prev.lemma_ in LOCATIVE_OBJECT_VERBS:
        return True
    return prev.lower_ in ("the", "a") and s > 1 and sp[s - 2].lower_ in LOCATIVE_CUES


def _famous_subject(sp: Any, e: int, options: list[GeoPlace]) -> bool:
    """A city of 100,000 or more followed by a possessive or a comma: "Mosul's streets", "Tikrit, the provincial capital"."""
    nxt = sp[e] if e < len(sp) else None
    big = any(o.match == 0 and o.population >= 100_000 for o in options if o.match != MATCH_DEMONYM)
    return big and nxt is not None and nxt.lower_ in ("'s", "’s", ",")


def _whole_entity(sp: Any, s: int, e: int) -> bool:
    """The model's entity is exactly these words (a mislabelled place, not a name containing one)."""
    first, last = sp[s], sp[e - 1]
    return first.ent_iob_ == "B" and last.ent_iob_ in ("B", "I") and (e >= len(sp) or sp[e].ent_iob_ != "I")


def _dateline(sp: Any, s: int, e: int) -> bool:
    """A line-opening place in capitals followed by a dash or comma: a dateline."""
    if not all(t.text.isupper() or not t.is_alpha for t in sp[s:e]):
        return False
    before = sp[s - 1] if s > 0 else None
    if before is not None and "\n" not in before.text_with_ws and not before.is_space:
        return False
    after = sp[e] if e < len(sp) else None
    return after is not None and after.text in (",", "—", "-", "–", "(", ":")


def _name_run(sp: Any, i: int) -> int:
    """End of the run of capitalised proper-noun words starting at ``i`` ("Al-Dawr", "Dunya Pur"), or ``i``."""
    n = len(sp)
    end = i
    if sp[i].lower_ in ARABIC_ARTICLES and i + 2 < n and sp[i + 1].text == "-" and _capitalised(sp[i + 2]):
        end = i + 3
    elif _capitalised(sp[i]) and sp[i].pos_ == "PROPN":
        end = i + 1
    else:
        return i
    while end < n and end - i < 5:
        t = sp[end]
        if _capitalised(t) and t.pos_ == "PROPN" and t.lower_ not in FACILITY_NOUNS | FRAMING_NOUNS:
            end += 1
        elif t.text == "-" and end + 1 < n and _capitalised(sp[end + 1]) and not sp[end].whitespace_:
            end += 2
        else:
            break
    return end


def _placed(node: Token) -> bool:
    """A facility the gazetteer lacks is kept where the sentence puts something in or at it ("near al-Shaab Stadium")."""
    return _site_frame(node) or (node.dep_ == "conj" and _site_frame(node.head))


def _site_frame(node: Token) -> bool:
    """The object of a locative preposition ("in X") or of a verb acting on places ("captured X"; not a person)."""
    if node.dep_ == "pobj" and node.head.lower_ in SITE_PREPS:
        return True
    return node.dep_ in ("dobj", "obj") and node.head.lemma_ in LOCATIVE_OBJECT_VERBS and node.ent_type_ != "PERSON"


def _title_word(span: Any) -> bool:
    """A three-letter word written as a name ("Kut"), not an abbreviation ("Ky.", "AL") nor an article ("Al-")."""
    t = span.text
    after = span.doc[span.end] if span.end < len(span.doc) else None
    return len(span) == 1 and len(t) == 3 and t[0].isupper() and t[1:].islower() and t.isalpha() \
        and t.lower() not in ARABIC_ARTICLES and not (after is not None and after.text == "-")


def _capitalised(tok: Token) -> bool:
    t = tok.text
    return bool(t) and t[0].isupper() and (t[0].isalpha()) and not tok.like_num


def role_of(sp: Any, hit: PlaceHit, actor_heads: set[int]) -> str:
    """Whether a literal toponym stands for a place or, by metonymy, for an actor."""
    if hit.kind == "demonym":
        return "demonym"
    root = sp[hit.token_start:hit.token_end].root
    dep = root.dep_
    head_noun = root.head.lemma_.lower()
    if dep in ("compound", "amod", "nmod") and hit.place is not None and (hit.place.feature or "").startswith("PCL") \
            and head_noun not in PLACE_NOUNS:
        return "metonym"  # "a U.S. airstrike", "a US convoy": a country modifying a thing is its actor
    if dep in ("poss", "compound", "amod", "nmod") and (head_noun in PLACE_NOUNS or head_noun in EVENT_NOUNS):
        return "place"  # "Iraq's northern border", "the Kirkuk province", "Iraq's civil war"
    if dep == "poss" or (root.i + 1 < len(sp) and sp[root.i + 1].lower_ in ("'s", "’s")):
        return "metonym"  # "Tehran's allies", "Iraq's government"
    if dep in METONYM_DEPS:
        head = root.head
        if (dep == "nsubjpass" and head.lemma_ in LOCATIVE_OBJECT_VERBS) or \
                (head.lemma_ in ("be", "lie", "remain", "sit", "border", "stand", "rock", "shake") and dep == "nsubj"):
            return "place"  # "Kirkuk was shelled", "Mosul is calm"
        return "metonym"  # "Washington said", "Ankara launched"
    if dep == "pobj" and root.head.lower_ == "by" and root.head.head.tag_ == "VBN":
        return "metonym"  # agent of a passive: "was condemned by Paris"
    if dep in ("dobj", "obj", "dative"):
        return "place" if root.head.lemma_ in LOCATIVE_OBJECT_VERBS else "metonym"
    if dep in ("compound", "amod", "nmod") and root.head.i in actor_heads:
        return "metonym"  # "Baghdad officials"
    if dep == "conj":  # take the role of the first conjunct
        first = root.head
        while first.dep_ == "conj":
            first = first.head
        if first.dep_ in METONYM_DEPS and first.dep_ != "nsubjpass":
            return "metonym"
    return "place"
