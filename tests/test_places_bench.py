"""Benchmark: geoparsing (the places stage) against the spaCy parse of the same 1,000-word article.

Run ``python -m pytest tests/test_places_bench.py --benchmark-enable -s``: it prints the places stage's time as
a share of the parse, both measured in the same run (the issue's target: under 20%).
"""

from __future__ import annotations

import time

from geo_helpers import geoparser, prepared

PARAGRAPHS = [
    "KIRKUK, Iraq — Iraqi forces and allied militias advanced on Hawija in Kirkuk province on Friday, officials said, "
    "as Kurdish Peshmerga fighters held positions north of Altun Kupri and near Makhmour.",
    "The offensive followed weeks of air strikes on Tal Afar and Sinjar, west of Mosul, where the Islamic State group "
    "had dug in after losing most of Nineveh province last year.",
    "In Baghdad, the prime minister told reporters that the army would secure the roads between Tikrit, Samarra and "
    "Baiji before moving on Qayyarah and the air base south of Mosul.",
    "Washington said it supported the operation, while Tehran's allies in the Popular Mobilization Forces sent units "
    "from Diyala and Salahuddin to the front near Tuz Khurmatu and Amerli.",
    "Turkish officials in Ankara warned that any move on Sinjar would threaten Turkey's border, and Turkish jets struck "
    "targets in the Qandil mountains and near Duhok earlier this month.",
    "Residents who fled to Erbil and Sulaymaniyah described shelling in the villages around Hawija, and aid agencies "
    "in Amman and Geneva appealed for access to camps near Makhmour and Debaga.",
    "Across the border in Syria, fighters backed by the United States pushed into Raqqa and Deir ez-Zor, while "
    "government troops and Russian aircraft pressed east from Palmyra toward Albu Kamal on the Euphrates.",
    "In Damascus, state media said rebels had shelled the Old City from Eastern Ghouta, and in Idlib a market was hit "
    "by air strikes that killed 12 people, according to a monitoring group based in Britain.",
    "Further south, protesters gathered in Basra and Nasiriyah to demand jobs and electricity, and police fired tear "
    "gas near the provincial council building in Basra on Saturday.",
    "In Lebanon, Hezbollah's leader spoke from Beirut about the fighting near Arsal, and in Jordan the army closed the "
    "crossing at Jaber after clashes in Daraa across the frontier.",
    "Oil prices rose in London and New York on news of the fighting near the Kirkuk fields, and traders in Dubai said "
    "exports through Ceyhan in Turkey could be disrupted.",
    "The United Nations envoy, speaking in Geneva, called for a ceasefire in Hawija and for safe passage for civilians "
    "toward Kirkuk, Dibis and Altun Kupri before the winter.",
]


def article(words: int = 1000) -> str:
    paras: list[str] = []
    while sum(len(p.split()) for p in paras) < words:
        paras.append(PARAGRAPHS[len(paras) % len(PARAGRAPHS)])
    return "\n\n".join(paras)


def test_geoparse_cost_against_the_parse(benchmark):
    geo = geoparser()
    text = article()
    nlp = geo.parser.nlp
    nlp(text)  # warm up
    parse = min(_timed(lambda: nlp(text)) for _ in range(3))
    doc = prepared(text)

    def geoparse():
        return geo.place_stage(doc)

    places = min(_timed(geoparse) for _ in range(5))
    result = benchmark(geoparse)
    ratio = places / parse
    benchmark.extra_info.update({"words": len(text.split()), "parse_seconds": round(parse, 4),
                                 "places_seconds": round(places, 4), "places_over_parse": round(ratio, 3)})
    print(f"\nwords={len(text.split())} parse={parse:.3f}s places={places:.4f}s places/parse={ratio:.3f}")
    found = {h.text for h in result.places}
    assert {"Hawija", "Kirkuk", "Altun Kupri", "Mosul", "Raqqa"} <= found


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t
