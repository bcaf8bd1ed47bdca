"""The journal and the lock of a batch run: resuming where it stopped, one batch per output.

The journal is JSON Lines beside the output: a header with the run's settings, then one line
per finished profile with a check of its record, so a changed or damaged line is refused. Each
line holds its record as the very text the JSON Lines output gets, so a resumed run copies it
from the journal (by its place in the file) instead of keeping records in memory.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..core.errors import KvoError, Location
from ..core.i18n import msg

__all__ = [
    "JOURNAL_FORMAT",
    "Finished",
    "digest",
    "journal_line",
    "journal_path",
    "journal_text",
    "lock_path",
    "locked",
    "read_journal",
    "record_line",
]


def journal_path(output: str | Path) -> Path:
    """Where progress of a batch writing ``output`` is kept."""
    out = Path(output)
    return out.with_name(f".{out.name}.journal.jsonl")


def lock_path(output: str | Path) -> Path:
    """The lock file that keeps two batches from writing one ``output`` at once."""
    out = Path(output)
    return out.with_name(f".{out.name}.lock")


JOURNAL_FORMAT = 3
"""3: a record's text in its journal line is its output line (2 kept the record's own key order)."""
_HOW_TO_RESTART = msg("run again without --resume (and with --force) to start over")


@dataclass(frozen=True)
class Finished:
    """A record found in the journal: whether it succeeded, and where its text is."""

    ok: bool
    offset: int
    length: int


def record_line(record: dict[str, Any]) -> str:
    """A record as one line of JSON Lines output (keys sorted; no newline)."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def _check(line: str) -> str:
    return hashlib.sha256(line.encode("utf-8")).hexdigest()[:16]


def _prefix(check: str) -> str:
    return f'{{"check": "{check}", "record": '


def journal_line(line: str) -> bytes:
    """The journal's line for a record given as its :func:`record_line`."""
    return (_prefix(_check(line)) + line + "}\n").encode("utf-8")


def _settings_differ(old: dict[str, Any], new: dict[str, Any]) -> str:
    names = {
        "lang": "--lang",
        "format": "the output format",
        "alternatives": "alternatives",
        "rules": "the rules (--rules or their content)",
        "measures": "the catalogue (--measures or its content)",
        "input": "the input (its profiles or their content)",
    }
    changed = [names.get(k, k) for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)]
    return ", ".join(changed)


def read_journal(
    journal: Path, sources: Mapping[int, str], settings: dict[str, Any]
) -> dict[int, Finished]:
    """Finished records of an earlier run with the same settings (a torn last line is dropped):
    where each one's text is in the journal (see :func:`journal_text`).

    A journal of other settings, or a complete line that does not read back as it was
    written (changed by hand, damaged), is a :class:`KvoError`: resuming would mix results.
    """
    done: dict[int, Finished] = {}
    if not journal.exists():
        return done
    good = 0  # bytes of complete, readable lines
    with journal.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            if not raw.endswith(b"\n"):
                break  # the run was killed while writing this line
            where = Location(str(journal), number)
            if number == 1:
                _check_header(raw, where, settings)
            else:
                index, source, finished = _entry(raw, good, where)
                if sources.get(index) == source:
                    done[index] = finished
            good += len(raw)
    if good == 0:  # not even the header was written: start from the beginning
        return done
    with journal.open("r+b") as handle:  # drop a torn tail, so appending starts clean
        handle.truncate(good)
    return done


def journal_text(handle: BinaryIO, finished: Finished) -> str:
    """The output line of a record :func:`read_journal` found (``handle``: the journal)."""
    handle.seek(finished.offset)
    return handle.read(finished.length).decode("utf-8")


def _load(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        return None


def _check_header(raw: bytes, where: Location, settings: dict[str, Any]) -> None:
    entry = _load(raw)
    if not isinstance(entry, dict) or entry.get("journal") != JOURNAL_FORMAT:
        raise KvoError.at(
            where,
            msg("not a journal of this version of kvo-rules; {how}", how=_HOW_TO_RESTART),
        )
    differ = _settings_differ(entry.get("settings") or {}, settings)
    if differ:
        raise KvoError.at(
            where,
            msg(
                "the interrupted run used other settings ({differ} changed): "
                "resuming would mix results; {how}",
                differ=differ,
                how=_HOW_TO_RESTART,
            ),
        )


def _entry(raw: bytes, offset: int, where: Location) -> tuple[int, object, Finished]:
    """A record line's index and source, and where its record's text is; it must be exactly
    what :func:`journal_line` writes."""
    entry = _load(raw)
    record = entry.get("record") if isinstance(entry, dict) else None
    if isinstance(record, dict):
        line = record_line(record)
        expected = journal_line(line)
    if (
        not isinstance(record, dict)
        or raw != expected
        or not isinstance(record.get("index"), int)
        or not isinstance(record.get("ok"), bool)
    ):
        raise KvoError.at(
            where,
            msg(
                "this journal line was changed or damaged (it does not match its check); {how}",
                how=_HOW_TO_RESTART,
            ),
        )
    start = len(_prefix(_check(line)).encode("utf-8"))
    text_length = len(raw) - start - 2  # without the closing brace and the newline
    return (
        record["index"],
        record.get("source"),
        Finished(record["ok"], offset + start, text_length),
    )


def digest(parts: Iterable[bytes]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output's lock file; another batch on it is refused."""
    path = lock_path(out)
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise KvoError.at(
                Location(str(out)), msg("cannot write: {reason}", reason=exc.strerror)
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise KvoError.at(
                Location(str(out)),
                msg(
                    "another batch is writing this output (lock {lock}); wait for it to end",
                    lock=path.name,
                ),
            ) from None
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except OSError:
            same = False
        if same:
            break
        os.close(fd)  # the lock file was removed by a batch that just ended: lock the new one
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)
