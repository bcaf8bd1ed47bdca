"""KVO204 conflicting-rules: one rule excludes what another proposes, for the same profile.

An exclusion always wins: the measure is not a candidate, whatever proposed it. That is what
you want from a **guard**, an exclusion that depends only on the area, the measures in place
or the budget ("no ANPR with six or more entrances", "no paid manager for 15 businesses or
fewer"): it says the measure never fits such an area, for any problem. Lint takes guards at
their word and reports one only when it makes a proposal useless: whenever the proposing rule
fires, the guard holds too.

An exclusion that depends on a problem is a judgement about that problem ("no group approach
while the youth nuisance has not escalated"). When a rule proposes the measure for another
reason in a situation where that exclusion also holds, the exclusion silently removes the
proposal. Lint reports such a pair with an example profile in which both fire, for a measure
that fits the area and is not yet in place. Make the two exclusive (add a `not` to one of
them), as the bundled rules do for the group approach and severe drug nuisance.

A rule that proposes and excludes the same measure is always reported.

FAIL:

```yaml
rules:
  - id: drugs_group_approach
    description: {nl: Groepsaanpak bij drugsoverlast, en: Group approach for drug nuisance}
    when:
      - problem: drug_nuisance
        severity: {min: 4}
    then:
      - propose: group_approach_enforcement
  - id: youth_not_yet_repressive
    description: {nl: Eerst zachte maatregelen, en: Soft measures first}
    when:
      - problem: youth_nuisance
        severity: {max: 3}
    then:
      - exclude: group_approach_enforcement
```

PASS:

```yaml
rules:
  - id: drugs_group_approach
    description: {nl: Groepsaanpak bij drugsoverlast, en: Group approach for drug nuisance}
    when:
      - problem: drug_nuisance
        severity: {min: 4}
    then:
      - propose: group_approach_enforcement
  - id: youth_not_yet_repressive
    description: {nl: Eerst zachte maatregelen, en: Soft measures first}
    when:
      - problem: youth_nuisance
        severity: {max: 3}
      - not:
          problem: drug_nuisance
          severity: {min: 4}
    then:
      - exclude: group_approach_enforcement
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...core.i18n import msg
from ...rules.compiler import Tree
from ...rules.language import Exclude, Propose, Rule
from ._context import Finding, LintContext
from ._logic import KINDS, Term, condition_tree

ALIASES = ("conflict",)


def is_guard(rule: Rule) -> bool:
    """An exclusion rule whose conditions name no problem (only area, in place, budget)."""
    return not _names_problem(condition_tree(rule.when))


def _names_problem(tree: Tree) -> bool:
    if tree[0] == "leaf":
        return str(tree[1]).partition("__")[0] in ("s", "i", "r", "t")
    return any(_names_problem(t) for t in tree[1])


def check(ctx: LintContext) -> Iterator[Finding]:
    """Propose/exclude pairs that can fire together (guards: only when they always do)."""
    proposers: dict[str, list[Rule]] = {}
    for rule in ctx.rules:
        for a in rule.then:
            if isinstance(a, Propose):
                proposers.setdefault(a.propose, []).append(rule)
    for rule in ctx.rules:
        terms = ctx.terms(rule)
        if terms == []:
            continue
        for a in rule.then:
            if not isinstance(a, Exclude):
                continue
            mid = a.exclude
            measure = ctx.measures.get(mid)
            if measure is None:
                continue
            kinds = {str(k) for k in measure.areas}
            fits: Term = tuple(("leaf", "kind", "neq", k) for k in KINDS if k not in kinds)
            context: list[Term] = [(*fits, ("leaf", f"m__{mid}", "eq", 0))]
            for other in proposers.get(mid, []):
                if other is rule:
                    yield (
                        ctx.rule_location(rule),
                        msg(
                            "rule '{rule}' both proposes and excludes {measure}",
                            rule=rule.id,
                            measure=mid,
                        ),
                    )
                    continue
                finding = _conflict(ctx, rule, other, mid, context)
                if finding is not None:
                    yield finding


def _conflict(
    ctx: LintContext, excluding: Rule, proposing: Rule, mid: str, context: list[Term]
) -> Finding | None:
    ex_terms, pr_terms = ctx.terms(excluding), ctx.terms(proposing)
    if ex_terms is None or not pr_terms:
        return None
    if is_guard(excluding):
        usable = ctx.space.conjunction(pr_terms, context)
        if not usable:
            return None
        if ctx.implies(usable, excluding):
            return (
                ctx.rule_location(proposing),
                msg(
                    "rule '{rule}' proposes {measure}, but whenever it fires rule '{other}' "
                    "({where}) excludes it: the proposal never takes effect",
                    rule=proposing.id,
                    measure=mid,
                    other=excluding.id,
                    where=ctx.rule_location(excluding),
                ),
            )
        return None
    both = ctx.space.conjunction(pr_terms, ex_terms, context)
    if not both:
        return None
    example = ctx.example(both, proposing.when, excluding.when)
    if example is None:
        return None  # the analysis and the evaluator disagree: say nothing rather than guess
    return (
        ctx.rule_location(excluding),
        msg(
            "rule '{rule}' excludes {measure}, which rule '{other}' ({where}) proposes, and "
            "both fire for e.g.: {example}",
            rule=excluding.id,
            measure=mid,
            other=proposing.id,
            where=ctx.rule_location(proposing),
            example=example,
        ),
    )
