"""``python -m kvo_rules``: the same as the ``kvo-rules`` command."""

from .cli import main

main()
