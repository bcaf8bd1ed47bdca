"""KVO302 requires-contradiction: a measure requires measures that can never be chosen with it.

For a requirement ("one of these must be chosen too") to be met, at least one of the measures
it names must be possible next to the measure: not excluded by it (or excluding it, in the
catalogue's `excludes`), fitting the same kind of area, and not forcing in turn something
that is excluded. When none is, the measure can never be chosen in that kind of area (unless
one of them happens to be in place already): the catalogue contradicts itself. Lint checks
the catalogue's `requires` in every area kind the measure fits, and each rule's `require` in
the area kinds where the rule can fire (there, a measure that another rule always excludes
when this one fires cannot meet the requirement either).

FAIL:

```yaml
measures:
  - id: cctv_public_monitored
    # ...
    requires:
      - measures: [street_lighting]
        reason: {nl: Camera's vragen licht, en: Cameras need light}
    excludes:
      - measure: street_lighting         # and yet never together with it
        reason: {nl: Dubbel, en: Double}
```

PASS:

```yaml
measures:
  - id: cctv_public_monitored
    # ...
    requires:
      - measures: [street_lighting, smart_lighting]
        reason: {nl: Camera's vragen licht, en: Cameras need light}
```
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence

from ...core.errors import Location
from ...core.i18n import joined, msg, words_or
from ...core.model import Measure
from ...rules.language import Exclude, Require, Rule
from ._context import Finding, LintContext
from ._logic import KINDS, Term


def check(ctx: LintContext) -> Iterator[Finding]:
    """Requirement groups none of whose measures can be chosen with the measure."""
    measures = ctx.measures
    for mid, m in measures.items():
        kinds = [str(k) for k in m.areas]
        for i, req in enumerate(m.requires):
            where = functools.partial(ctx.measure_location, mid, "requires", i)
            finding = _unmet(measures, mid, req.measures, kinds, where, "")
            if finding:
                yield finding
    excluders: dict[str, list[Rule]] = {}
    for rule in ctx.rules:
        for a in rule.then:
            if isinstance(a, Exclude):
                excluders.setdefault(a.exclude, []).append(rule)
    for rule in ctx.rules:
        terms = ctx.terms(rule)
        if not terms:
            continue
        rule_kinds = ctx.kinds(rule)
        for i, a in enumerate(rule.then):
            if not isinstance(a, Require) or a.require not in measures:
                continue
            fits = [k for k in rule_kinds if k in {str(x) for x in measures[a.require].areas}]
            where = functools.partial(ctx.rule_location, rule, "then", i)
            excluded = functools.partial(_excluded_by_rule, ctx, rule, terms, excluders)
            finding = _unmet(
                measures,
                a.require,
                a.needs,
                fits,
                where,
                msg(" (rule {rule})", rule=rule.id),
                excluded,
            )
            if finding:
                yield finding


def _excluded_by_rule(
    ctx: LintContext,
    rule: Rule,
    terms: list[Term],
    excluders: dict[str, list[Rule]],
    option: str,
    kind: str,
) -> str | None:
    """Why a rule's exclusion always removes ``option`` where ``rule`` fires in ``kind``."""
    here = ctx.space.conjunction(terms, [(("leaf", "kind", "eq", kind),)])
    if not here:
        return None
    for other in excluders.get(option, []):
        if ctx.implies(here, other):
            return msg(
                "rule {other} excludes {option} whenever rule {rule} fires",
                other=other.id,
                option=option,
                rule=rule.id,
            )
    return None


def _excluded(measures: Mapping[str, Measure], a: str, b: str) -> bool:
    ma, mb = measures.get(a), measures.get(b)
    return bool(
        (ma and any(e.measure == b for e in ma.excludes))
        or (mb and any(e.measure == a for e in mb.excludes))
    )


def _forced(measures: Mapping[str, Measure], start: str) -> set[str]:
    """``start`` and every measure it forces through single-measure requirements."""
    out = {start}
    todo = [start]
    while todo:
        m = measures.get(todo.pop())
        for req in m.requires if m else ():
            if len(set(req.measures)) == 1 and req.measures[0] not in out:
                out.add(req.measures[0])
                todo.append(req.measures[0])
    return out


def _why_not(measures: Mapping[str, Measure], mid: str, option: str, kind: str) -> str | None:
    """Why ``option`` cannot be chosen next to ``mid`` in ``kind`` (None: it can)."""
    other = measures.get(option)
    if other is None:
        return None
    if kind not in {str(k) for k in other.areas}:
        return msg("{option} does not fit a {kind}", option=option, kind=kind)
    if _excluded(measures, mid, option):
        return msg("{option} and {measure} exclude each other", option=option, measure=mid)
    mine = _forced(measures, mid)
    for forced in sorted(_forced(measures, option) - {option}):
        if forced in measures and kind not in {str(k) for k in measures[forced].areas}:
            return msg(
                "{option} requires {forced}, which does not fit a {kind}",
                option=option,
                forced=forced,
                kind=kind,
            )
        for own in sorted(mine):
            if _excluded(measures, own, forced):
                return msg(
                    "{option} requires {forced}, which excludes {own}",
                    option=option,
                    forced=forced,
                    own=own,
                )
    return None


def _unmet(
    measures: Mapping[str, Measure],
    mid: str,
    options: Sequence[str],
    kinds: Sequence[str],
    where: Callable[[], Location],
    origin: str,
    excluded: Callable[[str, str], str | None] | None = None,
) -> Finding | None:
    failing: dict[str, list[str]] = {}
    for kind in (k for k in KINDS if k in kinds):
        reasons = [
            _why_not(measures, mid, o, kind) or (excluded(o, kind) if excluded else None)
            for o in options
        ]
        known = [r for r in reasons if r is not None]
        if len(known) == len(reasons):
            failing[kind] = known
    if not failing:
        return None
    every = list(dict.fromkeys(r for rs in failing.values() for r in rs))
    return (
        where(),
        msg(
            "{measure} requires one of {options}{origin}, but none of them can be chosen with "
            "it in a {kinds} ({reasons}): {measure} can only be chosen there when one of them "
            "is already in place",
            measure=mid,
            options=", ".join(options),
            origin=origin,
            kinds=words_or(failing),
            reasons=joined(every, "; "),
        ),
    )
