"""KVO401 uncovered-problem: a problem type no rule ever gives advice on, in some kind of area.

For every problem type and every kind of area it occurs in (`areas` in problems.yaml), some
rule should be able to propose a measure that has an effect on the problem and fits that kind
of area, in a situation where the problem is present. Otherwise a partnership that names the
problem in its analysis gets no advice on it at all. Lint lists measures that would help, to
start from. Reported at the problem type; only when every rule file loaded.

FAIL (no rule proposes anything against cargo theft):

```yaml
rules:
  - id: cargo_theft_patrol
    description: {nl: Surveillance, en: Patrol}
    when:
      - problem: cargo_theft
      - problem: burglary_business     # ... but only with burglary, as a side effect
        severity: {min: 6}             #     that can never happen
    then:
      - propose: secure_truck_parking
```

PASS:

```yaml
rules:
  - id: cargo_theft_secure_parking
    description: {nl: Beveiligde truckparking, en: Secure truck parking}
    when:
      - problem: cargo_theft
    then:
      - propose: secure_truck_parking
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...core.i18n import msg
from ...rules.language import Propose
from ._context import Finding, LintContext
from ._logic import KINDS

ALIASES = ("problem-gap",)


def check(ctx: LintContext) -> Iterator[Finding]:
    """(problem, area kind) pairs without a rule proposing a fitting measure against it."""
    cat = ctx.catalogue
    if cat is None or not ctx.complete:
        return
    for pid, problem in cat.problems.items():
        for kind in (k for k in KINDS if k in {str(a) for a in problem.areas}):
            helpful = {
                mid
                for mid, m in cat.measures.items()
                if kind in {str(a) for a in m.areas} and any(e.problem == pid for e in m.effects)
            }
            if _answered(ctx, pid, kind, helpful):
                continue
            some = ", ".join(sorted(helpful)[:5]) + (", ..." if len(helpful) > 5 else "")
            hint = (
                msg(" (measures with an effect on it: {some})", some=some)
                if helpful
                else msg(" (and no measure in the catalogue has an effect on it there)")
            )
            yield (
                ctx.problem_location(pid),
                msg(
                    "no rule proposes a measure against {problem} in a {kind}{hint}",
                    problem=pid,
                    kind=kind,
                    hint=hint,
                ),
            )


def _answered(ctx: LintContext, pid: str, kind: str, helpful: set[str]) -> bool:
    present = [(("leaf", "kind", "eq", kind), ("leaf", f"s__{pid}", "gte", 1))]
    for rule in ctx.rules:
        if not any(isinstance(a, Propose) and a.propose in helpful for a in rule.then):
            continue
        terms = ctx.terms(rule)
        if terms is None or ctx.space.conjunction(terms, present):
            return True  # too complex to tell: assume it answers
    return False
