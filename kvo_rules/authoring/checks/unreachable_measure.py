"""KVO402 unreachable-measure: a measure that can never become a candidate.

A measure becomes a candidate when a rule that fires proposes it, or when a candidate needs it
(the catalogue's `requires`, or a rule's `require`). A measure that no rule can ever propose
and no candidate can ever need, in a kind of area it fits, is never advised there: either a
rule is missing, or its `areas` are wider than the rules intend. Reported at the measure;
only when every rule file loaded.

FAIL (nothing ever proposes lighting maintenance):

```yaml
rules:
  - id: lighting_first
    description: {nl: Eerst verlichting, en: Lighting first}
    when:
      - problem: poor_lighting
    then:
      - propose: street_lighting
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
      - propose: lighting_maintenance
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...core.i18n import msg, words_and
from ...rules.language import Propose, Require
from ._context import Finding, LintContext
from ._logic import KINDS

ALIASES = ("measure-gap", "unproposed-measure")


def reachable(ctx: LintContext, kind: str) -> set[str]:
    """Measures that can become candidates in an area of ``kind``."""
    measures = ctx.measures
    fits = {mid for mid, m in measures.items() if kind in {str(a) for a in m.areas}}
    out: set[str] = set()
    needs: dict[str, set[str]] = {mid: set() for mid in measures}
    for mid, m in measures.items():
        for req in m.requires:
            needs[mid].update(req.measures)
    for rule in ctx.rules:
        if kind not in ctx.kinds(rule):
            continue
        for a in rule.then:
            if isinstance(a, Propose):
                out.add(a.propose)
            elif isinstance(a, Require):
                needs.setdefault(a.require, set()).update(a.needs)
    out &= fits
    todo = list(out)
    while todo:
        for other in needs.get(todo.pop(), ()):
            if other in fits and other not in out:
                out.add(other)
                todo.append(other)
    return out


def check(ctx: LintContext) -> Iterator[Finding]:
    """Measures neither proposed nor needed in an area kind they fit."""
    if ctx.catalogue is None or not ctx.complete:
        return
    per_kind = {kind: reachable(ctx, kind) for kind in KINDS}
    for mid, m in ctx.measures.items():
        kinds = [k for k in KINDS if k in {str(a) for a in m.areas}]
        missing = [k for k in kinds if mid not in per_kind[k]]
        if not missing:
            continue
        if len(missing) == len(kinds):
            yield (
                ctx.measure_location(mid),
                msg(
                    "{measure} can never become a candidate: no rule proposes it and no "
                    "candidate needs it",
                    measure=mid,
                ),
            )
        else:
            yield (
                ctx.measure_location(mid),
                msg(
                    "{measure} fits {kinds}, but can never become a candidate there: no rule "
                    "proposes it there and no candidate there needs it (narrow its 'areas' or "
                    "add a rule)",
                    measure=mid,
                    kinds=words_and(missing),
                ),
            )
