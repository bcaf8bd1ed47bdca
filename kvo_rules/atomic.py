"""Writing files so that a failed or interrupted run never leaves a half-written file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import KvoError, Location

__all__ = ["write_atomic"]


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0666 minus the umask."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


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
        os.fchmod(fd, _mode_for(target))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
