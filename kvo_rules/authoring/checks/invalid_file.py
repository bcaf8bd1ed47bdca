"""KVO100 invalid-file: a file that cannot be read, or does not follow its format.

A YAML syntax error, a misspelt or missing key, a value of the wrong kind, a rule id used
twice: whatever the loaders refuse and no other check claims. Lint reports these like
`kvo-rules validate` does, under this code; the other checks run on the files that did load
(checks over the whole rule base wait until every file loads).

FAIL:

```yaml
rules:
  - id: lighting_first
    description: {nl: Eerst verlichting, en: Lighting first}
    wen:                        # misspelt: 'when'
      - problem: poor_lighting
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

from ._context import Finding, LintContext


def check(ctx: LintContext) -> Iterator[Finding]:
    """Nothing of its own: loader diagnostics no other check claims get this code."""
    return iter(())
