"""The advice-quality test bed: cases an experienced KVO adviser wrote, run against the engine.

Each ``cases/*.yaml`` file holds one realistic profile and what an adviser expects of the
recommended package, each expectation with the public source it rests on::

    title: ...
    situation: ...
    sources: {S1: "...", S2: "..."}
    profile: {...}                  # a full profile, as in examples/*.yaml
    expect:
      top:        [{measure, within, source, why}]   # in the package, among its first `within`
      in_package: [{measure, source, why}]           # in the package, anywhere
      absent:     [{measure, source, why}]           # not in the package

The package order is the engine's (marginal contribution). The outcomes are a measurement:
:func:`run_cases` returns per case whether every expectation was met and a readable line for
each one that was not; the agreement figure is passed cases / all cases.

Usage::

    from tests.advice.runner import run_cases
    report = run_cases()
    print(report.case_agreement, report.expectation_agreement)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kvo_rules import Engine, KvoError
from kvo_rules.core.profile import profile_from_document
from kvo_rules.core.yamlio import Document, YamlPath, load_document

__all__ = [
    "CASES_DIR",
    "KINDS",
    "Case",
    "CaseError",
    "CaseResult",
    "Expectation",
    "Outcome",
    "Report",
    "case_files",
    "case_problems",
    "load_case",
    "run_case",
    "run_cases",
]

CASES_DIR = Path(__file__).resolve().parent / "cases"

KINDS = ("top", "in_package", "absent")
"""The three kinds of expectation, in the order they are reported."""

_TOP_KEYS = {"title", "situation", "sources", "profile", "expect"}
_EXPECTATION_KEYS = {"measure", "within", "source", "why"}


class CaseError(KvoError):
    """A case file that is not well-formed; every diagnostic names the file, line and column."""


@dataclass(frozen=True)
class Expectation:
    kind: str
    """``top``, ``in_package`` or ``absent``."""
    measure: str
    source: str
    why: str
    within: int | None = None
    """For ``top``: the measure must be among the first ``within`` measures of the package."""

    def describe(self) -> str:
        if self.kind == "top":
            return f"{self.measure} within the first {self.within}"
        if self.kind == "in_package":
            return f"{self.measure} in the package"
        return f"{self.measure} absent"


@dataclass
class Case:
    path: Path
    title: str
    situation: str
    sources: dict[str, str]
    expectations: tuple[Expectation, ...]
    doc: Document = field(repr=False)

    @property
    def name(self) -> str:
        return self.path.stem

    def profile_document(self) -> Document:
        """The ``profile`` part as a document of its own, keeping the case file's positions."""
        return _subdocument(self.doc, ("profile",))


@dataclass(frozen=True)
class Outcome:
    expectation: Expectation
    met: bool
    line: str
    """What the package shows, e.g. "cctv_public_monitored is in the package at rank 3;
    expected absent [S2]"."""


@dataclass
class CaseResult:
    case: Case
    package: tuple[str, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    error: str | None = None
    """Set when the profile could not be loaded or the engine refused it."""

    @property
    def passed(self) -> bool:
        return self.error is None and all(o.met for o in self.outcomes)

    @property
    def met(self) -> int:
        return sum(o.met for o in self.outcomes)

    @property
    def total(self) -> int:
        return len(self.case.expectations)

    def lines(self) -> list[str]:
        """One readable line per unmet expectation (or the error that stopped the case)."""
        if self.error is not None:
            return [f"not run: {self.error}"]
        return [o.line for o in self.outcomes if not o.met]


@dataclass
class Report:
    results: list[CaseResult]

    @property
    def cases_passed(self) -> int:
        return sum(r.passed for r in self.results)

    @property
    def cases_total(self) -> int:
        return len(self.results)

    @property
    def expectations_met(self) -> int:
        return sum(r.met for r in self.results)

    @property
    def expectations_total(self) -> int:
        return sum(r.total for r in self.results)

    @property
    def case_agreement(self) -> float:
        """Passed cases / all cases (the agreement figure)."""
        return self.cases_passed / self.cases_total if self.cases_total else 0.0

    @property
    def expectation_agreement(self) -> float:
        """Expectations met / all expectations."""
        total = self.expectations_total
        return self.expectations_met / total if total else 0.0

    @property
    def failed(self) -> list[CaseResult]:
        return [r for r in self.results if not r.passed]

    def failure_text(self) -> str:
        """Every failing case with its lines, for a test's failure message."""
        out = []
        for r in self.failed:
            out.append(f"{r.case.path.name} ({r.case.title}):")
            out.extend(f"    {line}" for line in r.lines())
        return "\n".join(out)


# --- loading -----------------------------------------------------------------------------


def case_files(cases_dir: Path = CASES_DIR) -> list[Path]:
    return sorted(cases_dir.glob("*.yaml"))


def _subdocument(doc: Document, prefix: YamlPath) -> Document:
    n = len(prefix)

    def strip(positions: dict[YamlPath, Any]) -> dict[YamlPath, Any]:
        return {path[n:]: v for path, v in positions.items() if path[:n] == prefix}

    return Document(
        source=doc.source,
        data=doc.get(prefix),
        value_pos=strip(doc.value_pos),
        key_pos=strip(doc.key_pos),
        plain_text=strip(doc.plain_text),
    )


def load_case(path: str | Path) -> Case:
    """Read a case file and check its shape; a problem raises :class:`CaseError` naming the
    file, line and column. Measure ids and the profile are checked by :func:`case_problems`
    and :func:`run_case` (they need the catalogue)."""
    path = Path(path)
    try:
        doc = load_document(path)
    except KvoError as exc:
        raise CaseError(exc.diagnostics) from None
    errors: list[KvoError] = []

    def err(where: YamlPath, message: str, *, key: bool = False) -> None:
        errors.append(doc.error(where, message, key=key))

    data = doc.data
    if not isinstance(data, dict):
        raise CaseError(
            doc.error(
                (), "a case file is a mapping with title, situation, sources, profile and expect"
            ).diagnostics
        )
    for key in sorted(set(data) - _TOP_KEYS, key=str):
        err((key,), f"unknown key '{key}' (expected {', '.join(sorted(_TOP_KEYS))})", key=True)
    for key in sorted(_TOP_KEYS - set(data)):
        err((), f"missing '{key}'")
    for key in ("title", "situation"):
        if key in data and (not isinstance(data[key], str) or not data[key].strip()):
            err((key,), f"'{key}' must be non-empty text")
    sources = data.get("sources")
    if "sources" in data:
        if not isinstance(sources, dict) or not sources:
            err(("sources",), "'sources' must map keys (S1, S2, ...) to a source text")
            sources = {}
        else:
            for k, v in sources.items():
                if not isinstance(v, str) or not v.strip():
                    err(("sources", k), f"source '{k}' must be non-empty text")
    else:
        sources = {}
    if "profile" in data and not isinstance(data["profile"], dict):
        err(("profile",), "'profile' must be a mapping (a profile as in examples/*.yaml)")

    expectations: list[Expectation] = []
    expect = data.get("expect")
    if "expect" in data and not isinstance(expect, dict):
        err(("expect",), "'expect' must be a mapping with top, in_package and/or absent")
        expect = {}
    for kind in sorted(set(expect or {}) - set(KINDS), key=str):
        err(
            ("expect", kind),
            f"unknown expectation kind '{kind}' (expected {', '.join(KINDS)})",
            key=True,
        )
    for kind in KINDS:
        items = (expect or {}).get(kind)
        if items is None:
            continue
        if not isinstance(items, list):
            err(("expect", kind), f"'{kind}' must be a list")
            continue
        for i, item in enumerate(items):
            where: YamlPath = ("expect", kind, i)
            if not isinstance(item, dict):
                err(where, "an expectation is a mapping {measure, source, why}")
                continue
            for key in sorted(set(item) - _EXPECTATION_KEYS, key=str):
                err((*where, key), f"unknown key '{key}'", key=True)
            measure, source, why = item.get("measure"), item.get("source"), item.get("why")
            within = item.get("within")
            if not isinstance(measure, str) or not measure:
                err(where, "'measure' (a measure id) is required")
            if not isinstance(source, str) or not source:
                err(where, "'source' (a key of 'sources') is required")
            elif source not in sources:
                err(
                    (*where, "source"),
                    f"source '{source}' is not a key of 'sources' "
                    f"({', '.join(map(str, sources)) or 'none'})",
                )
            if not isinstance(why, str) or not why.strip():
                err(where, "'why' (the adviser's reason) is required")
            if kind == "top":
                if isinstance(within, bool) or not isinstance(within, int) or within < 1:
                    err(
                        (*where, "within") if "within" in item else where,
                        "'within' must be a whole number >= 1",
                    )
            elif within is not None:
                err((*where, "within"), f"'within' applies to 'top' only, not '{kind}'")
            if isinstance(measure, str) and isinstance(source, str) and isinstance(why, str):
                expectations.append(
                    Expectation(
                        kind,
                        measure,
                        source,
                        why.strip(),
                        within if isinstance(within, int) else None,
                    )
                )
    if "expect" in data and not expectations and not errors:
        err(("expect",), "a case needs at least one expectation")
    seen: dict[str, str] = {}
    for e in expectations:
        wanted = "absent" if e.kind == "absent" else "present"
        if seen.get(e.measure, wanted) != wanted:
            err(("expect",), f"{e.measure} is expected both in the package and absent")
        seen[e.measure] = wanted
    if errors:
        raise CaseError(KvoError.merge(errors).diagnostics)
    return Case(
        path=path,
        title=str(data["title"]).strip(),
        situation=str(data["situation"]).strip(),
        sources={str(k): str(v) for k, v in sources.items()},
        expectations=tuple(expectations),
        doc=doc,
    )


def case_problems(case: Case, engine: Engine) -> list[str]:
    """What is wrong with a loaded case against the engine's catalogue (located lines)."""
    problems = []
    catalogue = engine.catalogue
    for kind in KINDS:
        i = -1
        for e in case.expectations:
            if e.kind != kind:
                continue
            i += 1
            if catalogue.measure_id(e.measure) == e.measure:
                continue
            loc = case.doc.location(("expect", kind, i, "measure"))
            canonical = catalogue.measure_id(e.measure)
            hint = f" (write its id '{canonical}')" if canonical else ""
            problems.append(f"{loc}: unknown measure id '{e.measure}'{hint}")
    return problems


def load_profile(case: Case, engine: Engine) -> Any:
    """The case's profile, checked by the project's loader (errors name the case file)."""
    return profile_from_document(case.profile_document(), engine.catalogue)


# --- running -----------------------------------------------------------------------------


def _judge(e: Expectation, package: Sequence[str]) -> Outcome:
    rank = package.index(e.measure) + 1 if e.measure in package else None
    size = f"{len(package)} measures" if len(package) != 1 else "1 measure"
    tag = f"[{e.source}]"
    if e.kind == "absent":
        if rank is None:
            return Outcome(e, True, f"{e.measure} is not in the package; expected absent {tag}")
        return Outcome(
            e, False, f"{e.measure} is in the package at rank {rank}; expected absent {tag}"
        )
    if rank is None:
        want = (
            f"expected within the first {e.within}"
            if e.kind == "top"
            else "expected in the package"
        )
        return Outcome(e, False, f"{e.measure} is not in the package ({size}); {want} {tag}")
    if e.kind == "top" and e.within is not None and rank > e.within:
        return Outcome(
            e,
            False,
            f"{e.measure} is in the package at rank {rank} of {len(package)}"
            f"; expected within the first {e.within} {tag}",
        )
    return Outcome(
        e, True, f"{e.measure} is in the package at rank {rank}; {e.describe()} holds {tag}"
    )


def run_case(case: Case, engine: Engine) -> CaseResult:
    """Recommend for the case's profile and judge every expectation against the package."""
    try:
        profile = load_profile(case, engine)
        rec = engine.recommend(profile, alternatives=False)
    except KvoError as exc:
        first = str(exc).splitlines()
        more = f" (+{len(first) - 1} more)" if len(first) > 1 else ""
        return CaseResult(case, error=(first[0] if first else "error") + more)
    except Exception as exc:  # a broken engine is a result of the measurement
        text = " ".join(str(exc).split())
        return CaseResult(case, error=f"engine error {type(exc).__name__}: {text[:300]}")
    package = tuple(m.id for m in rec.recommended.measures)
    outcomes = tuple(_judge(e, package) for e in case.expectations)
    return CaseResult(case, package=package, outcomes=outcomes)


def run_cases(engine: Engine | None = None, paths: Iterable[Path] | None = None) -> Report:
    """Run every case (or ``paths``). A case file that is not well-formed raises CaseError."""
    engine = engine or Engine()
    cases = [load_case(p) for p in (paths if paths is not None else case_files())]
    return Report([run_case(c, engine) for c in cases])
