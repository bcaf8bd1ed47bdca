"""What rule actions do, compared: the same, covered by another, or in conflict."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...core.i18n import msg
from ...rules.language import Action, Adjust, Exclude, Propose, Require

__all__ = ["action_key", "covers", "describe_action", "target"]


def target(action: Action) -> str:
    """The measure an action is about."""
    if isinstance(action, Propose):
        return action.propose
    if isinstance(action, Require):
        return action.require
    if isinstance(action, Exclude):
        return action.exclude
    return action.adjust


def action_key(action: Action) -> tuple[Any, ...]:
    """What an action does, without its wording (``reason``)."""
    if isinstance(action, Propose):
        return ("propose", action.propose, action.weight)
    if isinstance(action, Require):
        return ("require", action.require, tuple(sorted(set(action.needs))))
    if isinstance(action, Exclude):
        return ("exclude", action.exclude)
    return ("adjust", action.adjust, action.problem, action.factor)


def covers(others: Sequence[Action], action: Action) -> bool:
    """Whether ``others``, applied too, already do everything ``action`` does.

    A proposal is covered by a proposal of the same measure with at least its weight (the
    highest weight counts); an exclusion by the same exclusion; a requirement by one for the
    same measure that needs a subset of its measures (a stricter one). An adjustment is never
    covered: adjustments multiply, so a second one changes the effect again.
    """
    for b in others:
        if isinstance(action, Propose) and isinstance(b, Propose):
            if b.propose == action.propose and b.weight >= action.weight:
                return True
        elif isinstance(action, Exclude) and isinstance(b, Exclude):
            if b.exclude == action.exclude:
                return True
        elif (
            isinstance(action, Require)
            and isinstance(b, Require)
            and b.require == action.require
            and set(b.needs) <= set(action.needs)
        ):
            return True
    return False


def describe_action(action: Action) -> str:
    """An action in words."""
    if isinstance(action, Propose):
        return msg(
            "proposes {measure} (weight {weight})",
            measure=action.propose,
            weight=f"{action.weight:g}",
        )
    if isinstance(action, Require):
        return msg(
            "makes {measure} need one of {needs}",
            measure=action.require,
            needs=", ".join(action.needs),
        )
    if isinstance(action, Exclude):
        return msg("excludes {measure}", measure=action.exclude)
    assert isinstance(action, Adjust)
    if action.problem:
        return msg(
            "multiplies the effect of {measure} on {problem} by {factor}",
            measure=action.adjust,
            problem=action.problem,
            factor=f"{action.factor:g}",
        )
    return msg(
        "multiplies the effect of {measure} by {factor}",
        measure=action.adjust,
        factor=f"{action.factor:g}",
    )
