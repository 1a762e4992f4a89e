"""Event location's options and features: names the recognizer missed, nested places, the scorer's pick."""

from __future__ import annotations

from geo_helpers import geoparser, prepared

from khaldun.places.locate import LocationModel, approximate, choose, option_features, options, unrecognised_names


def _sentence(text: str, trigger: str):
    doc = geoparser().place_stage(prepared(text))
    tok = next(t for t in doc.parse if t.text == trigger)
    sent = doc.sentence_of_char(tok.idx)
    return doc.parse, tok, [h for h in doc.places if h.sentence_index == sent.index]


def _one_split(feature: str) -> LocationModel:
    """A model that wants exactly the options on which ``feature`` fires."""
    return LocationModel.from_dict({
        "version": 2, "features": [feature], "base": 0.0, "threshold": 0.5, "card": {},
        "trees": {"feature": [0, 0, 0], "threshold": [0.5, 0.0, 0.0], "left": [1, 1, 2], "right": [2, 1, 2],
                  "value": [0.0, -4.0, 4.0], "roots": [0], "depth": 1}})


def test_a_proper_name_no_toponym_covers_is_an_option():
    sp, trigger, hits = _sentence("Rebels stormed Tal Ghazwan on Friday after shelling the nearby hills.", "stormed")
    assert "Tal Ghazwan" not in {h.text for h in hits}  # neither the model nor the gazetteer takes it for a place
    names = [h.text for h in unrecognised_names(sp, trigger, hits)]
    assert names == ["Tal Ghazwan"]  # "Friday" is a date, not a name
    opts = options(sp, trigger, hits)
    assert [(o.hit.text, o.recognised) for o in opts] == [("Tal Ghazwan", False)]
    assert options(sp, trigger, hits, unrecognised=False) == []


def test_demonyms_and_toponyms_are_not_offered_twice():
    sp, trigger, hits = _sentence("Syrian troops shelled Jabal Umm Rashid near Homs on Tuesday.", "shelled")
    opts = options(sp, trigger, hits)
    texts = [o.hit.text for o in opts]
    assert "Syrian" not in texts and texts.count("Homs") == 1
    covered = [o for o in opts if o.recognised]
    assert all(not any(c.hit.token_start <= t < c.hit.token_end for c in covered)
               for o in opts if not o.recognised for t in range(o.hit.token_start, o.hit.token_end))


def test_the_nested_place_and_its_container_are_told_apart():
    sp, trigger, hits = _sentence("A bomb killed three people in the Karrada district of Baghdad.", "killed")
    opts = options(sp, trigger, hits, unrecognised=False)
    rows = {o.hit.text: f for o, f in zip(opts, option_features(sp, trigger, hits, opts), strict=True)}
    karrada = next(k for k in rows if k.startswith("Karrada"))
    assert rows["Baghdad"].get("is_container") == 1.0 and rows[karrada].get("is_contained") == 1.0
    assert rows[karrada]["att_prep_in"] == 1.0 and "rel_pathlen" in rows["Baghdad"]


def test_the_scorer_can_pick_an_unrecognised_name_which_takes_its_sentence_place_point():
    sp, trigger, hits = _sentence("Rebels stormed Tal Ghazwan outside Kirkuk on Friday.", "stormed")
    pick = choose(sp, trigger, hits, model=_one_split("generated"))
    assert pick is not None and pick.hit.text == "Tal Ghazwan" and pick.basis.startswith("unrecognised:")
    kirkuk = next(h for h in hits if h.text == "Kirkuk")
    assert pick.hit.place is not None and pick.hit.place.geonameid == kirkuk.place.geonameid
    assert pick.hit.place.text == "Tal Ghazwan"  # the name written, with the point of the place holding it


def test_an_unrecognised_name_alone_keeps_no_point():
    sp, trigger, hits = _sentence("Rebels stormed Tal Ghazwan on Friday.", "stormed")
    name = unrecognised_names(sp, trigger, hits)[0]
    assert approximate(name, hits, []).place is None


def test_a_known_actors_name_is_never_offered_as_a_place():
    sp, trigger, hits = _sentence("Rebels stormed Tal Ghazwan on Friday.", "stormed")
    assert [o.hit.text for o in options(sp, trigger, hits)] == ["Tal Ghazwan"]
    ghazwan = next(t.i for t in sp if t.text == "Tal")
    assert options(sp, trigger, hits, actors=[(ghazwan, ghazwan + 2)]) == []  # were it a person the KB knows
