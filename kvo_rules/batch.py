"""Recommend for many profiles: a directory or a JSON Lines file in, one record per profile out.

Records come out in input order. Progress is kept in a JSON Lines *journal* beside the output
(one line per finished profile, flushed as it goes), so an interrupted run can be resumed
without redoing finished profiles; the output itself is written atomically at the end.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from .atomic import write_atomic
from .engine import Engine
from .errors import KvoError, Location
from .model import Lang
from .profile import profile_from_document
from .yamlio import Document, load_document, parse_document

__all__ = [
    "BatchItem",
    "BatchSummary",
    "journal_path",
    "read_items",
    "recommend_item",
    "render_csv",
    "run_batch",
]

MAX_LINE_BYTES = 1024 * 1024
"""Longest JSON Lines record accepted (1 MiB)."""


@dataclass(frozen=True)
class BatchItem:
    """One profile to process: where it came from and its text (parsed in the worker).

    ``source`` names it in records (``file`` or ``file:line``); ``line`` is the line of a JSON
    Lines record, so that errors say ``file:line:col``.
    """

    index: int
    source: str
    text: str | None = None
    path: str | None = None
    line: int = 0


@dataclass(frozen=True)
class BatchSummary:
    """What a batch run did."""

    total: int
    ok: int
    failed: int
    resumed: int


def read_items(input_path: str | Path) -> list[BatchItem]:
    """The profiles of a directory (``*.yaml``, ``*.yml``, ``*.json``, sorted) or a JSONL file."""
    path = Path(input_path)
    if path.is_dir():
        files = sorted(
            p for p in path.iterdir() if p.suffix in (".yaml", ".yml", ".json") and p.is_file()
        )
        return [BatchItem(i, str(p), path=str(p)) for i, p in enumerate(files)]
    if not path.exists():
        raise KvoError.at(Location(str(path)), "no such file or directory")
    if path.suffix.lower() in (".yaml", ".yml"):
        return [BatchItem(0, str(path), path=str(path))]  # one profile
    items: list[BatchItem] = []
    try:
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, 1):
                if not raw.strip():
                    continue
                source = f"{path}:{number}"
                if len(raw) > MAX_LINE_BYTES:
                    items.append(BatchItem(len(items), source, text="\x00too-long", line=number))
                    continue
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    text = f"\x00not-utf8:{exc.start + 1}"
                items.append(BatchItem(len(items), source, text=text, line=number))
    except OSError as exc:
        raise KvoError.at(Location(str(path)), f"cannot read: {exc.strerror}") from None
    return items


def _document(item: BatchItem) -> Document:
    if item.path is not None:
        return load_document(item.path)
    assert item.text is not None
    file = item.source.rsplit(":", 1)[0]
    if item.text == "\x00too-long":
        raise KvoError.at(Location(file, item.line), f"record longer than {MAX_LINE_BYTES} bytes")
    if item.text.startswith("\x00not-utf8:"):
        column = int(item.text.split(":")[1])
        raise KvoError.at(Location(file, item.line, column), "the record is not UTF-8 text")
    try:
        data = json.loads(item.text)
    except json.JSONDecodeError as exc:
        raise KvoError.at(
            Location(file, item.line, exc.colno), f"not valid JSON: {exc.msg}"
        ) from None
    if not isinstance(data, dict):
        raise KvoError.at(Location(file, item.line), "a JSON Lines record must be a JSON object")
    # Parse the record as YAML (JSON is YAML) to keep columns; shift lines to the file's.
    doc = parse_document(item.text, file)
    shift = item.line - 1
    doc.value_pos = {k: (ln + shift, col) for k, (ln, col) in doc.value_pos.items()}
    doc.key_pos = {k: (ln + shift, col) for k, (ln, col) in doc.key_pos.items()}
    return doc


def recommend_item(
    engine: Engine,
    item: BatchItem,
    lang: Lang = "nl",
    alternatives: bool = True,
    compact: bool = False,
) -> dict[str, Any]:
    """The output record for one profile: its recommendation, or its errors.

    ``compact`` keeps only what a CSV row shows (the journal of a CSV batch stays small).
    """
    try:
        profile = profile_from_document(_document(item), engine.catalogue)
        rec = engine.recommend(profile, alternatives=alternatives)
    except KvoError as exc:
        if exc.internal:
            raise
        return {
            "index": item.index,
            "source": item.source,
            "ok": False,
            "errors": [str(d) for d in exc.diagnostics],
        }
    if compact:
        pkg = rec.recommended
        result: dict[str, Any] = {
            "area": rec.area,
            "kind": str(rec.kind),
            "optimal": rec.optimal,
            "recommended": {
                "measures": [{"id": m.id} for m in pkg.measures],
                "one_off_cost": pkg.one_off_cost,
                "yearly_cost": pkg.yearly_cost,
                "horizon_cost": pkg.horizon_cost,
                "benefit": pkg.benefit,
            },
        }
    else:
        result = rec.model_dump(mode="json", context={"lang": lang})
    return {"index": item.index, "source": item.source, "ok": True, "result": result}


_WORKER: dict[str, Any] = {}


def _init_worker(
    rules: str | None, measures: str | None, lang: Lang, alternatives: bool, compact: bool
) -> None:
    _WORKER["engine"] = Engine(rules, measures)
    _WORKER["args"] = (lang, alternatives, compact)


def _work(item: BatchItem) -> dict[str, Any]:
    return recommend_item(_WORKER["engine"], item, *_WORKER["args"])


def journal_path(output: str | Path) -> Path:
    """Where progress of a batch writing ``output`` is kept."""
    out = Path(output)
    return out.with_name(f".{out.name}.journal.jsonl")


def _read_journal(journal: Path, items: Sequence[BatchItem]) -> dict[int, dict[str, Any]]:
    """Finished records of an earlier run (a torn last line is ignored)."""
    done: dict[int, dict[str, Any]] = {}
    if not journal.exists():
        return done
    sources = {item.index: item.source for item in items}
    good = 0  # bytes of complete, readable lines
    with journal.open("rb") as handle:
        for raw in handle:
            try:
                record = json.loads(raw) if raw.endswith(b"\n") else None
            except (json.JSONDecodeError, UnicodeDecodeError):
                record = None
            if not isinstance(record, dict):
                break  # the run was killed while writing this line
            good += len(raw)
            index = record.get("index")
            if isinstance(index, int) and sources.get(index) == record.get("source"):
                done[index] = record
    with journal.open("r+b") as handle:  # drop a torn tail, so appending starts clean
        handle.truncate(good)
    return done


def run_batch(
    items: Sequence[BatchItem],
    output: str | Path,
    *,
    rules: str | Path | None = None,
    measures: str | Path | None = None,
    jobs: int = 1,
    lang: Lang = "nl",
    fmt: str = "jsonl",
    resume: bool = False,
    force: bool = False,
    alternatives: bool | None = None,
    progress: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Recommend for every item and write the records (``jsonl`` or ``csv``) to ``output``.

    ``alternatives`` (default: for JSON Lines only; CSV shows just the recommended package)
    adds the basic and ambitious packages. ``progress`` is called with the number of records
    finished since the last call.
    """
    with_alternatives = fmt != "csv" if alternatives is None else alternatives
    out = Path(output)
    if out.exists() and not force and not resume:
        raise KvoError.at(Location(str(out)), "file exists (use --force to replace it)")
    journal = journal_path(out)
    done = _read_journal(journal, items) if resume else {}
    if not resume and journal.exists():
        journal.unlink()
    todo = [item for item in items if item.index not in done]
    if progress and done:
        progress(len(done))
    rules_arg = str(rules) if rules is not None else None
    measures_arg = str(measures) if measures is not None else None

    results: Iterable[dict[str, Any]]
    pool: ProcessPoolExecutor | None = None
    if jobs <= 1 or len(todo) < 2:
        engine = Engine(rules, measures)
        results = (
            recommend_item(engine, item, lang, with_alternatives, fmt == "csv") for item in todo
        )
    else:
        pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=get_context("spawn"),
            initializer=_init_worker,
            initargs=(rules_arg, measures_arg, lang, with_alternatives, fmt == "csv"),
        )
        chunk = max(1, min(64, len(todo) // (jobs * 8) or 1))
        results = pool.map(_work, todo, chunksize=chunk)
    try:
        with journal.open("a", encoding="utf-8") as handle:
            for record in results:
                handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
                handle.flush()
                done[record["index"]] = record
                if progress:
                    progress(1)
            os.fsync(handle.fileno())
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)

    ordered = [done[item.index] for item in items]
    text = (
        render_csv(ordered)
        if fmt == "csv"
        else "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in ordered)
    )
    write_atomic(out, text)
    journal.unlink()
    failed = sum(1 for r in ordered if not r["ok"])
    return BatchSummary(
        total=len(ordered),
        ok=len(ordered) - failed,
        failed=failed,
        resumed=len(items) - len(todo),
    )


CSV_COLUMNS = [
    "source",
    "ok",
    "area",
    "kind",
    "measures",
    "one_off_cost",
    "yearly_cost",
    "horizon_cost",
    "benefit",
    "optimal",
    "errors",
]


def render_csv(records: Iterable[dict[str, Any]]) -> str:
    """One row per profile: the recommended measures, costs and benefit (or the errors)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        if r["ok"]:
            res = r["result"]
            pkg = res["recommended"]
            writer.writerow(
                [
                    r["source"],
                    "true",
                    res["area"],
                    res["kind"],
                    " ".join(m["id"] for m in pkg["measures"]),
                    pkg["one_off_cost"],
                    pkg["yearly_cost"],
                    pkg["horizon_cost"],
                    pkg["benefit"],
                    str(res["optimal"]).lower(),
                    "",
                ]
            )
        else:
            writer.writerow(
                [r["source"], "false", "", "", "", "", "", "", "", "", " | ".join(r["errors"])]
            )
    return out.getvalue()
