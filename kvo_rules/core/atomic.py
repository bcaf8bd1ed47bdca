"""Writing files so that a failed or interrupted run never leaves a half-written file."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import KvoError, Location
from .i18n import msg

__all__ = ["check_target", "check_targets", "open_atomic", "write_atomic"]


def _read_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


_UMASK = _read_umask()
"""Read once at import: os.umask can only be read by setting it, which is not thread-safe."""


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0666 minus the umask."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_UMASK


def _sync_directory(directory: Path) -> None:
    """Flush the rename itself to disk (where the platform allows opening a directory)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_stale_temporaries(target: Path, directory: Path) -> None:
    """Delete ``.NAME.PID.*.tmp`` files a killed writer (SIGKILL, power cut) left behind."""
    prefix = f".{target.name}."
    with contextlib.suppress(OSError):
        for entry in os.scandir(directory):
            name = entry.name
            if not (name.startswith(prefix) and name.endswith(".tmp")):
                continue
            pid_text = name[len(prefix) :].split(".", 1)[0]
            if not pid_text.isdigit() or _alive(int(pid_text)):
                continue
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def check_target(path: str | Path, *, force: bool) -> None:
    """Refuse an output that cannot or must not be written, before anything is written.

    Refused: a directory that does not exist, a name the file system does not allow, anything
    that is not a regular file (a device such as ``/dev/null``, a FIFO, a directory: renaming
    over it would replace it, even with ``--force``), and an existing file without ``force``.
    """
    target = Path(path)
    where = Location(str(target))
    directory = target.parent if str(target.parent) else Path(".")
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise KvoError.at(where, msg("cannot write: {reason}", reason=exc.strerror)) from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise KvoError.at(
            where,
            msg("is not a regular file (a device, FIFO or directory): refusing to replace it"),
        )
    if info is not None and not force:
        raise KvoError.at(where, msg("file exists (use --force to replace it)"))
    if not directory.is_dir():
        raise KvoError.at(
            where, msg("cannot write: no directory {directory}", directory=str(directory))
        )
    if not os.access(directory, os.W_OK | os.X_OK):
        raise KvoError.at(
            where,
            msg(
                "cannot write: the directory {directory} is not writable", directory=str(directory)
            ),
        )


def check_targets(paths: Iterable[str | Path], *, force: bool) -> None:
    """:func:`check_target` for every output before any is written, all refusals in one
    :class:`KvoError`, so a refusal leaves nothing half done."""
    errors = []
    for path in paths:
        try:
            check_target(path, force=force)
        except KvoError as error:
            errors.append(error)
    if errors:
        raise KvoError.merge(errors)


def write_atomic(path: str | Path, text: str | bytes, *, force: bool = True) -> None:
    """Write ``text`` to a temporary file beside ``path``, flush it to disk, rename it in place.

    With ``force=False`` an existing file is refused (a :class:`KvoError`); whatever is not a
    regular file is never replaced (see :func:`check_target`).
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    with open_atomic(path, force=force) as handle:
        handle.write(data)


@contextlib.contextmanager
def open_atomic(path: str | Path, *, force: bool = True) -> Iterator[BinaryIO]:
    """A binary file to stream into: a temporary file beside ``path``, flushed to disk and
    renamed in place when the block ends, deleted if it raises (as :func:`write_atomic`)."""
    target = Path(path)
    check_target(target, force=force)
    directory = target.parent if str(target.parent) else Path(".")
    _remove_stale_temporaries(target, directory)
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=directory
        )
    except OSError as exc:
        raise KvoError.at(
            Location(str(target)), msg("cannot write here: {reason}", reason=exc.strerror)
        ) from None
    try:
        os.fchmod(fd, _mode_for(target))
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        _sync_directory(directory)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):  # a full disk, a quota, a read-only file system
            raise KvoError.at(
                Location(str(target)),
                msg("cannot write: {reason}", reason=exc.strerror or str(exc)),
            ) from None
        raise
