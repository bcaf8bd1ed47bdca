"""The plan's reference list: every source its texts cite, numbered in order of first citation.

The rules and the catalogue cite sources by key in square brackets (``[S29]``, ``[E1][E2]``);
the key is the ``id`` of a source in ``measures/sources.yaml``. A plan lists each cited source
once, numbered by its first citation (in the order of the plan's data: problems, goals,
measures, not chosen, notes), and the documents print ``[n]`` where the text says ``[key]``.
A key that is not in the catalogue's source list still gets a number; its entry says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ...core.citations import CITATION
from ...core.model import Source
from .model import Reference

__all__ = ["CITATION", "cited_keys", "number_citations", "references"]


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def cited_keys(data: Any) -> list[str]:
    """The source keys cited anywhere in ``data`` (nested dicts, lists and strings), each once,
    in order of first citation."""
    seen: dict[str, None] = {}
    for s in _strings(data):
        for key in CITATION.findall(s):
            seen.setdefault(key, None)
    return list(seen)


def references(data: Any, sources: Mapping[str, Source]) -> tuple[Reference, ...]:
    """The numbered reference list of everything ``data`` cites, from ``sources``."""
    out = []
    for n, key in enumerate(cited_keys(data), 1):
        src = sources.get(key)
        out.append(
            Reference(
                number=n,
                key=key,
                title=src.title if src is not None else None,
                url=src.url if src is not None else None,
            )
        )
    return tuple(out)


def number_citations(text: str, refs: Iterable[Reference]) -> str:
    """``text`` with each ``[key]`` of ``refs`` written as its number ``[n]``."""
    numbers = {r.key: r.number for r in refs}
    if not numbers:
        return text
    return CITATION.sub(
        lambda m: f"[{numbers[m.group(1)]}]" if m.group(1) in numbers else m.group(0), text
    )
