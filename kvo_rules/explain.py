"""Why a measure was proposed, required, excluded, adjusted, chosen, or not proposed at all."""

from __future__ import annotations

from dataclasses import dataclass

from .candidates import build_candidates
from .catalogue import Catalogue
from .errors import KvoError, Location
from .model import Lang, Profile, Text
from .results import Recommendation
from .rules.base import RuleBase
from .rules.language import Adjust, Exclude, Propose, Require, Rule
from .rules.reference import Trace, trace
from .texts import money

__all__ = ["MeasureExplanation", "RuleTrace", "explain"]


@dataclass(frozen=True)
class RuleTrace:
    """A rule that names the measure: what it does with it, whether it fired, and why."""

    rule: str
    description: Text
    role: str
    """proposes, requires, needed_by, excludes or adjusts."""
    action: Text
    fired: bool
    conditions: tuple[Trace, ...]


@dataclass(frozen=True)
class MeasureExplanation:
    """Everything kvo-rules can say about one measure for one profile."""

    measure: str
    name: Text
    status: str
    """recommended, candidate, in_place, excluded, wrong_area or not_proposed."""
    summary: Text
    rules: tuple[RuleTrace, ...]
    reasons: tuple[Text, ...] = ()
    """Why it is a candidate: the proposing rules' reasons, or what needs it."""

    def to_dict(self, lang: Lang) -> dict[str, object]:
        """JSON-ready form in one language."""
        return {
            "measure": self.measure,
            "name": self.name.get(lang),
            "status": self.status,
            "summary": self.summary.get(lang),
            "reasons": [r.get(lang) for r in self.reasons],
            "rules": [
                {
                    "rule": r.rule,
                    "role": r.role,
                    "fired": r.fired,
                    "action": r.action.get(lang),
                    "description": r.description.get(lang),
                    "conditions": [line.strip() for t in r.conditions for line in t.lines()],
                }
                for r in self.rules
            ],
        }


def _role(rule: Rule, measure: str) -> list[tuple[str, Text]]:
    roles: list[tuple[str, Text]] = []
    for a in rule.then:
        why = a.reason or rule.description
        if isinstance(a, Propose) and a.propose == measure:
            roles.append(
                (
                    "proposes",
                    Text(
                        nl=f"stelt voor (gewicht {a.weight:g}): {why.nl}",
                        en=f"proposes (weight {a.weight:g}): {why.en}",
                    ),
                )
            )
        elif isinstance(a, Require) and a.require == measure:
            needs = ", ".join(a.needs)
            roles.append(
                (
                    "requires",
                    Text(
                        nl=f"vereist een van {needs}: {why.nl}",
                        en=f"requires one of {needs}: {why.en}",
                    ),
                )
            )
        elif isinstance(a, Require) and measure in a.needs:
            roles.append(
                (
                    "needed_by",
                    Text(
                        nl=f"nodig voor {a.require}: {why.nl}",
                        en=f"needed by {a.require}: {why.en}",
                    ),
                )
            )
        elif isinstance(a, Exclude) and a.exclude == measure:
            roles.append(("excludes", Text(nl=f"sluit uit: {why.nl}", en=f"excludes: {why.en}")))
        elif isinstance(a, Adjust) and a.adjust == measure:
            on = a.problem or "*"
            roles.append(
                (
                    "adjusts",
                    Text(
                        nl=f"effect op {on} x{a.factor:g}: {why.nl}",
                        en=f"effect on {on} x{a.factor:g}: {why.en}",
                    ),
                )
            )
    return roles


def _summary(
    measure: str, catalogue: Catalogue, rec: Recommendation, status: str, fallback: Text | None
) -> Text:
    if status == "recommended":
        pm = next(m for m in rec.recommended.measures if m.id == measure)
        return Text(
            nl=f"In het aanbevolen pakket (bijdrage aan de baat {pm.marginal_benefit:.2f}).",
            en=f"In the recommended package (adds {pm.marginal_benefit:.2f} to the benefit).",
        )
    if status == "candidate":
        cand = next(c for c in rec.candidates if c.id == measure)
        return _why_not_chosen(cand.id, rec, catalogue)
    assert fallback is not None
    return fallback


def _why_not_chosen(measure: str, rec: Recommendation, catalogue: Catalogue) -> Text:
    cand = next(c for c in rec.candidates if c.id == measure)
    chosen = {m.id for m in rec.recommended.measures}
    in_place = set(rec.existing_measures)
    for group in cand.requires:
        if in_place & set(group):
            continue  # met by a measure already in place
        if not any(g in chosen for g in group) and not any(c.id in group for c in rec.candidates):
            names = ", ".join(group)
            return Text(
                nl=f"Kandidaat, niet gekozen: vereist een van {names}, en die past hier niet "
                "(niet voor dit gebied, uitgesloten of onbekend).",
                en=f"Candidate, not chosen: requires one of {names}, which does not fit here "
                "(wrong area kind, excluded, or unknown).",
            )
    clash = [x for x in cand.excludes if x in chosen]
    if clash:
        return Text(
            nl=f"Kandidaat, niet gekozen: gaat niet samen met {', '.join(clash)} in het pakket.",
            en=f"Candidate, not chosen: cannot be combined with {', '.join(clash)} in the package.",
        )
    b1, by = rec.budget_one_off, rec.budget_yearly
    pkg = rec.recommended
    if (b1 is not None and pkg.one_off_cost + cand.one_off_cost > b1 + 1e-9) or (
        by is not None and pkg.yearly_cost + cand.yearly_cost > by + 1e-9
    ):
        return Text(
            nl=f"Kandidaat, niet gekozen: past niet meer in het budget (eenmalig "
            f"€{money(cand.one_off_cost, 'nl')}, per jaar €{money(cand.yearly_cost, 'nl')}); "
            "het geld levert "
            "elders meer op.",
            en=f"Candidate, not chosen: does not fit in the remaining budget (one-off "
            f"€{money(cand.one_off_cost, 'en')}, yearly €{money(cand.yearly_cost, 'en')}); "
            "the money buys more "
            "elsewhere.",
        )
    if cand.risk_reduction <= 0:
        return Text(
            nl="Kandidaat, niet gekozen: heeft geen effect op de problemen van dit profiel.",
            en="Candidate, not chosen: has no effect on this profile's problems.",
        )
    return Text(
        nl="Kandidaat, niet gekozen: andere maatregelen leveren voor hetzelfde geld meer op "
        "(gedomineerd), of de extra baat weegt niet op tegen de kosten bij de knik.",
        en="Candidate, not chosen: other measures buy more for the same money (dominated), or "
        "its extra benefit is not worth its cost at the knee.",
    )


def explain(
    catalogue: Catalogue,
    rulebase: RuleBase,
    profile: Profile,
    rec: Recommendation,
    measure: str | None = None,
    lang: Lang = "en",
) -> list[MeasureExplanation]:
    """Explain one measure (id or alias), or every measure a fired rule or a candidate names."""
    statuses: dict[str, tuple[str, Text | None]] = {}
    chosen = {m.id for m in rec.recommended.measures}
    fired_ids = {f.id for f in rec.evaluation.fired_rules}
    left_out = build_candidates(catalogue, profile, rec.evaluation).left_out
    for mid in catalogue.measures:
        if mid in chosen:
            statuses[mid] = ("recommended", None)
        elif any(c.id == mid for c in rec.candidates):
            statuses[mid] = ("candidate", None)
        else:
            statuses[mid] = left_out[mid]

    if measure is not None:
        found = catalogue.measure_id(measure)
        if found is None:
            raise KvoError.at(Location("<measure>"), catalogue.unknown_measure(measure))
        wanted = [found]
    else:
        named = {c.id for c in rec.candidates}
        ev = rec.evaluation
        named |= {p.measure for p in ev.proposals} | {e.measure for e in ev.exclusions}
        named |= {a.measure for a in ev.adjustments} | {r.measure for r in ev.requirements}
        wanted = sorted(named)

    out = []
    for mid in wanted:
        traces = []
        for rule in rulebase.rules:
            for role, action in _role(rule, mid):
                fired = rule.id in fired_ids
                traces.append(
                    RuleTrace(
                        rule=rule.id,
                        description=rule.description,
                        role=role,
                        action=action,
                        fired=fired,
                        conditions=tuple(trace(c, profile, lang) for c in rule.when),
                    )
                )
        status, fallback = statuses[mid]
        if status == "not_proposed" and not any(t.role == "proposes" for t in traces):
            fallback = Text(
                nl="Geen enkele regel in de regelbasis stelt deze maatregel voor.",
                en="No rule in the rule base ever proposes this measure.",
            )
        elif status == "not_proposed":
            fallback = Text(
                nl="Niet voorgesteld: de regels die dit zouden doen gingen niet af (zie de "
                "voorwaarden met ✗).",
                en="Not proposed: the rules that would propose it did not fire (see the "
                "conditions marked ✗).",
            )
        summary = _summary(mid, catalogue, rec, status, fallback)
        cand = next((c for c in rec.candidates if c.id == mid), None)
        traces.sort(key=lambda t: (not t.fired, t.rule, t.role))
        out.append(
            MeasureExplanation(
                measure=mid,
                name=catalogue.measures[mid].name,
                status=status,
                summary=summary,
                rules=tuple(traces),
                reasons=tuple(r.text for r in cand.reasons) if cand else (),
            )
        )
    return out
