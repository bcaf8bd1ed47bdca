"""Why a measure was proposed, required, excluded, adjusted, chosen, or not proposed at all."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..core.catalogue import Catalogue
from ..core.errors import KvoError, Location
from ..core.model import Lang, Text
from ..core.profile_model import Profile
from ..rules.base import RuleBase
from ..rules.language import Adjust, Exclude, Propose, Require, Rule
from ..rules.reference import Trace, trace
from .candidates import build_candidates
from .results import Recommendation
from .texts import amounts, numbers, sentence
from .warnings import ask_text, blocking_payer, limits_of, payer_name

__all__ = ["MeasureExplanation", "RuleTrace", "explain", "uncertainty_notes"]


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
    uncertainty: tuple[Text, ...] = ()
    """With samples: how often it is in the best package and, when the robust package
    differs from the recommended one on this measure, which uncertain effect drives that."""

    def to_dict(self, lang: Lang) -> dict[str, object]:
        """JSON-ready form in one language (``uncertainty`` only when there is any)."""
        out: dict[str, object] = {
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
        if self.uncertainty:
            out["uncertainty"] = [u.get(lang) for u in self.uncertainty]
        return out


def _role(rule: Rule, measure: str) -> list[tuple[str, Text]]:
    roles: list[tuple[str, Text]] = []
    for a in rule.then:
        why = a.reason or rule.description
        if isinstance(a, Propose) and a.propose == measure:
            roles.append(("proposes", sentence("role.proposes", weight=numbers(a.weight), why=why)))
        elif isinstance(a, Require) and a.require == measure:
            roles.append(("requires", sentence("role.requires", needs=", ".join(a.needs), why=why)))
        elif isinstance(a, Require) and measure in a.needs:
            roles.append(("needed_by", sentence("role.needed_by", measure=a.require, why=why)))
        elif isinstance(a, Exclude) and a.exclude == measure:
            roles.append(("excludes", sentence("role.excludes", why=why)))
        elif isinstance(a, Adjust) and a.adjust == measure:
            roles.append(
                (
                    "adjusts",
                    sentence(
                        "role.adjusts", on=a.problem or "*", factor=numbers(a.factor), why=why
                    ),
                )
            )
    return roles


def _summary(
    measure: str, catalogue: Catalogue, rec: Recommendation, status: str, fallback: Text | None
) -> Text:
    if status == "recommended":
        pm = next(m for m in rec.recommended.measures if m.id == measure)
        return sentence("why.recommended", gain=numbers(pm.marginal_benefit))
    if status == "candidate":
        cand = next(c for c in rec.candidates if c.id == measure)
        return _why_not_chosen(cand.id, rec, catalogue)
    assert fallback is not None
    return fallback


def _names(catalogue: Catalogue, ids: Sequence[str]) -> Text:
    """The measures' names, in both languages (an id the catalogue does not know as it is)."""
    names = [
        catalogue.measures[i].name if i in catalogue.measures else Text(nl=i, en=i) for i in ids
    ]
    return Text(nl=", ".join(n.nl for n in names), en=", ".join(n.en for n in names))


def _why_not_chosen(measure: str, rec: Recommendation, catalogue: Catalogue) -> Text:
    cand = next(c for c in rec.candidates if c.id == measure)
    chosen = {m.id for m in rec.recommended.measures}
    in_place = set(rec.existing_measures)
    for group in cand.requires:
        if in_place & set(group):
            continue  # met by a measure already in place
        if not any(g in chosen for g in group) and not any(c.id in group for c in rec.candidates):
            return sentence("why.requires_unfit", names=_names(catalogue, group))
    clash = [x for x in cand.excludes if x in chosen]
    if clash:
        return sentence("why.clash", names=_names(catalogue, clash))
    b1, by = rec.budget_one_off, rec.budget_yearly
    pkg = rec.recommended
    if rec.budget_per_payer:
        blocked = blocking_payer(cand, limits_of(rec.budget_per_payer), pkg)
        if blocked is not None:
            payer, kind, ask = blocked
            return sentence(
                "why.payer_budget", payer=payer_name(payer), cost=ask_text(payer, kind, ask)
            )
    if (b1 is not None and pkg.one_off_cost + cand.one_off_cost > b1 + 1e-9) or (
        by is not None and pkg.yearly_cost + cand.yearly_cost > by + 1e-9
    ):
        return sentence(
            "why.over_budget",
            one_off=amounts(cand.one_off_cost),
            yearly=amounts(cand.yearly_cost),
        )
    if cand.risk_reduction <= 0:
        return sentence("why.no_effect")
    return sentence("why.dominated")


def uncertainty_notes(measure: str, rec: Recommendation) -> tuple[Text, ...]:
    """What the Monte Carlo (``rec.uncertainty``) says about one measure, in words.

    Its share of samples in the best package; and, where the robust package takes the measure
    and the recommended one does not (or the other way round), why: the uncertain effect that
    drives the difference (``uncertainty.driver``).
    """
    u = rec.uncertainty
    if u is None:
        return ()
    notes: list[Text] = []
    cand = next((c for c in rec.candidates if c.id == measure), None)
    if cand is not None and cand.in_best_share is not None:
        share = f"{round(100 * cand.in_best_share)}%"
        notes.append(sentence("why.in_best_share", share=share, samples=u.samples))
    chosen = {m.id for m in rec.recommended.measures}
    robust = {m.id for m in u.robust.measures}
    if not u.robust_is_recommended and (measure in chosen) != (measure in robust):
        notes.append(sentence("why.robust_adds" if measure in robust else "why.robust_drops"))
        notes.append(u.driver.text if u.driver is not None else sentence("why.no_driver"))
    return tuple(notes)


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
            fallback = sentence("why.never_proposed")
        elif status == "not_proposed":
            fallback = sentence("why.not_fired")
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
                uncertainty=uncertainty_notes(mid, rec),
            )
        )
    return out
