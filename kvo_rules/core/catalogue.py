"""The measure catalogue: problem vocabulary, sources and measures, loaded and cross-checked."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .errors import KvoError, Location, did_you_mean
from .i18n import msg
from .model import (
    Measure,
    MeasureFile,
    ProblemFile,
    ProblemType,
    Source,
    SourceFile,
)
from .parse import parse_model
from .yamlio import Document, YamlPath, load_document

__all__ = [
    "Catalogue",
    "ErrorSink",
    "filter_measures",
    "load_catalogue",
    "unknown_source",
    "yaml_files",
]

FILE_KINDS = ("measures", "problems", "sources")


class ErrorSink:
    """Fail fast (raise the first error) or collect every error, as the caller chose."""

    def __init__(self, collect: bool) -> None:
        self.collect = collect
        self.errors: list[KvoError] = []

    def add(self, error: KvoError) -> None:
        if not self.collect:
            raise error
        self.errors.append(error)

    def run(self, func: Callable[[], Any]) -> Any:
        """Call ``func``; a :class:`KvoError` is added instead of raised. Returns None then."""
        try:
            return func()
        except KvoError as exc:
            self.add(exc)
            return None

    def raise_if_any(self) -> None:
        if self.errors:
            raise KvoError.merge(self.errors)


def yaml_files(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    """The YAML/JSON files named by ``paths`` (directories are searched, sorted, non-recursive)."""
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    files: list[Path] = []
    for item in items:
        p = Path(item)
        try:
            if p.is_dir():
                files.extend(
                    sorted(
                        f
                        for f in p.iterdir()
                        if f.suffix.lower() in (".yaml", ".yml") and f.is_file()
                    )
                )
            elif p.exists():
                files.append(p)
            else:
                raise KvoError.at(Location(str(p)), msg("no such file or directory"))
        except OSError as exc:  # a name too long, a directory that cannot be read
            raise KvoError.at(
                Location(str(p)), msg("cannot read: {reason}", reason=exc.strerror or str(exc))
            ) from None
    return files


@dataclass(frozen=True)
class Catalogue:
    """Problem types, measures and sources, with ids resolved and references checked."""

    problems: Mapping[str, ProblemType]
    measures: Mapping[str, Measure]
    sources: Mapping[str, Source]
    measure_aliases: Mapping[str, str] = field(default_factory=dict)
    problem_aliases: Mapping[str, str] = field(default_factory=dict)
    origins: Mapping[str, Location] = field(default_factory=dict)
    """Where each measure and problem id is defined (``measure:ID`` / ``problem:ID``)."""
    files: tuple[str, ...] = ()

    @functools.cached_property
    def exclusions(self) -> Mapping[str, frozenset[str]]:
        """Per measure, every measure it may not be combined with (either side's excludes)."""
        out: dict[str, set[str]] = {}
        for mid, m in self.measures.items():
            for exc in m.excludes:
                out.setdefault(mid, set()).add(exc.measure)
                out.setdefault(exc.measure, set()).add(mid)
        return {mid: frozenset(others) for mid, others in sorted(out.items())}

    def measure_id(self, name: str) -> str | None:
        """The canonical id for a measure id or alias, or None."""
        if name in self.measures:
            return name
        return self.measure_aliases.get(name)

    def problem_id(self, name: str) -> str | None:
        """The canonical id for a problem id or alias, or None."""
        if name in self.problems:
            return name
        return self.problem_aliases.get(name)

    def unknown_measure(self, name: str) -> str:
        """The message for an unknown measure id, with a suggestion."""
        choices = [*self.measures, *self.measure_aliases]
        return msg("unknown measure '{name}'{hint}", name=name, hint=did_you_mean(name, choices))

    def unknown_problem(self, name: str) -> str:
        """The message for an unknown problem id, with a suggestion."""
        choices = [*self.problems, *self.problem_aliases]
        return msg(
            "unknown problem type '{name}'{hint}", name=name, hint=did_you_mean(name, choices)
        )


@dataclass
class _Parsed:
    doc: Document
    kind: str
    model: Any


def _file_kind(doc: Document) -> str:
    if not isinstance(doc.data, dict) or not doc.data:
        return ""
    keys = list(doc.data)
    for kind in FILE_KINDS:
        if kind in doc.data:
            return kind
    raise KvoError.at(
        doc.location((keys[0],), key=True),
        msg(
            "unknown top-level key '{key}'{hint}: a catalogue file holds 'measures', 'problems' "
            "or 'sources'",
            key=keys[0],
            hint=did_you_mean(keys[0], FILE_KINDS),
        ),
    )


def _parse_file(path: Path) -> _Parsed:
    doc = load_document(path)
    kind = _file_kind(doc)
    models: dict[str, type[BaseModel]] = {
        "measures": MeasureFile,
        "problems": ProblemFile,
        "sources": SourceFile,
    }
    model_cls = models.get(kind, MeasureFile)
    return _Parsed(
        doc, kind or "measures", parse_model(doc, model_cls, what=msg("the catalogue file"))
    )


@dataclass
class _Tables:
    """The ids a catalogue's files define, with where each was defined."""

    sink: ErrorSink
    problems: dict[str, ProblemType] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    m_alias: dict[str, str] = field(default_factory=dict)
    p_alias: dict[str, str] = field(default_factory=dict)
    origins: dict[str, Location] = field(default_factory=dict)
    m_where: dict[str, tuple[Document, YamlPath]] = field(default_factory=dict)

    def define(
        self,
        table: dict[str, Any],
        aliases: dict[str, str],
        prefix: str,
        item: Any,
        doc: Document,
        path: YamlPath,
    ) -> None:
        """Enter ``item`` under its id and aliases; an id defined twice is an error."""
        origins = self.origins
        for name, sub in [(item.id, "id"), *((a, "aliases") for a in getattr(item, "aliases", ()))]:
            key = f"{prefix}:{name}"
            if key in origins:
                where = (*path, sub)
                self.sink.add(doc.error(where, _defined_twice(prefix, name, origins[key])))
                continue
            origins[key] = doc.location(path)
            if sub == "id":
                table[name] = item
            else:
                aliases[name] = item.id

    def add(self, p: _Parsed) -> None:
        """Every problem, source or measure of one parsed file."""
        if p.kind == "problems":
            for i, prob in enumerate(p.model.problems):
                self.define(self.problems, self.p_alias, "problem", prob, p.doc, ("problems", i))
        elif p.kind == "sources":
            for i, src in enumerate(p.model.sources):
                self.define(self.sources, {}, "source", src, p.doc, ("sources", i))
        else:
            for i, meas in enumerate(p.model.measures):
                self.define(self.measures, self.m_alias, "measure", meas, p.doc, ("measures", i))
                self.m_where.setdefault(meas.id, (p.doc, ("measures", i)))


def load_catalogue(
    paths: str | Path | Sequence[str | Path], *, collect_errors: bool = False
) -> Catalogue:
    """Load a catalogue from directories or files of measures, problems and sources.

    Fails on the first problem, or with ``collect_errors`` raises one :class:`KvoError` holding
    every problem found.
    """
    sink = ErrorSink(collect_errors)
    parsed: list[_Parsed] = []
    for f in yaml_files(paths):
        result = sink.run(functools.partial(_parse_file, f))
        if result is not None:
            parsed.append(result)
    tables = _Tables(sink)
    for p in parsed:
        tables.add(p)
    problems, measures, sources = tables.problems, tables.measures, tables.sources
    m_alias, p_alias, origins = tables.m_alias, tables.p_alias, tables.origins

    if not parsed and not sink.errors:
        where = str(paths) if isinstance(paths, str | Path) else ", ".join(map(str, paths))
        sink.add(KvoError.at(Location(where), msg("no catalogue files (*.yaml) found")))
    if parsed and not problems:
        sink.add(
            KvoError.at(
                Location(str(Path(parsed[0].doc.source).parent)),
                msg("the catalogue has no problem vocabulary (a file with 'problems:')"),
            )
        )

    catalogue = Catalogue(
        problems=problems,
        measures=dict(sorted(measures.items())),
        sources=sources,
        measure_aliases=m_alias,
        problem_aliases=p_alias,
        origins=origins,
        files=tuple(p.doc.source for p in parsed),
    )
    resolved: dict[str, Measure] = {}
    for mid, (doc, path) in tables.m_where.items():
        fixed = sink.run(functools.partial(_resolve, catalogue, measures[mid], doc, path))
        resolved[mid] = fixed if fixed is not None else measures[mid]
    sink.raise_if_any()
    return Catalogue(
        problems=problems,
        measures=dict(sorted(resolved.items())),
        sources=sources,
        measure_aliases=m_alias,
        problem_aliases=p_alias,
        origins=origins,
        files=catalogue.files,
    )


def unknown_source(key: str, sources: Iterable[str]) -> str:
    """The message for an unknown source key, with a suggestion."""
    return msg(
        "unknown source '{key}'{hint} (add it to sources.yaml)",
        key=key,
        hint=did_you_mean(key, sources),
    )


def _defined_twice(prefix: str, name: str, first: Location) -> str:
    if prefix == "problem":
        return msg("problem id '{name}' is already defined at {first}", name=name, first=first)
    if prefix == "measure":
        return msg("measure id '{name}' is already defined at {first}", name=name, first=first)
    return msg("id '{name}' is already defined at {first}", name=name, first=first)


def _resolve(cat: Catalogue, m: Measure, doc: Document, path: YamlPath) -> Measure:
    """Check a measure's references; return it with aliases replaced by canonical ids."""
    errors: list[KvoError] = []

    def check_sources(keys: tuple[str, ...], where: YamlPath) -> None:
        for j, key in enumerate(keys):
            if key not in cat.sources:
                sub = (*where, "source") if len(keys) == 1 else (*where, "source", j)
                errors.append(
                    doc.error(
                        sub,
                        unknown_source(key, cat.sources),
                    )
                )

    for name in ("quantity", "one_off", "yearly", "hours_per_year"):
        fig = getattr(m.cost, name)
        if fig is not None:
            check_sources(fig.source, (*path, "cost", name))
    cost = m.cost
    if cost.upgrade is not None:
        check_sources(cost.upgrade.one_off.source, (*path, "cost", "upgrade", "one_off"))
        presumed = []
        for j, name in enumerate(cost.upgrade.presumed_by):
            pid = cat.problem_id(name)
            if pid is None:
                where = (*path, "cost", "upgrade", "presumed_by", j)
                errors.append(doc.error(where, cat.unknown_problem(name)))
            presumed.append(pid or name)
        upgrade = cost.upgrade.model_copy(update={"presumed_by": tuple(presumed)})
        cost = cost.model_copy(update={"upgrade": upgrade})
    effects = []
    seen: set[str] = set()
    for i, eff in enumerate(m.effects):
        where = (*path, "effects", i)
        check_sources(eff.source, where)
        pid = cat.problem_id(eff.problem)
        if pid is None:
            errors.append(doc.error((*where, "problem"), cat.unknown_problem(eff.problem)))
            effects.append(eff)
            continue
        if pid in seen:
            errors.append(
                doc.error((*where, "problem"), msg("a second effect on '{problem}'", problem=pid))
            )
        seen.add(pid)
        effects.append(eff.model_copy(update={"problem": pid}) if pid != eff.problem else eff)

    def measure_ref(name: str, where: YamlPath) -> str:
        mid = cat.measure_id(name)
        if mid is None:
            errors.append(doc.error(where, cat.unknown_measure(name)))
            return name
        if mid == m.id:
            errors.append(
                doc.error(where, msg("measure '{measure}' refers to itself", measure=m.id))
            )
        return mid

    requires = []
    for i, req in enumerate(m.requires):
        ids = tuple(
            measure_ref(n, (*path, "requires", i, "measures", j))
            for j, n in enumerate(req.measures)
        )
        requires.append(req.model_copy(update={"measures": ids}))
    excludes = []
    for i, exc in enumerate(m.excludes):
        mid = measure_ref(exc.measure, (*path, "excludes", i, "measure"))
        excludes.append(exc.model_copy(update={"measure": mid}))
    if errors:
        raise KvoError.merge(errors)
    return m.model_copy(
        update={
            "cost": cost,
            "effects": tuple(effects),
            "requires": tuple(requires),
            "excludes": tuple(excludes),
        }
    )


def filter_measures(
    catalogue: Catalogue,
    *,
    problem: str | None = None,
    kind: str | None = None,
    category: str | None = None,
) -> list[Measure]:
    """Measures (sorted by id) with an effect on ``problem``, fitting ``kind``, of ``category``.

    An unknown problem id raises :class:`KvoError` with a suggestion.
    """
    pid = None
    if problem is not None:
        pid = catalogue.problem_id(problem)
        if pid is None:
            raise KvoError.at(Location("<--problem>"), catalogue.unknown_problem(problem))
    return [
        m
        for m in catalogue.measures.values()
        if (pid is None or any(e.problem == pid for e in m.effects))
        and (kind is None or kind in m.areas)
        and (category is None or m.category == category)
    ]
