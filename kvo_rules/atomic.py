"""Writing files so that a failed or interrupted run never leaves a half-written file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import KvoError, Location

__all__ = ["write_atomic"]


def write_atomic(path: str | Path, text: str | bytes, *, force: bool = True) -> None:
    """Write ``text`` to a temporary file beside ``path``, flush it to disk, rename it in place.

    With ``force=False`` an existing file is refused (a :class:`KvoError`).
    """
    target = Path(path)
    if not force and target.exists():
        raise KvoError.at(Location(str(target)), "file exists (use --force to replace it)")
    data = text.encode("utf-8") if isinstance(text, str) else text
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise KvoError.at(Location(str(target)), f"cannot write here: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
