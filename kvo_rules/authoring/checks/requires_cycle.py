"""KVO301 requires-cycle: measures that require each other, in a circle.

`requires` says "when this measure is chosen, one of these must be chosen too". When a
measure requires exactly one other measure, that one is forced; if the forced measures lead
back to the first (a requires b, b requires a), none of them can ever be chosen without all
the others. That is one measure split in two, or a requirement written the wrong way round
(a camera needs lighting; lighting does not need a camera). Lint follows the catalogue's
`requires` and the rules' `require` actions with a single measure in `needs`.

FAIL:

```yaml
measures:
  - id: anti_graffiti_coating
    # ...
    requires:
      - measures: [graffiti_removal]
        reason: {nl: Coating werkt alleen met snel verwijderen, en: Coating needs quick removal}
  - id: graffiti_removal
    # ...
    requires:
      - measures: [anti_graffiti_coating]     # the wrong way round
        reason: {nl: Verwijderen vraagt coating, en: Removal needs coating}
```

PASS:

```yaml
measures:
  - id: anti_graffiti_coating
    # ...
    requires:
      - measures: [graffiti_removal]
        reason: {nl: Coating werkt alleen met snel verwijderen, en: Coating needs quick removal}
  - id: graffiti_removal
    # ... (no requires)
```
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator

from ...core.errors import Location
from ...core.i18n import joined, msg
from ...rules.language import Require
from ._context import Finding, LintContext

LOADER_MESSAGES = ("cannot require itself",)

Edges = dict[str, dict[str, tuple[Callable[[], Location], str]]]
"""measure -> forced measure -> (where the requirement is written, which rule says so)."""


def check(ctx: LintContext) -> Iterator[Finding]:
    """Cycles of forced requirements (single-measure groups), from catalogue and rules."""
    edges: Edges = {}
    for mid, m in ctx.measures.items():
        for i, req in enumerate(m.requires):
            if len(set(req.measures)) == 1:
                where = functools.partial(ctx.measure_location, mid, "requires", i)
                edges.setdefault(mid, {}).setdefault(req.measures[0], (where, ""))
    for rule in ctx.rules:
        if ctx.terms(rule) == []:
            continue
        for i, a in enumerate(rule.then):
            if isinstance(a, Require) and len(set(a.needs)) == 1:
                where = functools.partial(ctx.rule_location, rule, "then", i)
                edges.setdefault(a.require, {}).setdefault(
                    a.needs[0], (where, msg(" (rule {rule})", rule=rule.id))
                )
    for component in _cycles(edges):
        path = _cycle_path(component, edges)
        steps = joined(
            msg("{measure} requires {other}{origin}", measure=a, other=b, origin=edges[a][b][1])
            for a, b in itertools.pairwise(path)
        )
        yield (
            edges[path[0]][path[1]][0](),
            msg(
                "requirements go round in a circle: {steps}; none of {measures} can be chosen "
                "without the others",
                steps=steps,
                measures=", ".join(sorted(component)),
            ),
        )


def _cycles(edges: Edges) -> list[set[str]]:
    """Strongly connected components with a cycle (Tarjan), smallest id first."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, {})):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp: set[str] = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1 or v in edges.get(v, {}):
                out.append(comp)

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return sorted(out, key=min)


def _cycle_path(component: set[str], edges: Edges) -> list[str]:
    """A shortest closed walk through the component from its smallest id: [a, b, ..., a]."""
    start = min(component)
    parent: dict[str, str] = {}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for w in sorted(edges.get(node, {})):
            if w == start:
                path = [node]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                return [*reversed(path), start]
            if w in component and w not in parent:
                parent[w] = node
                queue.append(w)
    return [start, start]  # unreachable for a component with a cycle
