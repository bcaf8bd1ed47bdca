"""Budget steps as the sweep command takes them: ``START:STOP:STEP`` or one amount."""

from __future__ import annotations

import math
import re

from ..advice.sweep import MAX_STEPS
from ..core.errors import KvoError, Location
from ..core.i18n import msg

__all__ = ["parse_steps"]

_AMOUNT = re.compile(r"[0-9]+(?:_[0-9]+)*(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
"""An amount in euros: digits (``_`` only between digits), an optional fraction and exponent."""


def parse_steps(text: str, option: str) -> list[float]:
    """``START:STOP:STEP`` (inclusive) or a single amount, as a list of euros."""
    where = Location(f"<{option}>")
    parts = text.split(":")
    if not all(_AMOUNT.fullmatch(p) for p in parts):
        raise KvoError.at(where, msg("'{text}' is not START:STOP:STEP or an amount", text=text))
    numbers = [float(p) for p in parts]
    if any(not math.isfinite(n) for n in numbers):
        raise KvoError.at(where, msg("'{text}': amounts must be finite and >= 0", text=text))
    if len(numbers) == 1:
        return numbers
    if len(numbers) != 3:
        raise KvoError.at(where, msg("'{text}' is not START:STOP:STEP or an amount", text=text))
    start, stop, step = numbers
    if step <= 0 or stop < start:
        raise KvoError.at(where, msg("'{text}': STEP must be > 0 and STOP >= START", text=text))
    span = (stop - start) / step  # infinite for a step such as 1e-320
    if not span < MAX_STEPS:
        raise KvoError.at(where, msg("'{text}' gives more than {n} steps", text=text, n=MAX_STEPS))
    count = int(span + 1e-9) + 1
    return [round(start + i * step, 2) for i in range(count)]
