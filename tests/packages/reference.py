"""A naive reference of the package model, written straight from docs/model.md.

Independent of the optimiser's internals: it enumerates every subset of the instance's
options and applies the definitions literally. Only for small instances.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import combinations

from kvo_rules.packages import Instance, Option

TOL = 1e-9


@dataclass(frozen=True)
class Evaluated:
    """A package with its benefit and costs."""

    ids: tuple[str, ...]
    benefit: float
    one_off: float
    yearly: float
    horizon_cost: float
    resources: dict[str, float]


def survival(instance: Instance, ids: Iterable[str]) -> dict[str, float]:
    """1 - r_p for every weighted problem, with the in-place measures."""
    by_id = {o.id: o for o in instance.options}
    surv = dict.fromkeys(instance.weights, 1.0)
    effects = [dict(e) for e in instance.in_place.values()]
    effects += [dict(by_id[i].effects) for i in ids]
    for eff in effects:
        for p, e in eff.items():
            if p in surv:
                surv[p] *= 1.0 - e
    return surv


def benefit(instance: Instance, ids: Iterable[str]) -> float:
    """Benefit(P) = sum_p w_p r_p(P), in-place measures included."""
    surv = survival(instance, ids)
    return sum(w * (1.0 - surv[p]) for p, w in instance.weights.items())


def evaluate(instance: Instance, ids: Iterable[str]) -> Evaluated:
    """Benefit and costs of a package; ``resources``: the amount of every named resource."""
    chosen = tuple(sorted(ids))
    by_id = {o.id: o for o in instance.options}
    one_off = sum(by_id[i].one_off for i in chosen)
    yearly = sum(by_id[i].yearly for i in chosen)
    names = {k for o in instance.options for k in o.resources} | set(instance.limits)
    return Evaluated(
        ids=chosen,
        benefit=benefit(instance, chosen),
        one_off=one_off,
        yearly=yearly,
        horizon_cost=one_off + instance.horizon_years * yearly,
        resources={k: sum(by_id[i].resources.get(k, 0.0) for i in chosen) for k in names},
    )


def structurally_feasible(instance: Instance, ids: Iterable[str]) -> bool:
    """Requires groups met by the package or the in-place measures; no excluded pair inside."""
    chosen = set(ids)
    by_id: dict[str, Option] = {o.id: o for o in instance.options}
    if any(i in instance.in_place for i in chosen):
        return False  # an option already in place is never chosen
    have = chosen | set(instance.in_place)
    for i in chosen:
        option = by_id[i]
        for group in option.requires:
            if not any(x in have for x in group):
                return False
        for j in chosen:
            if j != i and (j in option.excludes or i in by_id[j].excludes):
                return False
    return True


def within_budgets(instance: Instance, ev: Evaluated) -> bool:
    """Both budgets (when given) and every limit respected, with the 1e-9 tolerance."""
    if instance.budget_one_off is not None and ev.one_off > instance.budget_one_off + TOL:
        return False
    if instance.budget_yearly is not None and ev.yearly > instance.budget_yearly + TOL:
        return False
    return all(ev.resources[k] <= cap + TOL for k, cap in instance.limits.items())


def has_caps(instance: Instance) -> bool:
    """Whether any budget or limit is given."""
    return (
        instance.budget_one_off is not None
        or instance.budget_yearly is not None
        or bool(instance.limits)
    )


def scaled(instance: Instance, factor: float, extra: float = 0.0) -> Instance:
    """The instance with every budget and limit times ``factor`` plus ``extra``."""
    return replace(
        instance,
        budget_one_off=None
        if instance.budget_one_off is None
        else instance.budget_one_off * factor + extra,
        budget_yearly=None
        if instance.budget_yearly is None
        else instance.budget_yearly * factor + extra,
        limits={k: cap * factor + extra for k, cap in instance.limits.items()},
    )


def uncapped(instance: Instance) -> Instance:
    """The instance without budgets and limits."""
    return replace(instance, budget_one_off=None, budget_yearly=None, limits={})


def feasible(instance: Instance, ids: Iterable[str]) -> bool:
    """Structurally feasible and within the budgets and limits."""
    chosen = tuple(ids)
    return structurally_feasible(instance, chosen) and within_budgets(
        instance, evaluate(instance, chosen)
    )


def all_packages(instance: Instance, *, budgets: bool = True) -> Iterator[Evaluated]:
    """Every feasible package (budgets and limits optional)."""
    ids = sorted(o.id for o in instance.options)
    for k in range(len(ids) + 1):
        for combo in combinations(ids, k):
            if not structurally_feasible(instance, combo):
                continue
            ev = evaluate(instance, combo)
            if budgets and not within_budgets(instance, ev):
                continue
            yield ev


def cost_equal(a: float, b: float) -> bool:
    """Horizon costs equal within the model's tolerance."""
    return abs(a - b) <= TOL * max(1.0, abs(a), abs(b))


def choose(packs: list[Evaluated]) -> Evaluated:
    """The optimum among packages, as docs/model.md defines it.

    Among packages within 1e-9 of the largest benefit, those within the cost tolerance of
    the cheapest of them; of these the smallest sorted ids.
    """
    top = max(ev.benefit for ev in packs)
    near = [ev for ev in packs if ev.benefit >= top - TOL]
    cheapest = min(ev.horizon_cost for ev in near)
    limit = cheapest + TOL * max(1.0, cheapest)
    return min((ev for ev in near if ev.horizon_cost <= limit), key=lambda ev: ev.ids)


def best(instance: Instance, max_horizon_cost: float | None = None) -> Evaluated:
    """The optimum within the budgets (and a horizon cost cap, if given)."""
    return choose(
        [
            ev
            for ev in all_packages(instance)
            if max_horizon_cost is None or ev.horizon_cost <= max_horizon_cost + TOL
        ]
    )


def dominates(a: Evaluated, b: Evaluated) -> bool:
    """a is no worse than b on both axes, and better on one beyond the tolerance."""
    if a.benefit < b.benefit or a.horizon_cost > b.horizon_cost:
        return False
    return a.benefit > b.benefit + TOL or (
        a.horizon_cost < b.horizon_cost and not cost_equal(a.horizon_cost, b.horizon_cost)
    )


def cheapest_reaching(instance: Instance, added: float) -> Evaluated:
    """The cheapest package within the budgets whose added benefit reaches ``added``."""
    baseline = benefit(instance, ())
    fits = [ev for ev in all_packages(instance) if ev.benefit - baseline >= added - TOL]
    return min(fits, key=lambda ev: (ev.horizon_cost, -ev.benefit))


def knee_cost(points: list[tuple[float, float]]) -> float:
    """Horizon cost of the knee of (cost, benefit) frontier points, as docs/model.md defines."""
    (c0, b0), (c1, b1) = points[0], points[-1]
    if len(points) < 3 or c1 - c0 <= TOL or b1 - b0 <= TOL:
        return max(points, key=lambda cb: cb[1])[0]
    distances = [(b - b0) / (b1 - b0) - (c - c0) / (c1 - c0) for c, b in points]
    top = max(distances)
    return next(c for (c, _), d in zip(points, distances, strict=True) if d >= top - 1e-12)


def frontier(instance: Instance) -> list[Evaluated]:
    """The optima under every horizon cost cap, budgets ignored, by cost ascending.

    Caps at each package's cost are enough: the optimum only changes where a package starts
    or stops to fit.
    """
    packs = list(all_packages(instance, budgets=False))
    found: dict[tuple[str, ...], Evaluated] = {}
    for cap in sorted({ev.horizon_cost for ev in packs}):
        ev = choose([q for q in packs if q.horizon_cost <= cap + TOL])
        found[ev.ids] = ev
    out: list[Evaluated] = []
    for ev in sorted(found.values(), key=lambda ev: (ev.horizon_cost, ev.benefit)):
        if out and cost_equal(out[-1].horizon_cost, ev.horizon_cost):
            out[-1] = ev  # one point per cost: the optimum of the larger cap (benefits within
            continue  # the tolerance, e.g. 0 and 2.5e-10, are chosen apart by different caps)
        out.append(ev)
    return out


def frontier_points(instance: Instance) -> list[tuple[float, float]]:
    """(horizon cost, benefit) of the frontier."""
    return [(ev.horizon_cost, ev.benefit) for ev in frontier(instance)]


def best_by_search(instance: Instance) -> Evaluated:
    """The optimum within the budgets and limits, by a depth-first enumeration.

    The same definitions as ``best``, only faster: options are decided one by one in id
    order, and a branch stops as soon as an excluded pair is chosen or a budget or limit is
    exceeded (costs are >= 0, so no larger package fits either; the running sums are the
    id-order sums ``evaluate`` uses). Requires groups are checked on the finished packages.
    No useless option is removed first (docs/model.md), so when the instance has useless
    free options only benefit and cost, not ids, are comparable with the optimiser.
    """
    options = sorted(
        (o for o in instance.options if o.id not in instance.in_place), key=lambda o: o.id
    )
    names = sorted(instance.limits)
    caps: list[float] = []
    if instance.budget_one_off is not None:
        caps.append(instance.budget_one_off + TOL)
    if instance.budget_yearly is not None:
        caps.append(instance.budget_yearly + TOL)
    caps += [instance.limits[k] + TOL for k in names]

    def costs(o: Option) -> list[float]:
        out: list[float] = []
        if instance.budget_one_off is not None:
            out.append(o.one_off)
        if instance.budget_yearly is not None:
            out.append(o.yearly)
        return out + [o.resources.get(k, 0.0) for k in names]

    cost_of = [costs(o) for o in options]
    effects = [dict(o.effects) for o in options]
    excludes = [set(o.excludes) for o in options]
    weights = dict(instance.weights)
    # survival as ``survival`` computes it: in-place measures first, then options by id
    start = dict.fromkeys(weights, 1.0)
    for eff in instance.in_place.values():
        for p, e in eff.items():
            if p in start:
                start[p] *= 1.0 - e
    found: list[tuple[float, tuple[str, ...]]] = []

    def visit(k: int, chosen: list[str], spent: list[float], surv: dict[str, float]) -> None:
        if k == len(options):
            if structurally_feasible(instance, chosen):
                value = sum(w * (1.0 - surv[p]) for p, w in weights.items())
                found.append((value, tuple(chosen)))
            return
        visit(k + 1, chosen, spent, surv)
        o = options[k]
        if any(j in excludes[k] or o.id in by_id[j].excludes for j in chosen):
            return
        grown = [s + c for s, c in zip(spent, cost_of[k], strict=True)]
        if any(s > cap for s, cap in zip(grown, caps, strict=True)):
            return
        less = dict(surv)
        for p, e in effects[k].items():
            if p in less:
                less[p] *= 1.0 - e
        visit(k + 1, [*chosen, o.id], grown, less)

    by_id = {o.id: o for o in options}
    visit(0, [], [0.0] * len(caps), start)
    top = max(value for value, _ids in found)
    return choose([evaluate(instance, ids) for value, ids in found if value >= top - TOL])
