"""The command line: exit codes 0/1/2, one error line per bad input, idempotent re-coding, exports."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest
from click.testing import CliRunner

from khaldun.cli import cli

GOOD = "Iraqi forces attacked Kurdish fighters in Kirkuk on Friday.\n"


@pytest.fixture()
def runner():
    return CliRunner()


def _events(db) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return sorted(con.execute("SELECT id, record FROM events").fetchall())
    finally:
        con.close()


def test_code_twice_leaves_the_same_rows(runner, tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    db = tmp_path / "k.db"
    r1 = runner.invoke(cli, ["code", str(tmp_path / "a.txt"), "--db", str(db), "--date", "2017-10-20", "--jsonl", "-"])
    assert r1.exit_code == 0, r1.output
    first = _events(db)
    r2 = runner.invoke(cli, ["code", str(tmp_path / "a.txt"), "--db", str(db), "--date", "2017-10-20"])
    assert r2.exit_code == 0
    assert _events(db) == first and len(first) >= 1
    lines = [json.loads(x) for x in r1.stdout.splitlines() if x.startswith("{")]
    assert {e["id"] for e in lines} == {i for i, _ in first}
    assert "coded 1 document" in r1.stderr


def test_bad_inputs_exit_1_and_keep_the_rest(runner, tmp_path):
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01binary\x00")
    (tmp_path / "docs.jsonl").write_text('{"id": "j1", "text": "Turkish jets bombed PKK camps in Qandil."}\n{broken\n')
    db = tmp_path / "k.db"
    r = runner.invoke(cli, ["code", str(tmp_path), str(tmp_path / "missing.txt"), "--db", str(db)])
    assert r.exit_code == 1
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 4
    assert any("missing.txt: no such file" in e for e in errors)
    assert any("docs.jsonl:2: not valid JSON" in e for e in errors)
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 2
    con.close()


def test_usage_errors_exit_2(runner, tmp_path):
    assert runner.invoke(cli, ["code"]).exit_code == 2
    assert runner.invoke(cli, ["code", "x.txt", "--date", "yesterday"]).exit_code == 2
    assert runner.invoke(cli, ["code", "x.txt", "--workers", "0"]).exit_code == 2
    r = runner.invoke(cli, ["eval", "no-such-set", str(tmp_path)])
    assert r.exit_code == 2 and "unknown dataset" in r.stderr


def test_events_export_formats(runner, tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    db = tmp_path / "k.db"
    assert runner.invoke(cli, ["code", str(tmp_path / "a.txt"), "--db", str(db), "--date", "2017-10-20"]).exit_code == 0
    r = runner.invoke(cli, ["events", "--db", str(db)])
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert r.exit_code == 0 and rows and rows[0]["event_type"] == "ASSAULT"
    r = runner.invoke(cli, ["events", "--db", str(db), "--format", "csv", "--type", "ASSAULT"])
    header = r.stdout.splitlines()[0].split(",")
    assert r.exit_code == 0 and "source.country" in header and len(r.stdout.splitlines()) == 1 + len(rows)
    r = runner.invoke(cli, ["events", "--db", str(db), "--type", "AID"])
    assert r.exit_code == 0 and r.stdout == ""
    r = runner.invoke(cli, ["events", "--db", str(tmp_path / "none.db")])
    assert r.exit_code == 1 and "does not exist" in r.stderr


def test_parquet_export(runner, tmp_path):
    pytest.importorskip("pyarrow")
    (tmp_path / "a.txt").write_text(GOOD)
    db = tmp_path / "k.db"
    runner.invoke(cli, ["code", str(tmp_path / "a.txt"), "--db", str(db), "--date", "2017-10-20"])
    out = tmp_path / "e.parquet"
    r = runner.invoke(cli, ["events", "--db", str(db), "--format", "parquet", "-o", str(out)])
    import pyarrow.parquet as pq

    assert r.exit_code == 0 and pq.read_table(out).num_rows >= 1


def test_stdin_and_python_m(tmp_path):
    db = tmp_path / "k.db"
    p = subprocess.run([sys.executable, "-m", "khaldun", "code", "-", "--db", str(db), "--date", "2017-10-20", "--jsonl", "-"],
                       input=GOOD, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    ev = json.loads(p.stdout.splitlines()[0])
    assert ev["doc_id"] == "-" and ev["sentence"] == GOOD.strip()


def test_actors_lookup_cli(runner):
    r = runner.invoke(cli, ["actors", "lookup", "Iraq", "--date", "2014-06-15"])
    assert r.exit_code == 0 and json.loads(r.stdout)["country"] == "IRQ"
