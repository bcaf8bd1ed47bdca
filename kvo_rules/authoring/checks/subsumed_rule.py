"""KVO203 subsumed-rule: whenever a rule fires, another fires too and already does all it does.

A rule is subsumed when its conditions imply another rule's conditions (it is a special
case of that rule) and the other rule already proposes the same measures with at least the
same weight, excludes the same measures and makes the same requirements. The special case
then changes nothing: the candidates, weights and packages are the same with or without it.
Drop it (keep its argument in the other rule's description), or let it do something the
general rule does not, such as a higher weight.

FAIL:

```yaml
rules:
  - id: lighting_first
    description: {nl: Eerst verlichting, en: Lighting first}
    when:
      - problem: poor_lighting
    then:
      - propose: street_lighting
        weight: 3
  - id: graffiti_in_the_dark
    description: {nl: Graffiti in het donker, en: Graffiti in the dark}
    when:
      - problem: graffiti
      - problem: poor_lighting
    then:
      - propose: street_lighting      # lighting_first already proposes it, weight 3
        weight: 2
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
        weight: 3
  - id: graffiti_in_the_dark
    description: {nl: Graffiti in het donker, en: Graffiti in the dark}
    when:
      - problem: graffiti
      - problem: poor_lighting
    then:
      - propose: street_lighting
        weight: 3
      - propose: anti_graffiti_coating
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...core.i18n import joined, msg
from ...rules.language import Rule
from ._actions import covers, describe_action, target
from ._context import Finding, LintContext
from .duplicate_rule import duplicates


def check(ctx: LintContext) -> Iterator[Finding]:
    """Rules implied by another rule whose actions cover theirs."""
    by_target: dict[str, list[Rule]] = {}
    for rule in ctx.rules:
        for m in {target(a) for a in rule.then}:
            by_target.setdefault(m, []).append(rule)
    dup = {(a.id, b.id) for a, b in duplicates(ctx)}
    dup |= {(b, a) for a, b in dup}
    pairs: dict[tuple[str, str], tuple[Rule, Rule]] = {}
    for rule in ctx.rules:
        terms = ctx.terms(rule)
        if not terms:
            continue
        for other in by_target.get(target(rule.then[0]), []):
            if other is rule or (rule.id, other.id) in dup or not ctx.terms(other):
                continue
            if (
                all(covers(other.then, a) for a in rule.then)
                and ctx.may_imply(rule, other)
                and ctx.implies(terms, other)
            ):
                pairs[rule.id, other.id] = (rule, other)
    reported: set[str] = set()
    for (rid, oid), (rule, other) in pairs.items():
        if rid in reported:
            continue  # one finding per rule is enough
        if (oid, rid) in pairs and ctx.rule_location(rule) < ctx.rule_location(other):
            continue  # the two say the same: reported once, at the later one
        reported.add(rid)
        does = joined(
            (describe_action(b) for b in other.then if any(covers([b], a) for a in rule.then)),
            "; ",
        )
        yield (
            ctx.rule_location(rule),
            msg(
                "rule '{rule}' is subsumed by rule '{other}' ({where}): whenever it fires, "
                "'{other}' fires too and already {does}",
                rule=rid,
                other=oid,
                where=ctx.rule_location(other),
                does=does,
            ),
        )
