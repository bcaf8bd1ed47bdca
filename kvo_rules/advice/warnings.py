"""What an adviser must look at before signing a package: warnings with their reasons."""

from __future__ import annotations

from collections.abc import Mapping

from ..core.catalogue import Catalogue
from ..core.model import Text
from ..core.profile_model import Profile
from ..core.words import format_euro, format_number, format_pct
from ..packages import Instance
from .candidates import Candidates
from .results import AdviceWarning, CandidateMeasure, Package
from .texts import label, sentence

__all__ = [
    "OPEN_BELOW",
    "SEVERE",
    "UNUSED_BELOW",
    "advice_warnings",
    "ask_text",
    "blocking_payer",
    "limits_of",
    "outside_area_kind",
    "payer_name",
]

SEVERE = 4
"""Severity from which a problem must be addressed substantially."""
OPEN_BELOW = 0.30
"""A severe problem whose expected reduction stays below this share is 'open'."""
UNUSED_BELOW = 0.5
"""A payer's budget used below this share (on both one-off and yearly) is 'largely unused'."""


def _euros(value: float) -> Text:
    return Text(nl=format_euro(value, "nl"), en=format_euro(value, "en"))


def _percent(value: float) -> Text:
    return Text(nl=format_pct(value, "nl"), en=format_pct(value, "en"))


def payer_name(payer: str) -> Text:
    return Text(nl=label(f"party.{payer}", "nl"), en=label(f"party.{payer}", "en"))


def _used(package: Package, payer: str) -> Mapping[str, float]:
    costs = package.cost_per_payer.get(payer, {})
    if payer == "businesses":
        return {
            "one_off": costs.get("per_business_one_off", 0.0),
            "yearly": costs.get("per_business_yearly", 0.0),
        }
    return {k.replace("hours_per_year", "hours"): v for k, v in costs.items()}


def ask_text(payer: str, kind: str, ask: float) -> Text:
    """What a measure asks of a payer, in words: "€ 550 a year per business", "260 hours"."""
    if kind == "hours":
        return Text(
            nl=f"{format_number(ask, 'nl', 0)} uur per jaar",
            en=f"{format_number(ask, 'en', 0)} hours a year",
        )
    money_ = _euros(ask)
    per_b = payer == "businesses"
    when_nl, when_en = ("eenmalig", "one-off") if kind == "one_off" else ("per jaar", "a year")
    return Text(
        nl=f"{money_.nl} {when_nl}" + (" per bedrijf" if per_b else ""),
        en=f"{money_.en} {when_en}" + (" per business" if per_b else ""),
    )


def limits_of(budget_per_payer: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    """A recommendation's ``budget_per_payer`` as the optimiser's named limits."""
    return {
        f"{payer}.{'hours' if kind == 'hours_per_year' else kind}": value
        for payer, caps in budget_per_payer.items()
        for kind, value in caps.items()
    }


def blocking_payer(
    c: CandidateMeasure, limits: Mapping[str, float], package: Package
) -> tuple[str, str, float] | None:
    """The payer whose remaining budget the candidate does not fit: payer, kind, amount."""
    for payer, costs in sorted(c.cost_per_payer.items()):
        used = _used(package, payer)
        for kind, amount in sorted(costs.items()):
            key = "hours" if kind == "hours_per_year" else kind
            limit = limits.get(f"{payer}.{key}")
            if limit is None:
                continue
            ask = amount / c.paying_businesses if payer == "businesses" else amount
            if ask > 0 and used.get(key, 0.0) + ask > limit + 1e-9:
                return payer, key, ask
    return None


def _remedy(
    problem: str,
    candidates: Candidates,
    chosen: set[str],
    limits: dict[str, float],
    package: Package,
) -> Text:
    """What would help an open problem most: the best measure left out, and what blocks it."""
    helpers = sorted(
        (c for c in candidates.items if c.id not in chosen and c.effects.get(problem, 0) > 0),
        key=lambda c: (-c.effects[problem], c.horizon_cost, c.id),
    )
    if not helpers:
        remedy = sentence("warn.remedy_none")
    else:
        best = helpers[0]
        blocked = blocking_payer(best, limits, package)
        effect = _percent(best.effects[problem])
        if blocked is not None:
            payer, kind, ask = blocked
            cost = ask_text(payer, kind, ask)
            remedy = sentence(
                "warn.remedy_blocked",
                measure=best.name,
                effect=effect,
                payer=payer_name(payer),
                cost=cost,
            )
        else:
            remedy = sentence(
                "warn.remedy_other",
                measure=best.name,
                effect=effect,
                cost=_euros(best.horizon_cost),
            )
        remedy = _with_blocked_needs(remedy, best, candidates, chosen, limits, package)
    return remedy


def _with_blocked_needs(
    remedy: Text,
    best: CandidateMeasure,
    candidates: Candidates,
    chosen: set[str],
    limits: dict[str, float],
    package: Package,
) -> Text:
    """The remedy, and each prerequisite of it the package lacks whose payer cannot pay it
    (an alarm response needs monitored alarms the businesses pay for themselves)."""
    by_id = {c.id: c for c in candidates.items}
    for group in best.requires:
        if chosen.intersection(group):
            continue
        needed = [by_id[i] for i in group if i in by_id]
        blocks = [(c, b) for c in needed if (b := blocking_payer(c, limits, package)) is not None]
        if not needed or len(blocks) < len(needed):
            continue  # one of them would fit
        need, (payer, kind, ask) = blocks[0]
        extra = sentence(
            "warn.remedy_needs",
            measure=need.name,
            payer=payer_name(payer),
            cost=ask_text(payer, kind, ask),
        )
        remedy = Text(nl=f"{remedy.nl} {extra.nl}", en=f"{remedy.en} {extra.en}")
    return remedy


def _budgets_unused(
    catalogue: Catalogue,
    package: Package,
    limits: dict[str, float],
    worst: str,
    worst_r: float,
) -> list[AdviceWarning]:
    """A warning per payer who leaves most of a budget unused while a severe problem is open."""
    out: list[AdviceWarning] = []
    payers = sorted({key.partition(".")[0] for key in limits})
    for payer in payers:
        used = _used(package, payer)
        shares = [
            used.get(kind, 0.0) / limit
            for kind in ("one_off", "yearly", "hours")
            if (limit := limits.get(f"{payer}.{kind}", 0.0)) > 0
        ]
        if shares and min(shares) < UNUSED_BELOW:
            out.append(
                AdviceWarning(
                    code="budget_unused",
                    problem=worst,
                    payer=payer,
                    text=sentence(
                        "warn.budget_unused",
                        payer=payer_name(payer),
                        used=_percent(min(shares)),
                        problem=catalogue.problems[worst].name,
                        reduction=_percent(worst_r),
                    ),
                )
            )
    return out


def _missing_parties(candidates: Candidates, limits: dict[str, float]) -> list[AdviceWarning]:
    """A warning per proposed measure whose payer has no budget at all for it."""
    out: list[AdviceWarning] = []
    for c in candidates.items:
        if not c.proposed:
            continue
        for payer, costs in sorted(c.cost_per_payer.items()):
            keys = ["hours" if k == "hours_per_year" else k for k, v in costs.items() if v > 0]
            if keys and all(limits.get(f"{payer}.{k}") == 0.0 for k in keys):
                out.append(
                    AdviceWarning(
                        code="missing_party",
                        measure=c.id,
                        payer=payer,
                        text=sentence(
                            "warn.missing_party", measure=c.name, payer=payer_name(payer)
                        ),
                    )
                )
                break
    return out


def outside_area_kind(profile: Profile, catalogue: Catalogue) -> list[AdviceWarning]:
    """A warning for each analysed problem whose type does not normally occur in this kind of
    area (cargo theft in a shopping area): it is accepted and advised on, never silently."""
    kind = profile.area.kind
    out = []
    for prob in profile.problems:
        ptype = catalogue.problems[prob.type]
        if kind in ptype.areas:
            continue
        areas = [
            Text(nl=label(f"kind.{a}", "nl"), en=label(f"kind.{a}", "en")) for a in ptype.areas
        ]
        out.append(
            AdviceWarning(
                code="problem_outside_area_kind",
                problem=prob.type,
                text=sentence(
                    "warn.problem_outside_area_kind",
                    problem=ptype.name,
                    kind=Text(nl=label(f"kind.{kind}", "nl"), en=label(f"kind.{kind}", "en")),
                    areas=Text(
                        nl=", ".join(a.nl for a in areas), en=", ".join(a.en for a in areas)
                    ),
                ),
            )
        )
    return out


def advice_warnings(
    profile: Profile,
    catalogue: Catalogue,
    candidates: Candidates,
    instance: Instance,
    package: Package,
) -> tuple[AdviceWarning, ...]:
    """Warnings on the recommended package (docs/model.md, "Warnings")."""
    out: list[AdviceWarning] = outside_area_kind(profile, catalogue)
    limits = dict(instance.limits)
    chosen = {m.id for m in package.measures}
    open_problems: list[tuple[str, float]] = []
    for prob in profile.problems:
        reduction = package.added_reduction.get(prob.type, 0.0)
        if prob.severity < SEVERE or reduction >= OPEN_BELOW:
            continue
        open_problems.append((prob.type, reduction))
        remedy = _remedy(prob.type, candidates, chosen, limits, package)
        out.append(
            AdviceWarning(
                code="severe_problem_open",
                problem=prob.type,
                text=sentence(
                    "warn.severe_problem_open",
                    problem=catalogue.problems[prob.type].name,
                    severity=prob.severity,
                    reduction=_percent(reduction),
                    remedy=remedy,
                ),
            )
        )
    if open_problems:
        out += _budgets_unused(catalogue, package, limits, *open_problems[0])
    out += _missing_parties(candidates, limits)
    return tuple(out)
