"""KVO101 unknown-reference: a measure, problem type, source or rule id that does not exist.

Every id a rule names (in `problem`, `in_place`, `propose`, `require`, `needs`, `exclude`,
`adjust`) must be a measure or problem type of the catalogue (or one of their `aliases`);
every id the catalogue names (in `requires`, `excludes`, an effect's `problem`, a `source`)
must exist too; and so must every rule and measure the rule tests in `tests/` next to the
rules name (a renamed rule keeps its old id in `aliases`). The loaders refuse such files;
lint reports each unknown id at its line, with the closest existing id as a suggestion.

FAIL:

```yaml
rules:
  - id: lighting_first
    description: {nl: Eerst verlichting, en: Lighting first}
    when:
      - problem: poor_lighting
    then:
      - propose: street_lightning     # did you mean 'street_lighting'?
```

PASS:

```yaml
rules:
  - id: lighting_first
    description: {nl: Eerst verlichting, en: Lighting first}
    when:
      - problem: poor_lighting
    then:
      - propose: street_lighting
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...core.catalogue import Catalogue, unknown_source
from ...rules.language import (
    Adjust,
    AllOf,
    AnyOf,
    Condition,
    Exclude,
    InPlace,
    NotOf,
    ProblemCondition,
    Propose,
    Require,
)
from ._context import Finding, LintContext

LOADER_MESSAGES = (
    "unknown measure '",
    "unknown problem type '",
    "unknown source '",
    "unknown rule '",
)
ALIASES = ("dangling-reference",)


def check(ctx: LintContext) -> Iterator[Finding]:
    """Unknown ids in a catalogue or rule base built in code (files are checked on loading)."""
    cat = ctx.catalogue
    if cat is None:
        return
    for mid, m in cat.measures.items():
        for i, eff in enumerate(m.effects):
            if eff.problem not in cat.problems:
                yield ctx.measure_location(mid, "effects", i), cat.unknown_problem(eff.problem)
            for key in eff.source:
                if key not in cat.sources:
                    yield ctx.measure_location(mid, "effects", i), _unknown_source(cat, key)
        for name in ("quantity", "one_off", "yearly"):
            fig = getattr(m.cost, name)
            for key in fig.source if fig is not None else ():
                if key not in cat.sources:
                    yield ctx.measure_location(mid, "cost", name), _unknown_source(cat, key)
        for i, req in enumerate(m.requires):
            for other in req.measures:
                if other not in cat.measures:
                    yield ctx.measure_location(mid, "requires", i), cat.unknown_measure(other)
        for i, exc in enumerate(m.excludes):
            if exc.measure not in cat.measures:
                yield ctx.measure_location(mid, "excludes", i), cat.unknown_measure(exc.measure)
    for rule in ctx.rules:
        for i, c in enumerate(rule.when):
            for pid, in_place in _condition_ids(c):
                if pid is not None and pid not in cat.problems:
                    yield ctx.rule_location(rule, "when", i), cat.unknown_problem(pid)
                if in_place is not None and in_place not in cat.measures:
                    yield ctx.rule_location(rule, "when", i), cat.unknown_measure(in_place)
        for i, a in enumerate(rule.then):
            measures: list[str] = []
            if isinstance(a, Propose):
                measures = [a.propose]
            elif isinstance(a, Require):
                measures = [a.require, *a.needs]
            elif isinstance(a, Exclude):
                measures = [a.exclude]
            elif isinstance(a, Adjust):
                measures = [a.adjust]
                if a.problem is not None and a.problem not in cat.problems:
                    yield ctx.rule_location(rule, "then", i), cat.unknown_problem(a.problem)
            for name in measures:
                if name not in cat.measures:
                    yield ctx.rule_location(rule, "then", i), cat.unknown_measure(name)


def _unknown_source(cat: Catalogue, key: str) -> str:
    return unknown_source(key, cat.sources)


def _condition_ids(c: Condition) -> Iterator[tuple[str | None, str | None]]:
    """(problem id, measure id) pairs a condition names."""
    if isinstance(c, ProblemCondition):
        yield c.problem, None
    elif isinstance(c, InPlace):
        yield None, c.in_place
    elif isinstance(c, AllOf | AnyOf):
        for sub in c.all if isinstance(c, AllOf) else c.any:
            yield from _condition_ids(sub)
    elif isinstance(c, NotOf):
        yield from _condition_ids(c.not_)
