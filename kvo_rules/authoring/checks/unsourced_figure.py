"""KVO303 unsourced-figure: a cost or effect figure without a source or an estimate flag.

Every figure in the catalogue (a cost's `quantity`, `one_off` and `yearly`, and every effect)
says where it comes from: a `source` key from sources.yaml, or `estimate: true` when it is
the author's estimate (with a `note` saying how it was made), or both. A figure with neither
cannot be defended in a KVO plan. The loader refuses such files; lint reports them under this
code, and also checks catalogues built in code.

FAIL:

```yaml
    cost:
      per: hectare
      one_off: {amount: 750}
```

PASS:

```yaml
    cost:
      per: hectare
      one_off: {amount: 750, source: S38}
      yearly: {amount: 25, estimate: true, note: about 3% of the investment per year}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...core.i18n import msg
from ._context import Finding, LintContext

LOADER_MESSAGES = ("needs a 'source' or 'estimate: true'",)
ALIASES = ("unsourced",)


def check(ctx: LintContext) -> Iterator[Finding]:
    """Figures and effects with neither ``source`` nor ``estimate: true``."""
    for mid, m in ctx.measures.items():
        for name in ("quantity", "one_off", "yearly"):
            fig = getattr(m.cost, name)
            if fig is not None and not fig.source and not fig.estimate:
                yield (
                    ctx.measure_location(mid, "cost", name),
                    msg(
                        "{measure}: the cost figure '{figure}' needs a 'source' or "
                        "'estimate: true'",
                        measure=mid,
                        figure=name,
                    ),
                )
        for i, eff in enumerate(m.effects):
            if not eff.source and not eff.estimate:
                yield (
                    ctx.measure_location(mid, "effects", i),
                    msg(
                        "{measure}: the effect on {problem} needs a 'source' or 'estimate: true'",
                        measure=mid,
                        problem=eff.problem,
                    ),
                )
