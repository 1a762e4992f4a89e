"""The ``khaldun`` command line: thin wrappers that parse arguments, call the library and map errors to exit codes.

Exit codes (CONTRACT.md): 0 success; 1 some inputs failed (each named on
stderr with the reason, the rest coded and stored); 2 usage error.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click

from khaldun.errors import InputError, KhaldunError, UsageError
from khaldun.version import __version__


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


def _fail(exc: KhaldunError) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(exc.exit_code)


@contextmanager
def _output(path: str | None) -> Iterator[IO[str] | None]:
    if path is None:
        yield None
    elif path == "-":
        yield sys.stdout
    else:
        with open(path, "w", encoding="utf-8") as fh:
            yield fh


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="khaldun")
def cli() -> None:
    """khaldun: who did what to whom, when and where, from news text (PLOVER/CAMEO events)."""


def _settings(**kw: Any) -> Any:
    from khaldun.settings import Settings

    return Settings.from_env(**kw)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", "db_path", default="khaldun.db", show_default=True, help="SQLite database to store into.")
@click.option("--jsonl", "jsonl_path", default=None, help="Also write the events as JSON Lines to FILE ('-' for stdout).")
@click.option("--date", "date", default=None, help="Publication date (YYYY-MM-DD) for inputs that carry none.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
@click.option("--actors", "actor_files", multiple=True, type=click.Path(dir_okay=False), help="Extra actor file(s), KB schema.")
@click.option("--classifier", default=None, help="'auto', 'none' or a model directory.")
@click.option("--max-chars", default=None, type=int, help="Longest document accepted, in characters.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
@click.option("--dask", "dask_address", default=None,
              help="Code on a Dask cluster: a scheduler address (tcp://host:8786) or 'local' for a local cluster of --workers processes.")
def code(inputs: tuple[str, ...], db_path: str, jsonl_path: str | None, date: str | None, workers: int,
         actor_files: tuple[str, ...], classifier: str | None, max_chars: int | None, progress: bool | None,
         dask_address: str | None) -> None:
    """Code documents into events: files, directories (recursive) and '-' (stdin)."""
    from khaldun.batch import code_items
    from khaldun.ingest.readers import read_inputs
    from khaldun.pipeline import DocumentFailure
    from khaldun.store.db import Store
    from khaldun.store.export import write_jsonl

    default_date = _date(date)
    try:
        settings = _settings(actor_files=tuple(Path(p) for p in actor_files) or None, classifier=classifier,
                             max_chars=max_chars)
        items = list(read_inputs(inputs, max_chars=settings.max_chars))
        store = Store(db_path)
    except KhaldunError as exc:
        _fail(exc)
        return
    n_docs = sum(1 for i in items if not isinstance(i, InputError))
    show = progress if progress is not None else sys.stderr.isatty()
    failed = docs = events = 0
    started = time.perf_counter()
    client = None
    try:
        with _output(jsonl_path) as out:
            if dask_address:
                client = _dask_client(dask_address, workers)
                from khaldun.batch_dask import code_items_dask

                results = code_items_dask(items, client, settings=settings, default_date=default_date)
            else:
                results = code_items(items, settings=settings, workers=workers, default_date=default_date)
            with click.progressbar(length=n_docs, label="coding", file=sys.stderr, show_pos=True) if show else _null() as bar:
                for r in results:
                    if isinstance(r, InputError):
                        failed += 1
                        click.echo(f"error: {r.message}", err=True)
                        continue
                    if isinstance(r, DocumentFailure):
                        failed += 1
                        click.echo(f"error: {r.error.message}", err=True)
                    else:
                        store.save(r)
                        docs += 1
                        events += len(r.events)
                        if out is not None:
                            write_jsonl(r.events, out)
                            out.flush()
                    bar.update(1)
    except KhaldunError as exc:
        store.close()
        _fail(exc)
        return
    finally:
        store.close()
        if client is not None:
            client.close()
    elapsed = time.perf_counter() - started
    summary = (f"coded {docs} document{'s' if docs != 1 else ''}: {events} event{'s' if events != 1 else ''}"
               f"{f', {failed} input(s) failed' if failed else ''} in {elapsed:.1f}s -> {db_path}")
    click.echo(summary, err=True)
    sys.exit(1 if failed else 0)


def _dask_client(address: str, workers: int) -> Any:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError("--dask needs the batch extra: pip install 'khaldun[batch]'") from None
    if address == "local":
        return Client(LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None))
    return Client(address)


class _null:
    def __enter__(self) -> "_null":
        return self

    def __exit__(self, *a: object) -> None:
        return None

    def update(self, n: int) -> None:
        return None


@cli.command()
@click.option("--db", "db_path", default="khaldun.db", show_default=True, help="SQLite database to read.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl", show_default=True)
@click.option("-o", "--output", default="-", show_default=True, help="Output file ('-' for stdout; required for parquet).")
@click.option("--type", "event_type", multiple=True, help="PLOVER event type(s).")
@click.option("--country", default=None, help="ISO3 country of the source or target.")
@click.option("--source-country", default=None, help="ISO3 country of the source.")
@click.option("--target-country", default=None, help="ISO3 country of the target.")
@click.option("--actor", default=None, help="Actor id of the source or target.")
@click.option("--since", default=None, help="Events dated on or after YYYY[-MM[-DD]].")
@click.option("--until", default=None, help="Events dated on or before YYYY[-MM[-DD]].")
@click.option("--factuality", multiple=True,
              type=click.Choice(["asserted", "negated", "hypothetical", "question", "future", "intent"]))
@click.option("--min-confidence", type=float, default=None)
@click.option("--doc", "doc_id", default=None, help="Only events of this document id.")
@click.option("--limit", type=int, default=None)
def events(db_path: str, fmt: str, output: str, event_type: tuple[str, ...], country: str | None,
           source_country: str | None, target_country: str | None, actor: str | None, since: str | None,
           until: str | None, factuality: tuple[str, ...], min_confidence: float | None, doc_id: str | None,
           limit: int | None) -> None:
    """Export stored events."""
    from khaldun.store.db import EventFilter, Store
    from khaldun.store.export import write_csv, write_jsonl, write_parquet

    flt = EventFilter(event_type=event_type, country=country, source_country=source_country,
                      target_country=target_country, actor=actor, since=since, until=until, factuality=factuality,
                      min_confidence=min_confidence, doc_id=doc_id, limit=limit)
    try:
        with Store(db_path, readonly=True) as store:
            rows = store.events(flt)
            if fmt == "parquet":
                if output == "-":
                    raise UsageError("parquet needs a file: use -o events.parquet")
                write_parquet(rows, output)
            else:
                with _output(output) as out:
                    assert out is not None
                    (write_csv if fmt == "csv" else write_jsonl)(rows, out)
    except KhaldunError as exc:
        _fail(exc)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--jsonl", "jsonl_path", default="-", show_default=True, help="Where to write place mentions ('-' stdout).")
@click.option("--date", "date", default=None, help="Publication date (YYYY-MM-DD) for inputs that carry none.")
def places(inputs: tuple[str, ...], jsonl_path: str, date: str | None) -> None:
    """Geoparse documents: one JSON object per place mention."""
    from khaldun.ingest.readers import read_inputs
    from khaldun.places.service import Geoparser

    default_date = _date(date)
    failed = 0
    try:
        geo = Geoparser.load(_settings())
        with _output(jsonl_path) as out:
            assert out is not None
            for item in read_inputs(inputs):
                if isinstance(item, InputError):
                    failed += 1
                    click.echo(f"error: {item.message}", err=True)
                    continue
                for p in geo.places(item, default_date=default_date):
                    out.write(p.model_dump_json() + "\n")
    except KhaldunError as exc:
        _fail(exc)
    sys.exit(1 if failed else 0)


@cli.group()
def actors() -> None:
    """Inspect the actor knowledge base."""


@actors.command("lookup")
@click.argument("text")
@click.option("--date", "date", default=None, help="Date (YYYY-MM-DD) to resolve roles on; default today.")
@click.option("--actors", "actor_files", multiple=True, type=click.Path(dir_okay=False), help="Extra actor file(s).")
def actors_lookup(text: str, date: str | None, actor_files: tuple[str, ...]) -> None:
    """Show how a mention resolves on a date: {actor_id, name, country, sector, kind, role}."""
    from khaldun.actors.lookup import lookup
    from khaldun.kb.actors import ActorKB

    day = _date(date) or dt.date.today()
    try:
        kb = ActorKB.load([Path(p) for p in actor_files])
        result = lookup(kb, text, day)
    except KhaldunError as exc:
        _fail(exc)
        return
    click.echo(json.dumps(result, ensure_ascii=False))
    sys.exit(0 if result.get("actor_id") or result.get("country") else 1)


@actors.command("list")
@click.option("--country", default=None, help="ISO3 country.")
@click.option("--kind", type=click.Choice(["state", "person", "organization", "group"]), default=None)
@click.option("--sector", default=None)
@click.option("--actors", "actor_files", multiple=True, type=click.Path(dir_okay=False), help="Extra actor file(s).")
def actors_list(country: str | None, kind: str | None, sector: str | None, actor_files: tuple[str, ...]) -> None:
    """List knowledge-base actors as JSON Lines."""
    from khaldun.kb.actors import ActorKB

    try:
        kb = ActorKB.load([Path(p) for p in actor_files])
    except KhaldunError as exc:
        _fail(exc)
        return
    for a in kb.actors.values():
        if country and a.country != country.upper() and country.upper() not in a.countries:
            continue
        if kind and a.kind != kind:
            continue
        if sector and a.sector != sector.upper():
            continue
        click.echo(json.dumps({"actor_id": a.id, "name": a.name, "kind": a.kind, "country": a.country,
                               "sector": a.sector, "roles": len(a.roles)}, ensure_ascii=False))


@actors.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def actors_check(files: tuple[str, ...]) -> None:
    """Validate actor files against the schema and the shipped KB."""
    from khaldun.kb.actors import ActorKB

    try:
        kb = ActorKB.load([Path(p) for p in files])
    except KhaldunError as exc:
        _fail(exc)
        return
    click.echo(f"ok: {len(kb.actors)} actors")


@cli.command("eval")
@click.argument("dataset")
@click.argument("path", type=click.Path(exists=True))
@click.option("--limit", type=int, default=None, help="Score only the first N items.")
@click.option("--folds", type=int, default=5, show_default=True, help="Cross-validation folds where the set trains a model.")
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
def eval_cmd(dataset: str, path: str, limit: int | None, folds: int, as_json: bool) -> None:
    """Score the coder against a gold set (plv, plover-gsr, petrarch, tr-news, geovirus, event-location, sample)."""
    from khaldun.evaluate import run_eval

    try:
        report = run_eval(dataset, Path(path), limit=limit, folds=folds)
    except KhaldunError as exc:
        _fail(exc)
        return
    click.echo(json.dumps(report.metrics, indent=2) if as_json else report.text())


@cli.command()
@click.argument("path", type=click.Path(exists=True))
@click.option("--docs", type=int, default=200, show_default=True, help="Documents to use.")
@click.option("--json", "as_json", is_flag=True)
def bench(path: str, docs: int, as_json: bool) -> None:
    """Throughput and memory of the full pipeline against bare parsing of the same text, in one run."""
    from khaldun.bench import run_bench

    try:
        result = run_bench(Path(path), n_docs=docs)
    except KhaldunError as exc:
        _fail(exc)
        return
    click.echo(json.dumps(result, indent=2) if as_json else _bench_text(result))


def _bench_text(r: dict[str, Any]) -> str:
    lines = [f"{k}: {v}" for k, v in r.items() if not isinstance(v, dict)]
    for k, v in r.items():
        if isinstance(v, dict):
            lines.append(f"{k}: " + ", ".join(f"{a}={b}" for a, b in v.items()))
    return "\n".join(lines)


@cli.command()
@click.option("--db", "db_path", default="khaldun.db", show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(db_path: str, host: str, port: int) -> None:
    """REST API (OpenAPI at /docs) and the web dashboard at /."""
    try:
        from khaldun.api.app import run
    except ImportError:
        _fail(UsageError("the server needs the web extra: pip install 'khaldun[web]'"))
        return
    try:
        run(db_path, host=host, port=port)
    except KhaldunError as exc:
        _fail(exc)


@cli.command()
@click.option("--db", "db_path", default="khaldun.db", show_default=True)
@click.option("--json", "as_json", is_flag=True)
def stats(db_path: str, as_json: bool) -> None:
    """Summarize stored events: counts by type, factuality, top dyads, casualties."""
    from khaldun.analysis.aggregates import format_summary, summary
    from khaldun.store.db import Store

    try:
        with Store(db_path, readonly=True) as store:
            s = summary(store)
    except KhaldunError as exc:
        _fail(exc)
        return
    click.echo(json.dumps(s, indent=2) if as_json else format_summary(s))


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the event record."""
    from khaldun.schema import Event

    click.echo(json.dumps(Event.model_json_schema(), indent=2))


def main() -> None:  # pragma: no cover - console script entry
    cli()


if __name__ == "__main__":  # pragma: no cover
    cli()
