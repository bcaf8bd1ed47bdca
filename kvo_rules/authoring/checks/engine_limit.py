"""KVO206 engine-limit: a rule too big for the rule engine, even when split into pieces.

durable_rules holds one rule's conditions in a fixed-size expression: at most 14 nested
`all`/`any` groups, and a rule may read at most 200 profile fields (every problem, time of day
and measure in place named in its conditions counts). kvo-rules registers a rule that is too
big as several engine rules (an `any` split into groups, an `all` distributed over one of its
`any`s), up to 64 of them. A rule that needs more cannot be loaded; the Engine refuses it with
this same message. Split the rule into several rules, or flatten its `any`/`all` nesting.

FAIL:

```yaml
rules:
  - id: everything_everywhere
    description: {nl: Alles overal, en: Everything everywhere}
    when:  # eight any's of two conditions of three groups each: 256 combinations
      - any:
          - {problem: burglary_business, trend: [rising, stable], times: [night, weekend]}
          - {problem: vandalism, trend: [rising, stable], times: [night, weekend]}
      - any:
          - {problem: robbery, trend: [rising, stable], times: [night, weekend]}
          - {problem: shoplifting, trend: [rising, stable], times: [night, weekend]}
      - any:
          - {problem: yard_theft, trend: [rising, stable], times: [night, weekend]}
          - {problem: cargo_theft, trend: [rising, stable], times: [night, weekend]}
      - any:
          - {problem: graffiti, trend: [rising, stable], times: [night, weekend]}
          - {problem: litter, trend: [rising, stable], times: [night, weekend]}
      - any:
          - {problem: burglary_business, trend: [rising, stable], times: [night, weekend]}
          - {problem: vandalism, trend: [rising, stable], times: [night, weekend]}
      - any:
          - {problem: robbery, trend: [rising, stable], times: [night, weekend]}
          - {problem: shoplifting, trend: [rising, stable], times: [night, weekend]}
      - any:
          - {problem: yard_theft, trend: [rising, stable], times: [night, weekend]}
          - {problem: cargo_theft, trend: [rising, stable], times: [night, weekend]}
      - any:
          - {problem: graffiti, trend: [rising, stable], times: [night, weekend]}
          - {problem: litter, trend: [rising, stable], times: [night, weekend]}
    then:
      - propose: target_hardening
```

PASS:

```yaml
rules:
  - id: night_burglary
    description: {nl: Nachtelijke inbraak, en: Burglary at night}
    when:
      - any:
          - {problem: burglary_business, trend: [rising, stable], times: [night, weekend]}
          - {problem: vandalism, trend: [rising, stable], times: [night, weekend]}
      - any:
          - {problem: robbery, trend: [rising, stable], times: [night, weekend]}
          - {problem: shoplifting, trend: [rising, stable], times: [night, weekend]}
    then:
      - propose: target_hardening
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...rules.compiler import too_big
from ._context import Finding, LintContext


def check(ctx: LintContext) -> Iterator[Finding]:
    """Rules that durable_rules cannot hold even when split."""
    for rule in ctx.rules:
        problem = too_big(rule.when)
        if problem is not None:
            yield ctx.rule_location(rule, "when"), problem
