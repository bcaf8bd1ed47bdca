"""Hypothesis strategies for random package instances."""

from __future__ import annotations

from hypothesis import strategies as st

from kvo_rules.packages import Instance, Option

EFFECTS = st.one_of(
    st.sampled_from([0.0, 0.05, 0.1, 0.25, 0.3, 0.5, 0.9]),
    st.floats(min_value=0.0, max_value=0.9, allow_nan=False),
)
COSTS = st.one_of(
    st.sampled_from([0.0, 10.0, 100.0, 250.0, 1000.0]),
    st.integers(min_value=0, max_value=50_000).map(float),
    st.floats(min_value=0.0, max_value=1e5, allow_nan=False).map(lambda x: round(x, 2)),
)
RESOURCES = ("fund", "municipality.one_off", "police.hours")
"""Resource names options may use; ``unused`` is only ever limited, never used."""

WEIGHTS = st.one_of(
    st.sampled_from([0.0, 0.5, 1.0, 2.0, 5.0]),
    st.floats(min_value=0.0, max_value=10.0, allow_nan=False),
)


@st.composite
def instances(
    draw: st.DrawFn,
    *,
    max_options: int = 16,
    budgets: bool | None = None,
    limits: bool = False,
) -> Instance:
    """Random instances: 1-6 problems, random costs, requires groups, excludes, in place.

    ``budgets``: True always draws at least one budget or limit, False never, None either;
    ``limits``: True always draws limits (with or without budgets).
    Options use named resources (``RESOURCES``) half the time; limits are drawn as a share of
    the options' total (often binding), sometimes 0, sometimes on a resource nobody uses.
    """
    problems = [f"p{k}" for k in range(draw(st.integers(1, 6)))]
    weights = {p: draw(WEIGHTS) for p in problems}
    n = draw(st.integers(0, max_options))
    ids = [f"o{k:02d}" for k in range(n)]
    in_place_ids = (
        draw(st.lists(st.sampled_from(["x0", "x1", *ids[:2]]), max_size=2, unique=True))
        if draw(st.booleans())
        else []
    )
    known = ids + in_place_ids + ["ghost"]
    options: list[Option] = []
    for oid in ids:
        touched = draw(st.lists(st.sampled_from(problems), min_size=0, max_size=3, unique=True))
        effects = {p: draw(EFFECTS) for p in touched}
        requires: tuple[tuple[str, ...], ...] = ()
        if draw(st.integers(0, 4)) == 0:
            requires = tuple(
                tuple(draw(st.lists(st.sampled_from(known), min_size=1, max_size=3, unique=True)))
                for _ in range(draw(st.integers(1, 2)))
            )
        excludes: frozenset[str] = frozenset()
        if draw(st.integers(0, 4)) == 0:
            excludes = frozenset(draw(st.lists(st.sampled_from(known), min_size=1, max_size=2)))
        yearly = draw(COSTS) / 10 if draw(st.booleans()) else 0.0
        resources: dict[str, float] = {}
        if draw(st.booleans()):
            used = draw(st.lists(st.sampled_from(RESOURCES), min_size=1, max_size=2, unique=True))
            resources = {k: draw(COSTS) / 100 for k in used}
        options.append(Option(oid, draw(COSTS), yearly, effects, requires, excludes, resources))
    in_place = {
        m: {
            p: draw(EFFECTS)
            for p in draw(st.lists(st.sampled_from(problems), max_size=2, unique=True))
        }
        for m in in_place_ids
    }
    total_one_off = sum(o.one_off for o in options)
    total_yearly = sum(o.yearly for o in options)
    with_budgets = limits or (draw(st.integers(0, 3)) > 0 if budgets is None else budgets)
    budget_one_off: float | None = None
    budget_yearly: float | None = None
    limits: dict[str, float] = {}
    if with_budgets:
        kinds = ["limits", "all"] if limits else ["one_off", "yearly", "both", "limits", "all"]
        kind = draw(st.sampled_from(kinds))
        if kind in ("one_off", "both", "all"):
            budget_one_off = round(total_one_off * draw(st.floats(0.0, 1.0)), 2)
        if kind in ("yearly", "both", "all"):
            budget_yearly = round(total_yearly * draw(st.floats(0.0, 1.0)), 2)
        if kind in ("limits", "all"):
            for name in draw(
                st.lists(
                    st.sampled_from([*RESOURCES, "unused"]), min_size=1, max_size=3, unique=True
                )
            ):
                total = sum(o.resources.get(name, 0.0) for o in options)
                share = draw(st.sampled_from([0.0, 0.3, 0.6, 1.0]) | st.floats(0.0, 1.0))
                limits[name] = round(total * share, 2)
    return Instance(
        options=tuple(options),
        weights=weights,
        in_place=in_place,
        budget_one_off=budget_one_off,
        budget_yearly=budget_yearly,
        horizon_years=draw(st.sampled_from([0, 1, 3, 5])),
        limits=limits,
    )
