"""The one loader for every YAML (and JSON) file kvo-rules reads.

Safe (plain data only, no Python objects), strict (duplicate keys, merge keys and foreign tags
are errors), bounded (file size, node count including alias expansion, nesting depth), and it
remembers where every value stood so that later errors can say ``path:line:col``.
"""

from __future__ import annotations

import codecs
import datetime as _dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import KvoError, Location
from .i18n import msg

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "Document",
    "YamlPath",
    "load_document",
    "parse_document",
]

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Largest input file accepted (10 MiB); a KVO profile or catalogue is a few kilobytes."""
MAX_NODES = 500_000
"""Most values one document may expand to, aliases included (defeats "billion laughs")."""
MAX_DEPTH = 64
"""Deepest nesting of mappings and lists accepted."""

YamlPath = tuple[str | int, ...]

_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
"""Characters YAML does not allow in a document (the set PyYAML's reader refuses)."""

_ALLOWED_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


@dataclass
class Document:
    """Plain data parsed from one file, with the position of every value and key."""

    source: str
    data: Any
    value_pos: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    key_pos: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    plain_text: dict[YamlPath, str] = field(default_factory=dict)
    """Unquoted scalars that YAML turned into something other than text (``no`` -> False)."""

    def location(self, path: YamlPath = (), *, key: bool = False) -> Location:
        """Where the value (or, with ``key``, the key) at ``path`` stands; falls back upwards."""
        if not self.value_pos:  # built from plain data: name the place by its path
            dotted = ".".join(str(part) for part in path)
            return Location(f"{self.source}:{dotted}" if dotted else self.source)
        if key and path in self.key_pos:
            line, col = self.key_pos[path]
            return Location(self.source, line, col)
        probe = path
        while True:
            if probe in self.value_pos:
                line, col = self.value_pos[probe]
                return Location(self.source, line, col)
            if not probe:
                return Location(self.source, 1, 1)
            probe = probe[:-1]

    def part(self, prefix: YamlPath) -> Document:
        """The part under ``prefix`` as a document of its own (positions kept)."""
        n = len(prefix)

        def cut(table: dict[YamlPath, Any]) -> dict[YamlPath, Any]:
            return {k[n:]: v for k, v in table.items() if k[:n] == prefix}

        return Document(
            source=self.source,
            data=self.get(prefix),
            value_pos=cut(self.value_pos),
            key_pos=cut(self.key_pos),
            plain_text=cut(self.plain_text),
        )

    def error(self, path: YamlPath, message: str, *, key: bool = False) -> KvoError:
        """A located error for the value (or key) at ``path``."""
        return KvoError.at(self.location(path, key=key), message)

    def get(self, path: YamlPath) -> Any:
        """The value at ``path`` (``None`` when it does not exist)."""
        node: Any = self.data
        for part in path:
            if isinstance(node, Mapping) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
            else:
                return None
        return node

    def items_at(self, path: YamlPath) -> Iterator[tuple[int, Any]]:
        """Enumerate the list at ``path`` (nothing when it is not a list)."""
        value = self.get(path)
        if isinstance(value, list):
            yield from enumerate(value)


_YAML_PROBLEMS = {
    "mapping values are not allowed in this context": msg(
        "mapping values are not allowed in this context"
    ),
    "mapping values are not allowed here": msg("mapping values are not allowed here"),
    "did not find expected key": msg("did not find expected key"),
    "did not find expected ',' or ']'": msg("did not find expected ',' or '{end}'", end="]"),
    "did not find expected ',' or '}'": msg("did not find expected ',' or '{end}'", end="}"),
    "found unexpected end of stream": msg("found unexpected end of stream"),
    "found undefined alias": msg("found undefined alias"),
    "found character that cannot start any token": msg(
        "found character that cannot start any token"
    ),
    "found a tab character that violates indentation": msg(
        "found a tab character that violates indentation"
    ),
    "found a tab character where an indentation space is expected": msg(
        "found a tab character where an indentation space is expected"
    ),
    "did not find expected '-' indicator": msg("did not find expected '-' indicator"),
    "could not find expected ':'": msg("could not find expected ':'"),
    "found unknown escape character": msg("found unknown escape character"),
    "did not find expected node content": msg("did not find expected node content"),
    "second occurrence": msg("second occurrence"),
    "did not find expected alphabetic or numeric character": msg(
        "did not find expected alphabetic or numeric character"
    ),
    "did not find expected comment or line break": msg(
        "did not find expected comment or line break"
    ),
    "found duplicate %YAML directive": msg("found duplicate %YAML directive"),
}
"""The syntax problems libyaml and PyYAML report most, as messages (the Dutch catalogue says
them in plain words); any other stays as the parser wrote it, in English."""


_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML was built with it (7x faster), else the Python one."""


class _Loader(_BaseLoader):  # type: ignore[misc]
    """A safe loader used only to scan, parse and compose; ``_Builder`` constructs the data."""


class _Builder:
    def __init__(self, doc: Document, loader: _Loader) -> None:
        self.doc = doc
        self.loader = loader
        self.nodes = 0

    def _fail(self, node: yaml.Node, message: str) -> KvoError:
        mark = node.start_mark
        return KvoError.at(Location(self.doc.source, mark.line + 1, mark.column + 1), message)

    def build(self, node: yaml.Node, path: YamlPath, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self._fail(
                node,
                msg("document expands to more than {n} values (alias bomb?)", n=f"{MAX_NODES:,}"),
            )
        if depth > MAX_DEPTH:
            raise self._fail(node, msg("nesting deeper than {n} levels", n=MAX_DEPTH))
        self.doc.value_pos.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if node.tag not in _ALLOWED_TAGS:
            raise self._fail(
                node, msg("YAML tag '{tag}' is not allowed: only plain data is read", tag=node.tag)
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        value = self._scalar(node)
        if not isinstance(value, str) and not getattr(node, "style", None):
            self.doc.plain_text[path] = str(node.value)
        return value

    def _scalar(self, node: yaml.Node) -> Any:
        try:
            value = self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            raise self._fail(
                node,
                msg("cannot read value '{value}': {reason}", value=node.value, reason=str(exc)),
            ) from None
        except (KeyError, IndexError, AttributeError, TypeError):
            # PyYAML's constructors assume the implicit resolver chose the tag; an explicit tag
            # (``!!bool maybe``, ``!!int ""``, ``!!timestamp abc``) reaches them with any text.
            tag = str(node.tag).rsplit(":", 1)[-1]
            raise self._fail(
                node,
                msg(
                    "'{value}' is not a valid {tag} (remove the '!!{tag}' tag)",
                    value=node.value,
                    tag=tag,
                ),
            ) from None
        if isinstance(value, _dt.datetime):
            raise self._fail(
                node, msg("'{value}' is read as a date and time: quote it", value=node.value)
            )
        return value

    def _mapping(self, node: yaml.MappingNode, path: YamlPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self._fail(key_node, msg("merge keys ('<<') are not supported: write it out"))
            if not isinstance(key_node, yaml.ScalarNode):
                raise self._fail(key_node, msg("a key must be plain text"))
            key = self._scalar(key_node) if key_node.tag in _ALLOWED_TAGS else None
            if not isinstance(key, str):
                raise self._fail(
                    key_node, msg("key '{key}' is not read as text: quote it", key=key_node.value)
                )
            key_path = (*path, key)
            if key in result:
                line = self.doc.key_pos[key_path][0]
                raise self._fail(
                    key_node,
                    msg("duplicate key '{key}' (first given on line {line})", key=key, line=line),
                )
            self.doc.key_pos[key_path] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            result[key] = self.build(value_node, key_path, depth + 1)
        return result


_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def _wide_encoding(head: bytes) -> str | None:
    """ "UTF-16"/"UTF-32" when ``head`` looks like such text (a BOM, or ASCII with NULs)."""
    for bom, name in _WIDE_BOMS:
        if head.startswith(bom):
            return name
    for width, name in ((4, "UTF-32"), (2, "UTF-16")):
        usable = len(head) - len(head) % width
        if usable < width * 2:
            continue
        units = [head[i : i + width] for i in range(0, usable, width)]
        for text_at in (0, width - 1):  # mostly ASCII, little- or big-endian
            ascii_units = sum(
                1
                for u in units
                if u[text_at] != 0 and all(b == 0 for j, b in enumerate(u) if j != text_at)
            )
            if ascii_units >= 0.9 * len(units):
                return name
    return None


def _decode(raw: bytes, source: str) -> str:
    wide = _wide_encoding(raw[:4096])
    if wide is not None:
        raise KvoError.at(
            Location(source),
            msg("the file is {encoding} text, not UTF-8 (save it as UTF-8)", encoding=wide),
        )
    if b"\x00" in raw[:8192]:
        raise KvoError.at(Location(source), msg("this is a binary file, not YAML or JSON text"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise KvoError.at(
            Location(source, line, column),
            msg("the file is not UTF-8 text (save it as UTF-8)"),
        ) from None
    return text


def parse_document(text: str, source: str = "<string>") -> Document:
    """Parse YAML or JSON text into a :class:`Document`; any problem raises :class:`KvoError`."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise KvoError.at(
            Location(source), msg("file larger than {limit} MiB", limit=MAX_FILE_BYTES // 2**20)
        )
    doc = Document(source=source, data=None)
    bad = _NON_PRINTABLE.search(text)
    if bad is not None:  # libyaml would refuse it without a position
        before = text[: bad.start()]
        line = before.count("\n") + 1
        column = bad.start() - (before.rfind("\n") + 1) + 1
        raise KvoError.at(
            Location(source, line, column),
            msg("character {char} is not allowed in a YAML file", char=repr(bad.group())),
        )
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
            problem = _YAML_PROBLEMS.get(exc.problem or "", exc.problem or str(exc))
            if exc.context and "expected a single document" in exc.context:
                problem = msg("only one YAML document per file ('---' starts a second one)")
            raise KvoError.at(
                Location(source, line, col), msg("YAML syntax error: {problem}", problem=problem)
            ) from None
        except yaml.YAMLError as exc:
            raise KvoError.at(
                Location(source), msg("YAML error: {problem}", problem=str(exc))
            ) from None
        except RecursionError:
            raise KvoError.at(
                Location(source), msg("nesting deeper than {n} levels", n=MAX_DEPTH)
            ) from None
        if node is not None:
            doc.data = _Builder(doc, loader).build(node, (), 0)
    finally:
        loader.dispose()
    return doc


def load_document(path: str | Path) -> Document:
    """Read and parse one file, refusing files that are too large, binary or not UTF-8."""
    source = str(path)
    p = Path(path)
    try:
        if p.is_dir():
            raise KvoError.at(Location(source), msg("is a directory, expected a file"))
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise KvoError.at(
                Location(source),
                msg(
                    "file is {size} MiB; the limit is {limit} MiB",
                    size=f"{size / 2**20:.1f}",
                    limit=MAX_FILE_BYTES // 2**20,
                ),
            )
        raw = p.read_bytes()
    except FileNotFoundError:
        raise KvoError.at(Location(source), msg("no such file")) from None
    except OSError as exc:
        raise KvoError.at(
            Location(source), msg("cannot read file: {reason}", reason=exc.strerror)
        ) from None
    return parse_document(_decode(raw, source), source)
