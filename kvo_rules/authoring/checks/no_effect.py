"""KVO205 no-effect: an action that can never change anything.

A rule's action is wasted when the rule can only fire in an area kind its measure does not fit
(`areas` in the catalogue: a measure is never a candidate elsewhere), when it proposes a
measure that the rule's own conditions require to be in place already (a measure in place is
never a candidate), or when it adjusts the effect of a measure on a problem the measure has no
effect on.

FAIL:

```yaml
rules:
  - id: shops_truck_parking
    description: {nl: Truckparkeren in winkelgebied, en: Truck parking in a shopping area}
    when:
      - area: {kind: shopping_area}
    then:
      - propose: secure_truck_parking   # fits business parks only
```

PASS:

```yaml
rules:
  - id: park_truck_parking
    description: {nl: Truckparkeren op bedrijventerrein, en: Truck parking on a business park}
    when:
      - area: {kind: business_park}
      - problem: truck_parking
    then:
      - propose: secure_truck_parking
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...core.i18n import msg, words_and
from ...rules.language import Adjust, Propose
from ._actions import describe_action, target
from ._context import Finding, LintContext


def check(ctx: LintContext) -> Iterator[Finding]:
    """Actions on measures that do not fit where the rule fires, or that change nothing."""
    for rule in ctx.rules:
        terms = ctx.terms(rule)
        if not terms:
            continue
        kinds = ctx.kinds(rule)
        for i, a in enumerate(rule.then):
            mid = target(a)
            measure = ctx.measures.get(mid)
            if measure is None:
                continue
            fits = [str(k) for k in measure.areas]
            if not set(fits) & set(kinds):
                yield (
                    ctx.rule_location(rule, "then", i),
                    msg(
                        "rule '{rule}' {action}, but {measure} fits only {fits} and the rule "
                        "fires only in {kinds}",
                        rule=rule.id,
                        action=describe_action(a),
                        measure=mid,
                        fits=words_and(fits),
                        kinds=words_and(kinds),
                    ),
                )
                continue
            if isinstance(a, Propose) and not ctx.space.conjunction(
                terms, [(("leaf", f"m__{mid}", "eq", 0),)]
            ):
                yield (
                    ctx.rule_location(rule, "then", i),
                    msg(
                        "rule '{rule}' proposes {measure}, but fires only when {measure} is "
                        "already in place (a measure in place is never a candidate)",
                        rule=rule.id,
                        measure=mid,
                    ),
                )
            if (
                isinstance(a, Adjust)
                and a.problem is not None
                and all(e.problem != a.problem for e in measure.effects)
            ):
                yield (
                    ctx.rule_location(rule, "then", i),
                    msg(
                        "rule '{rule}' adjusts the effect of {measure} on {problem}, but "
                        "{measure} has no effect on {problem} in the catalogue",
                        rule=rule.id,
                        measure=mid,
                        problem=a.problem,
                    ),
                )
