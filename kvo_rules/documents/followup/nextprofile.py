"""The profile for the next KVO cycle: the same area with the figures of the follow-up.

Decisions (docs/evaluation.md explains them):

- **Figures**: the new severity and incidents where the follow-up gives them; where it does not,
  the baseline's, marked with a comment. A problem the follow-up did not measure keeps its
  baseline figures and loses its trend.
- **Trend**: derived from the change (see ``TREND_THRESHOLD``), from the incidents, else the
  indicator, else the severity.
- **Existing measures**: those in place before the plan plus those carried out. Partly carried
  out measures are *not* counted (``recommend`` may propose them again, to complete them; the
  new baseline already holds their partial effect); nor are measures not started or stopped.
- **Budget**: left out. The budget for new measures is a decision of the partners for the next
  plan, not a figure that can be measured; a comment gives the last plan's budget and the
  running costs of the measures carried out.
- **Horizon**: 3 years, the validity of a certificate.
"""

from __future__ import annotations

from ...core.catalogue import Catalogue
from ...core.errors import KvoError, Location
from ...core.i18n import msg
from ...core.model import Lang, Text
from ...core.profile import parse_profile
from ...core.profile_model import Partnership, Profile, ProfileArea, ProfileProblem
from ...core.words import Money
from ..plan.build import CERTIFICATE_YEARS
from ..plan.model import Plan
from ..render import json_text
from .model import Basis, Evaluation, FollowUp, MeasureOutcome, ProblemResult
from .texts import format_change, word

__all__ = ["checked_next_profile", "next_profile", "render_next_profile"]


def next_profile(plan: Plan, followup: FollowUp, evaluation: Evaluation) -> Profile:
    """The profile for the next cycle (unchecked against a catalogue: the ids are the plan's)."""
    problems = []
    for p, result in zip(plan.problems, evaluation.problems, strict=True):
        m = followup.problem(p.id)
        severity = m.severity if m is not None and m.severity is not None else p.severity
        incidents = p.incidents_per_year
        if m is not None and m.incidents_per_year is not None:
            incidents = m.incidents_per_year
        problems.append(
            ProfileProblem(
                type=p.id,
                severity=severity,
                incidents_per_year=incidents,
                trend=result.trend,
                times=p.times,
                note=m.note if m is not None else None,
                businesses_at_risk=p.businesses_at_risk,
            )
        )
    return Profile(
        area=ProfileArea(
            name=plan.area.name,
            kind=plan.area.kind,
            municipality=plan.area.municipality,
            businesses=plan.area.businesses,
            hectares=plan.area.hectares,
            entrances=plan.area.entrances,
            farms=plan.area.farms,
            dark_spots=plan.area.dark_spots,
            vacant_units=plan.area.vacant_units,
            rear_alleys=plan.area.rear_alleys,
            unmonitored_alarms=plan.area.unmonitored_alarms,
        ),
        problems=tuple(problems),
        existing_measures=tuple(m.id for m in evaluation.next_cycle.in_place),
        budget=None,
        horizon_years=CERTIFICATE_YEARS,
        partnership=plan.partnership,
    )


def _q(value: str) -> str:
    """A YAML scalar for text: JSON's double-quoted string is valid YAML."""
    return json_text(value)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _comment(line: str, note: str) -> str:
    return f"{line}  # {note}"


def _wrap(text_: str, indent: str = "", width: int = 96) -> list[str]:
    """``text_`` as YAML comment lines of at most ``width`` characters."""
    lines: list[str] = []
    current = ""
    for part in text_.split():
        if current and len(indent) + 2 + len(current) + 1 + len(part) > width:
            lines.append(f"{indent}# {current}")
            current = part
        else:
            current = f"{current} {part}" if current else part
    if current:
        lines.append(f"{indent}# {current}")
    return lines


def _names(refs: tuple[Text, ...], lang: Lang) -> str:
    return ", ".join(r.get(lang) for r in refs)


def _area_lines(area: ProfileArea, lang: Lang) -> list[str]:
    """The area of the next profile, as the plan had it."""
    out = ["area:", f"  name: {_q(area.name)}", f"  kind: {area.kind.value}"]
    if area.municipality is not None:
        out.append(f"  municipality: {_q(area.municipality)}")
    out.append(f"  businesses: {area.businesses}")
    if area.hectares is not None:
        out.append(f"  hectares: {_num(area.hectares)}")
    if area.entrances is not None:
        out.append(f"  entrances: {area.entrances}")
    if area.farms is not None:
        out.append(f"  farms: {area.farms}")
    if area.dark_spots is not None:
        out.append(_comment(f"  dark_spots: {area.dark_spots}", word("yaml.dark_spots", lang)))
    if area.vacant_units is not None:
        line = f"  vacant_units: {area.vacant_units}"
        out.append(_comment(line, word("yaml.vacant_units", lang)))
    if area.rear_alleys is not None:
        line = f"  rear_alleys: {area.rear_alleys}"
        out.append(_comment(line, word("yaml.rear_alleys", lang)))
    if area.unmonitored_alarms is not None:
        line = f"  unmonitored_alarms: {area.unmonitored_alarms}"
        out.append(_comment(line, word("yaml.unmonitored_alarms", lang)))
    return out


def _problem_lines(
    prob: ProfileProblem, result: ProblemResult, followup: FollowUp, lang: Lang
) -> list[str]:
    """One problem of the next profile, commented with what was measured (or kept)."""
    m = followup.problem(prob.type)
    out = [f"  - type: {prob.type}"]
    line = f"    severity: {prob.severity}"
    if m is None:
        line = _comment(line, word("yaml.not_measured", lang))
    elif m.severity is None:
        line = _comment(line, word("yaml.severity_kept", lang))
    out.append(line)
    if prob.incidents_per_year is not None:
        line = f"    incidents_per_year: {_num(prob.incidents_per_year)}"
        if m is not None and m.incidents_per_year is None:
            line = _comment(line, word("yaml.incidents_kept", lang))
        out.append(line)
    if prob.trend is not None and result.trend_basis is not None:
        observed = {
            Basis.incidents: result.incidents_change,
            Basis.indicator: result.indicator_change,
            Basis.severity: None,
        }[result.trend_basis]
        how = (
            word("value.severity_from_to", lang, a=result.baseline_severity, b=prob.severity)
            if result.trend_basis is Basis.severity
            else format_change(observed, lang)
        )
        basis = word(f"basis.{result.trend_basis.value}", lang)
        out.append(
            _comment(
                f"    trend: {prob.trend.value}",
                word("yaml.trend", lang, basis=basis, change=how),
            )
        )
    else:
        out.append(f"    # {word('yaml.no_trend', lang)}")
    if prob.times:
        out.append(f"    times: [{', '.join(t.value for t in prob.times)}]")
    if prob.note is not None:
        out.append(f"    note: {_q(prob.note)}")
    if prob.businesses_at_risk is not None:
        line = f"    businesses_at_risk: {prob.businesses_at_risk}"
        out.append(_comment(line, word("yaml.at_risk", lang)))
    return out


def _budget_lines(plan: Plan, evaluation: Evaluation, lang: Lang) -> list[str]:
    """The comment on the budget: the plan's costs, the budget given, what keeps running."""
    out: list[str] = []
    budget = plan.budget
    given = ""
    if budget.budget_one_off is not None or budget.budget_yearly is not None:
        given = word(
            "yaml.budget_given",
            lang,
            one_off=Money(budget.budget_one_off),
            yearly=Money(budget.budget_yearly),
        )
    running = sum(
        m.actual_yearly if m.actual_yearly is not None else m.planned_yearly
        for m in evaluation.measures
        if m.status is MeasureOutcome.carried_out
    )
    out += _wrap(
        word(
            "yaml.budget",
            lang,
            one_off=Money(budget.one_off),
            yearly=Money(budget.yearly),
            budget=given,
            running=Money(running),
        )
    )
    return out


def render_next_profile(plan: Plan, followup: FollowUp, evaluation: Evaluation, lang: Lang) -> str:
    """The next profile as YAML, with comments in ``lang`` on what was measured and decided.

    ``kvo-rules validate`` accepts it and ``recommend`` and ``plan`` take it as it is.
    """
    profile = next_profile(plan, followup, evaluation)
    out = _wrap(
        word(
            "yaml.header",
            lang,
            area=plan.area.name,
            plan=plan.id,
            date=followup.measured_on,
        )
    )
    out += _area_lines(profile.area, lang)
    out.append("problems:")
    for prob, result in zip(profile.problems, evaluation.problems, strict=True):
        out += _problem_lines(prob, result, followup, lang)
    before = {m.id for m in plan.existing_measures}
    if profile.existing_measures:
        out.append("existing_measures:")
        for mid in profile.existing_measures:
            key = "yaml.existing_before" if mid in before else "yaml.carried_out"
            out.append(_comment(f"  - {mid}", word(key, lang)))
    nxt = evaluation.next_cycle
    if nxt.partly:
        out += _wrap(
            word("yaml.partly", lang, names=_names(tuple(r.name for r in nxt.partly), lang))
        )
    if nxt.not_done:
        out += _wrap(
            word("yaml.not_done", lang, names=_names(tuple(r.name for r in nxt.not_done), lang))
        )
    out += _budget_lines(plan, evaluation, lang)
    out.append(_comment(f"horizon_years: {profile.horizon_years}", word("yaml.horizon", lang)))
    if profile.partnership is not None:
        out += _partnership_lines(profile.partnership, lang)
    return "\n".join(out) + "\n"


def _partnership_lines(ps: Partnership, lang: Lang) -> list[str]:
    """The partnership as the plan had it (the analysis is made anew in the next cycle)."""
    out = _wrap(word("yaml.partnership", lang))
    out.append("partnership:")
    if ps.covenant_date is not None:
        out.append(f"  covenant_date: {ps.covenant_date.isoformat()}")
    if ps.working_group is not None:
        out.append(f"  working_group: {_q(ps.working_group)}")
    out.append("  partners:")
    for p in ps.partners:
        out.append(f"    - name: {_q(p.name)}")
        if p.party is not None:
            out.append(f"      party: {p.party.value}")
        for key in ("role", "contact"):
            value = getattr(p, key)
            if value is not None:
                out.append(f"      {key}: {_q(value)}")
        if not p.signed_covenant:
            out.append("      signed_covenant: false")
        if not p.working_group:
            out.append("      working_group: false")
    return out


def checked_next_profile(
    plan: Plan,
    followup: FollowUp,
    evaluation: Evaluation,
    lang: Lang,
    catalogue: Catalogue,
    *,
    source: str,
) -> str:
    """:func:`render_next_profile`, checked against ``catalogue`` as a profile file named
    ``source`` would be; a :class:`KvoError` (saying it was not written) if it does not fit."""
    text = render_next_profile(plan, followup, evaluation, lang)
    try:
        parse_profile(text, catalogue, source=source)
    except KvoError as error:
        raise KvoError(
            [
                *error.diagnostics,
                *KvoError.at(
                    Location(source),
                    msg(
                        "not written: the next profile does not fit the catalogue (give "
                        "--measures with the catalogue the plan was made with)"
                    ),
                ).diagnostics,
            ]
        ) from None
    return text
