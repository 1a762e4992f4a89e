"""User actor files (`khaldun code --actors my_actors.yaml`): same schema, add or override, errors name the place."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from khaldun.cli import cli
from khaldun.errors import DataFileError
from khaldun.kb.actors import ActorKB

YAML_FILE = """\
# a newsroom's own actors
actors:
  - id: kirkuk-provincial-council
    name: Kirkuk Provincial Council
    kind: organization
    country: IRQ
    sector: GOV
    aliases: [KPC]
  - id: rakan-al-jubouri
    name: Rakan Saeed al-Jubouri
    kind: person
    country: IRQ
    sector: GOV
    aliases: [Rakan al-Jubouri]
    roles:
      - {title: governor, country: IRQ, sector: GOV, start: 2017-10-16, end: 2023-12-31}
"""


@pytest.fixture()
def yaml_file(tmp_path):
    path = tmp_path / "my_actors.yaml"
    path.write_text(YAML_FILE, encoding="utf-8")
    return path


def test_yaml_list_adds_actors(yaml_file):
    kb = ActorKB.load([yaml_file])
    assert kb.get("kirkuk-provincial-council").sector == "GOV"
    assert [e.actor_id for e in kb.find("Rakan al-Jubouri")] == ["rakan-al-jubouri"]
    assert kb.where("rakan-al-jubouri") == "my_actors.yaml line 9"
    assert kb.overridden == []


def test_jsonl_overrides_a_shipped_actor(tmp_path):
    shipped = ActorKB.load()
    base = shipped.get("haider-al-abadi").model_dump(mode="json", exclude_none=True)
    base["aliases"] = [*base.get("aliases", []), "Abu Yusr"]
    path = tmp_path / "mine.jsonl"
    path.write_text("// my corrections\n" + json.dumps(base) + "\n", encoding="utf-8")
    kb = ActorKB.load([path])
    assert kb.overridden == ["haider-al-abadi"]
    assert len(kb.actors) == len(shipped.actors)
    assert [e.actor_id for e in kb.find("Abu Yusr")] == ["haider-al-abadi"]
    assert kb.where("haider-al-abadi") == "mine.jsonl line 2"


def test_an_id_twice_in_user_files_names_both_places(tmp_path, yaml_file):
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"id": "kirkuk-provincial-council", "name": "KPC", "kind": "organization",
                                 "country": "IRQ"}) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        ActorKB.load([yaml_file, other])
    assert err.value.path.endswith("other.jsonl") and err.value.line == 1
    assert "my_actors.yaml line 3" in str(err.value)


def test_schema_error_in_yaml_names_file_line_and_item(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("actors:\n  - id: ok-group\n    name: OK\n    kind: group\n  - id: bad\n    name: Bad\n"
                    "    kind: militia\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        ActorKB.load([path])
    assert err.value.line == 5 and "actors[1]" in str(err.value) and "kind" in str(err.value)


def test_bad_json_line_is_named(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x", "name": "X", "kind": "group"}\n{"id": "y",\n', encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        ActorKB.load([path])
    assert err.value.line == 2 and "not valid JSON" in str(err.value)


def test_unknown_country_is_named_with_its_line(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "a", "name": "A", "kind": "group"}\n'
                    '{"id": "b", "name": "B", "kind": "organization", "country": "XXZ"}\n', encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        ActorKB.load([path])
    assert err.value.line == 2 and "XXZ" in str(err.value)


def test_missing_file_says_so(tmp_path):
    with pytest.raises(DataFileError, match="cannot be read"):
        ActorKB.load([tmp_path / "nope.yaml"])


def test_user_actor_is_coded(coder, yaml_file):
    from khaldun.pipeline import Coder
    from khaldun.schema import Document
    from khaldun.settings import Settings

    mine = Coder(Settings(classifier="none", actor_files=(yaml_file,)), parser=coder.parser, ontology=coder.ontology,
                 lexicon=coder.lexicon, gazetteer=coder.gazetteer, model=None)
    doc = mine.code_document(Document(doc_id="d", text="Governor Rakan al-Jubouri met the Kirkuk Provincial Council.",
                                      date="2018-03-01"))
    by_id = {m.actor_id: m for m in doc.mentions}
    assert by_id["rakan-al-jubouri"].country == "IRQ" and by_id["rakan-al-jubouri"].role == "governor"
    assert by_id["kirkuk-provincial-council"].sector == "GOV"


def test_cli_code_list_and_lookup_take_actor_files(tmp_path, yaml_file):
    runner = CliRunner()
    doc = tmp_path / "a.txt"
    doc.write_text("The Kirkuk Provincial Council rejected the plan.\n", encoding="utf-8")
    db = tmp_path / "k.db"
    r = runner.invoke(cli, ["code", str(doc), "--db", str(db), "--date", "2018-03-01", "--actors", str(yaml_file),
                            "--classifier", "none"])
    assert r.exit_code == 0, r.output
    con = sqlite3.connect(db)
    try:
        ids = {row[0] for row in con.execute("SELECT actor_id FROM mentions")}
    finally:
        con.close()
    assert "kirkuk-provincial-council" in ids
    r = runner.invoke(cli, ["actors", "list", "--country", "IRQ", "--kind", "organization", "--actors", str(yaml_file)])
    assert r.exit_code == 0 and "kirkuk-provincial-council" in r.output
    r = runner.invoke(cli, ["actors", "lookup", "Rakan al-Jubouri", "--date", "2019-01-01", "--actors", str(yaml_file)])
    assert r.exit_code == 0 and json.loads(r.output)["actor_id"] == "rakan-al-jubouri"
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors:\n  - id: x\n", encoding="utf-8")
    r = runner.invoke(cli, ["code", str(doc), "--db", str(db), "--actors", str(bad)])
    assert r.exit_code == 2 and "bad.yaml line 2" in r.output
