"""The journal and the lock of a batch run: resuming where it stopped, one batch per output.

The journal is JSON Lines beside the output: a header with the run's settings, then one line
per finished profile with a check of its record, so a changed or damaged line is refused.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..core.errors import KvoError, Location
from ..core.i18n import msg

__all__ = [
    "JOURNAL_FORMAT",
    "digest",
    "journal_line",
    "journal_path",
    "lock_path",
    "locked",
    "read_journal",
]


def journal_path(output: str | Path) -> Path:
    """Where progress of a batch writing ``output`` is kept."""
    out = Path(output)
    return out.with_name(f".{out.name}.journal.jsonl")


def lock_path(output: str | Path) -> Path:
    """The lock file that keeps two batches from writing one ``output`` at once."""
    out = Path(output)
    return out.with_name(f".{out.name}.lock")


JOURNAL_FORMAT = 2
_HOW_TO_RESTART = msg("run again without --resume (and with --force) to start over")


def _check(record: dict[str, Any]) -> str:
    payload = json.dumps(record, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def journal_line(record: dict[str, Any]) -> str:
    return json.dumps({"check": _check(record), "record": record}, ensure_ascii=False) + "\n"


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
) -> dict[int, dict[str, Any]]:
    """Finished records of an earlier run with the same settings (a torn last line is dropped).

    A journal of other settings, or a complete line that does not read back as it was
    written (changed by hand, damaged), is a :class:`KvoError`: resuming would mix results.
    """
    done: dict[int, dict[str, Any]] = {}
    if not journal.exists():
        return done
    good = 0  # bytes of complete, readable lines
    with journal.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            if not raw.endswith(b"\n"):
                break  # the run was killed while writing this line
            where = Location(str(journal), number)
            try:
                entry = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
                entry = None
            if number == 1:
                if not isinstance(entry, dict) or entry.get("journal") != JOURNAL_FORMAT:
                    raise KvoError.at(
                        where,
                        msg(
                            "not a journal of this version of kvo-rules; {how}", how=_HOW_TO_RESTART
                        ),
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
            else:
                record = entry.get("record") if isinstance(entry, dict) else None
                if (
                    not isinstance(record, dict)
                    or entry.get("check") != _check(record)
                    or not isinstance(record.get("index"), int)
                    or not isinstance(record.get("ok"), bool)
                ):
                    raise KvoError.at(
                        where,
                        msg(
                            "this journal line was changed or damaged (it does not match its "
                            "check); {how}",
                            how=_HOW_TO_RESTART,
                        ),
                    )
                if sources.get(record["index"]) == record.get("source"):
                    done[record["index"]] = record
            good += len(raw)
    if good == 0:  # not even the header was written: start from the beginning
        return done
    with journal.open("r+b") as handle:  # drop a torn tail, so appending starts clean
        handle.truncate(good)
    return done


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
