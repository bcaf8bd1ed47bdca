"""KVO202 duplicate-rule: a rule with the same conditions and the same actions as another.

Two rules that fire for exactly the same profiles and do the same thing (their wording may
differ) are one rule written twice, often after copying a rule to change it and forgetting
to. Besides the clutter, a duplicated `adjust` multiplies the effect twice. Lint compares
what the conditions mean, not how they are written: `severity: {min: 3}` is the same as
`not: {problem: x, severity: {max: 2}}` together with `problem: x`.

FAIL:

```yaml
rules:
  - id: lighting_first
    description: {nl: Eerst verlichting, en: Lighting first}
    when:
      - problem: poor_lighting
    then:
      - propose: street_lighting
  - id: lighting_first_copy
    description: {nl: Verlichting, en: Lighting}
    when:
      - problem: poor_lighting
        severity: {min: 1}
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
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...core.i18n import msg
from ...rules.language import Adjust, Rule
from ._actions import action_key
from ._context import Finding, LintContext


def duplicates(ctx: LintContext) -> list[tuple[Rule, Rule]]:
    """(later, earlier) pairs of duplicate rules, by where they are defined."""
    if "duplicates" not in ctx.shared:
        ctx.shared["duplicates"] = _duplicates(ctx)
    pairs: list[tuple[Rule, Rule]] = ctx.shared["duplicates"]
    return pairs


def _duplicates(ctx: LintContext) -> list[tuple[Rule, Rule]]:
    groups: dict[frozenset[tuple[object, ...]], list[Rule]] = {}
    for rule in ctx.rules:
        groups.setdefault(frozenset(action_key(a) for a in rule.then), []).append(rule)
    pairs = []
    for group in groups.values():
        group.sort(key=ctx.rule_location)
        for i, later in enumerate(group):
            terms = ctx.terms(later)
            if not terms:
                continue
            for earlier in group[:i]:
                first = ctx.terms(earlier)
                if not first:
                    continue
                if not (ctx.may_imply(later, earlier) and ctx.may_imply(earlier, later)):
                    continue
                if ctx.implies(terms, earlier) and ctx.implies(first, later):
                    pairs.append((later, earlier))
                    break
    return pairs


def check(ctx: LintContext) -> Iterator[Finding]:
    """Pairs of rules with equivalent conditions and the same actions."""
    for later, earlier in duplicates(ctx):
        where = ctx.rule_location(earlier)
        if any(isinstance(a, Adjust) for a in later.then):
            text = msg(
                "rule '{rule}' duplicates rule '{other}' ({where}): same conditions, same "
                "actions; its adjustments apply twice",
                rule=later.id,
                other=earlier.id,
                where=where,
            )
        else:
            text = msg(
                "rule '{rule}' duplicates rule '{other}' ({where}): same conditions, same actions",
                rule=later.id,
                other=earlier.id,
                where=where,
            )
        yield ctx.rule_location(later), text
