"""KVO201 never-fires: a rule whose conditions can never all hold, so it never fires.

Lint works out whether any profile at all can meet every condition of a rule: bounds that
contradict each other (severity at least 4 and at most 2), a problem that must be both present
and absent (`problem: x` and `not: {problem: x}`), an area that must be of two kinds, or a
problem in an area kind it never occurs in (the problem's `areas` in problems.yaml). Such a
rule is dead weight at best, and usually a typo in a bound or a `not` in the wrong place.

FAIL:

```yaml
rules:
  - id: burglary_severe_and_mild
    description: {nl: Ernstige en lichte inbraak, en: Severe and mild burglary}
    when:
      - problem: burglary_business
        severity: {min: 4}
      - any:
          - problem: burglary_business
            severity: {max: 2}         # contradicts min 4 above
          - all:
              - area: {kind: shopping_area}
              - problem: cargo_theft   # occurs only on business parks
    then:
      - propose: target_hardening
```

PASS:

```yaml
rules:
  - id: burglary_severe
    description: {nl: Ernstige inbraak, en: Severe burglary}
    when:
      - problem: burglary_business
        severity: {min: 4}
    then:
      - propose: target_hardening
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...core.i18n import msg
from ._context import Finding, LintContext
from ._logic import condition_tree


def check(ctx: LintContext) -> Iterator[Finding]:
    """Rules whose conditions have no satisfiable conjunction."""
    for rule in ctx.rules:
        if ctx.terms(rule) != []:
            continue
        every = ctx.space.all_terms(condition_tree(rule.when))
        reasons = list(dict.fromkeys(ctx.space.solve(t).reason for t in every or ()))
        why: str
        if len(reasons) == 1:
            why = reasons[0]
        elif reasons:
            shown = "; ".join(reasons[:3]) + ("; ..." if len(reasons) > 3 else "")
            why = msg(
                "none of its {n} alternatives can hold ({shown})", n=len(every or ()), shown=shown
            )
        else:
            why = msg("its conditions contradict each other")
        yield (
            ctx.rule_location(rule),
            msg("rule '{rule}' can never fire: {why}", rule=rule.id, why=why),
        )
