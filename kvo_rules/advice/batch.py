"""Recommend for many profiles: a directory or a JSON Lines file in, one record per profile out.

Records come out in input order. Progress is kept in a JSON Lines *journal* beside the output
(one line per finished profile, flushed as it goes), so an interrupted run can be resumed
without redoing finished profiles. JSON Lines records are streamed, in input order, into a
temporary file that is renamed to the output when the run completes (atomic, and no record is
kept in memory); a table (CSV, .xlsx) keeps its small rows until it is written.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from ..core.atomic import check_target, open_atomic, write_atomic
from ..core.errors import Diagnostic, KvoError, Location
from ..core.i18n import msg
from ..core.model import Lang
from ..core.profile import profile_from_document
from ..core.yamlio import MAX_DEPTH, Document, load_document, parse_document
from .batch_table import render_csv, render_records
from .engine import Engine
from .journal import (
    JOURNAL_FORMAT,
    Finished,
    digest,
    journal_line,
    journal_path,
    journal_text,
    lock_path,
    locked,
    read_journal,
    record_line,
)

__all__ = [
    "BatchItem",
    "BatchSummary",
    "display_name",
    "journal_path",
    "lock_path",
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
    try:
        if path.is_dir():
            files = sorted(
                p
                for p in path.iterdir()
                if p.suffix.lower() in (".yaml", ".yml", ".json") and p.is_file()
            )
            return [BatchItem(i, display_name(p), path=str(p)) for i, p in enumerate(files)]
        if not path.exists():
            raise KvoError.at(Location(str(path)), msg("no such file or directory"))
    except OSError as exc:
        raise KvoError.at(
            Location(str(path)), msg("cannot read: {reason}", reason=exc.strerror)
        ) from None
    if path.suffix.lower() in (".yaml", ".yml"):
        return [BatchItem(0, display_name(path), path=str(path))]  # one profile
    items: list[BatchItem] = []
    try:
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, 1):
                if not raw.strip():
                    continue
                source = f"{display_name(path)}:{number}"
                if len(raw) > MAX_LINE_BYTES:
                    items.append(BatchItem(len(items), source, text="\x00too-long", line=number))
                    continue
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    text = f"\x00not-utf8:{exc.start + 1}"
                items.append(BatchItem(len(items), source, text=text, line=number))
    except OSError as exc:
        raise KvoError.at(
            Location(str(path)), msg("cannot read: {reason}", reason=exc.strerror)
        ) from None
    return items


def display_name(path: str | Path) -> str:
    """A file name as text that can always be written: bytes that are not UTF-8 (kept by
    Python as lone surrogates) become ``\\xNN``, so a record can name the file."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _depth_exceeds(text: str, limit: int) -> bool:
    """Whether JSON text nests deeper than ``limit`` (counted outside strings; cheap)."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _document(item: BatchItem) -> Document:
    if item.path is not None:
        doc = load_document(item.path)
        doc.source = item.source
        return doc
    assert item.text is not None
    file = item.source.rsplit(":", 1)[0]
    if item.text == "\x00too-long":
        raise KvoError.at(
            Location(file, item.line), msg("record longer than {n} bytes", n=MAX_LINE_BYTES)
        )
    if item.text.startswith("\x00not-utf8:"):
        column = int(item.text.split(":")[1])
        raise KvoError.at(Location(file, item.line, column), msg("the record is not UTF-8 text"))
    if _depth_exceeds(item.text, MAX_DEPTH):  # before json.loads, which would recurse
        raise KvoError.at(
            Location(file, item.line), msg("nesting deeper than {n} levels", n=MAX_DEPTH)
        )
    try:
        data = json.loads(item.text)
    except json.JSONDecodeError as exc:
        raise KvoError.at(
            Location(file, item.line, exc.colno), msg("not valid JSON: {reason}", reason=exc.msg)
        ) from None
    if not isinstance(data, dict):
        raise KvoError.at(
            Location(file, item.line), msg("a JSON Lines record must be a JSON object")
        )
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
            "errors": [_writable(d.text(lang)) for d in exc.diagnostics],
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


def _writable(text: str) -> str:
    """``text`` with lone surrogates (undecodable file-name bytes) shown as ``\\xNN``."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


_WORKER: dict[str, Any] = {}


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this worker when the batch process dies (SIGKILL included)."""
    with contextlib.suppress(Exception):  # not Linux, or no libc: the pool's own checks remain
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _init_worker(
    parent: int,
    rules: str | None,
    measures: str | None,
    lang: Lang,
    alternatives: bool,
    compact: bool,
) -> None:
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _WORKER["engine"] = Engine(rules, measures)
    _WORKER["args"] = (lang, alternatives, compact)


def _finish(
    engine: Engine, item: BatchItem, lang: Lang, alternatives: bool, compact: bool
) -> tuple[int, bool, str]:
    """An item's index, whether it succeeded, and its record as an output line: text, so that
    a worker serialises it and sends back one string, not a nested dictionary."""
    record = recommend_item(engine, item, lang, alternatives, compact)
    return item.index, bool(record["ok"]), record_line(record)


def _work(item: BatchItem) -> tuple[int, bool, str]:
    return _finish(_WORKER["engine"], item, *_WORKER["args"])


def _item_bytes(item: BatchItem) -> Iterator[bytes]:
    yield item.source.encode("utf-8", "surrogateescape")
    if item.text is not None:
        yield item.text.encode("utf-8", "surrogateescape")
    elif item.path is not None:
        try:
            yield Path(item.path).read_bytes()
        except OSError as exc:
            yield f"unreadable: {exc.strerror}".encode()


def _settings(
    engine: Engine, items: Sequence[BatchItem], lang: Lang, fmt: str, alternatives: bool
) -> dict[str, Any]:
    catalogue = engine.catalogue
    measures = json.dumps(
        [
            [m.model_dump(mode="json") for m in catalogue.measures.values()],
            [p.model_dump(mode="json") for p in catalogue.problems.values()],
            sorted(catalogue.measure_aliases.items()),
            sorted(catalogue.problem_aliases.items()),
        ],
        sort_keys=True,
        ensure_ascii=False,
    )
    return {
        "lang": lang,
        "format": fmt,
        "alternatives": alternatives,
        "rules": engine.rulebase.digest,
        "measures": hashlib.sha256(measures.encode("utf-8")).hexdigest(),
        "input": digest(part for item in items for part in _item_bytes(item)),
    }


def _input_files(items: Sequence[BatchItem]) -> set[str]:
    files = set()
    for item in items:
        if item.path is not None:
            files.add(item.path)
        elif item.line:
            files.add(item.source.rsplit(":", 1)[0])
    return files


def _refuse_own_input(out: Path, items: Sequence[BatchItem]) -> None:
    try:
        target = os.stat(out)
    except OSError:
        return
    for name in _input_files(items):
        with contextlib.suppress(OSError):
            info = os.stat(name)
            if (info.st_dev, info.st_ino) == (target.st_dev, target.st_ino):
                raise KvoError.at(
                    Location(str(out)), msg("is the batch's own input: choose another output file")
                )


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
    """Recommend for every item and write the records (``jsonl``, ``csv`` or ``xlsx``) to
    ``output``.

    ``alternatives`` (default: for JSON Lines only; a table shows just the recommended package)
    adds the basic and ambitious packages. ``progress`` is called with the number of records
    finished since the last call.

    Refused before anything is written: an output that is the batch's own input or not a
    regular file; an existing output without ``force``, or, with ``resume``, one that has no
    journal; a journal of other settings (language, format, rules, catalogue, input); an output
    another batch is writing.
    """
    with_alternatives = fmt == "jsonl" if alternatives is None else alternatives
    out = Path(output)
    _refuse_own_input(out, items)
    journal = journal_path(out)
    check_target(out, force=True)
    with locked(out):
        has_journal = journal.exists()
        if out.exists() and not force and not (resume and has_journal):
            message = (
                msg(
                    "file exists (it has no journal of an interrupted run to resume; use --force "
                    "to replace it)"
                )
                if resume
                else msg("file exists (use --force to replace it)")
            )
            raise KvoError.at(Location(str(out)), message)
        engine = Engine(rules, measures)  # bad rules or measures: an error before any journal
        settings = _settings(engine, items, lang, fmt, with_alternatives)
        done = (
            read_journal(journal, {item.index: item.source for item in items}, settings)
            if resume
            else {}
        )
        if not done and journal.exists():
            journal.unlink()
        return _run(items, out, journal, engine, settings, done, jobs, rules, measures, progress)


def _run(
    items: Sequence[BatchItem],
    out: Path,
    journal: Path,
    engine: Engine,
    settings: dict[str, Any],
    done: dict[int, Finished],
    jobs: int,
    rules: str | Path | None,
    measures: str | Path | None,
    progress: Callable[[int], None] | None,
) -> BatchSummary:
    lang: Lang = settings["lang"]
    fmt: str = settings["format"]
    compact = fmt != "jsonl"  # a table keeps only what its row shows
    with_alternatives: bool = settings["alternatives"]
    todo = [item for item in items if item.index not in done]
    if progress and done:
        progress(len(done))
    rules_arg = str(rules) if rules is not None else None
    measures_arg = str(measures) if measures is not None else None

    results: Iterator[tuple[int, bool, str]]
    pool: ProcessPoolExecutor | None = None
    if jobs <= 1 or len(todo) < 2:
        results = (_finish(engine, item, lang, with_alternatives, compact) for item in todo)
    else:
        pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=get_context("spawn"),
            initializer=_init_worker,
            initargs=(os.getpid(), rules_arg, measures_arg, lang, with_alternatives, compact),
        )
        chunk = max(1, min(64, len(todo) // (jobs * 8) or 1))
        results = pool.map(_work, todo, chunksize=chunk)
    failed = 0
    try:
        with (
            journal.open("ab") as writer,
            journal.open("rb") as reader,
            _sink(out, fmt, lang) as emit,
        ):
            if not done:
                header = {"journal": JOURNAL_FORMAT, "settings": settings}
                writer.write((json.dumps(header, sort_keys=True) + "\n").encode("utf-8"))
                writer.flush()
            for item in items:  # in input order: the earlier run's records and the new ones
                earlier = done.get(item.index)
                if earlier is not None:
                    ok, line = earlier.ok, journal_text(reader, earlier)
                else:
                    index, ok, line = next(results)  # map() keeps the order of ``todo``
                    assert index == item.index
                    writer.write(journal_line(line))
                    writer.flush()
                    if progress:
                        progress(1)
                failed += not ok
                emit(line)
            os.fsync(writer.fileno())
    except BrokenProcessPool:
        raise KvoError(
            [
                Diagnostic(
                    Location(str(out)),
                    msg(
                        "a worker process died (out of memory, or killed); the finished "
                        "profiles are journalled: run again with --resume"
                    ),
                )
            ],
            internal=True,
        ) from None
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    journal.unlink()
    return BatchSummary(
        total=len(items), ok=len(items) - failed, failed=failed, resumed=len(items) - len(todo)
    )


@contextlib.contextmanager
def _sink(out: Path, fmt: str, lang: Lang) -> Iterator[Callable[[str], object]]:
    """Take the records' lines in output order: JSON Lines straight into the output's temporary
    file, a table's (small) records until the block ends; the output is written only if the
    block completes."""
    if fmt == "jsonl":
        with open_atomic(out) as handle:
            yield lambda line: handle.write(line.encode("utf-8") + b"\n")
        return
    records: list[dict[str, Any]] = []
    yield lambda line: records.append(json.loads(line))
    write_atomic(out, render_records(records, fmt, lang))
