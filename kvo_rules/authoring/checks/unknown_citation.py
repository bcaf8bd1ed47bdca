"""KVO304 unknown-citation: a text cites a source that is not in sources.yaml, or cites it badly.

The texts of rules (`description`, an action's `reason`) and of measures (`description`, a
`requires` or `excludes` reason, `displacement`) cite sources as `[key]`, with the `id` of a
source in sources.yaml (letters, digits, `.`, `_`, `-`; no spaces). The plan of action lists
every cited source in a numbered reference list; a citation whose key is unknown or malformed
(`[S-IJsselland projectplan]`) would leave the reader a reference that leads nowhere.

FAIL:

```yaml
    description:
      nl: Een collectieve surveillance kan een alarm snel nagaan [S29][IJsselland plan].
      en: A collective patrol can check an alarm quickly [S29][IJsselland plan].
```

PASS:

```yaml
    description:
      nl: Een collectieve surveillance kan een alarm snel nagaan [S29][S-IJsselland].
      en: A collective patrol can check an alarm quickly [S29][S-IJsselland].
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...core.citations import BRACKETS, CITATION
from ...core.errors import Location, did_you_mean
from ...core.i18n import msg
from ...core.model import Text
from ._context import Finding, LintContext

ALIASES = ("unknown-source-citation",)


def _problems(text: Text | None, sources: set[str]) -> Iterator[str]:
    """What is wrong with each citation of ``text`` (both languages, each problem once)."""
    if text is None:
        return
    seen: set[str] = set()
    for s in (text.nl, text.en):
        for inner in BRACKETS.findall(s):
            if inner in seen:
                continue
            seen.add(inner)
            if not CITATION.fullmatch(f"[{inner}]"):
                yield msg("malformed citation '[{inner}]': a source key has no spaces", inner=inner)
            elif inner not in sources:
                hint = did_you_mean(inner, sorted(sources))
                yield msg(
                    "cites '[{inner}]', which is not in sources.yaml{hint}", inner=inner, hint=hint
                )


def check(ctx: LintContext) -> Iterator[Finding]:
    """Citations in rule and measure texts that do not resolve to a source."""
    if ctx.catalogue is None:
        return
    sources = set(ctx.catalogue.sources)
    for rule in ctx.rules:
        texts: list[tuple[tuple[str | int, ...], Text | None]] = [
            (("description",), rule.description)
        ]
        texts += [
            (("then", i, "reason"), getattr(a, "reason", None)) for i, a in enumerate(rule.then)
        ]
        for path, text in texts:
            for message in _problems(text, sources):
                yield (
                    ctx.rule_location(rule, *path),
                    msg("rule {rule}: {message}", rule=rule.id, message=message),
                )
    for mid, m in ctx.measures.items():
        mtexts: list[tuple[tuple[str | int, ...], Text | None]] = [
            (("description",), m.description),
            (("displacement",), m.displacement),
        ]
        mtexts += [(("requires", i, "reason"), r.reason) for i, r in enumerate(m.requires)]
        mtexts += [(("excludes", i, "reason"), x.reason) for i, x in enumerate(m.excludes)]
        for path, text in mtexts:
            for message in _problems(text, sources):
                where: Location = ctx.measure_location(mid, *path)
                yield where, msg("{measure}: {message}", measure=mid, message=message)
