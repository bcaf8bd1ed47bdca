"""The plan's chapters on the partnership, the safety analysis, fire safety, and communication
and privacy: what the profile says, and what a KVO assessor will ask for when it says nothing.

Decisions (docs/plan.md, *What the assessor asks for*):

- **Partnership**: the KVO needs a covenant signed by at least the municipality, the police,
  the fire brigade and the businesses (or their collective), a working group and one contact
  person per partner. Each of these the profile does not give is an item the assessor asks for.
- **Analysis**: the safety analysis (0-meting) rests on police figures over a stated period,
  a business survey with its response, and walk-throughs by day and in the dark; each one the
  profile's ``analysis`` does not give is an item the assessor asks for.
- **Fire safety**: every plan says what the fire brigade contributes, how emergency access is
  kept, and which fire measures are chosen, or why none is.
- **Privacy**: a measure processes personal data when it is in ``PERSONAL_DATA_MEASURES`` or
  when the catalogue makes it wait for one of the ``LEGAL_STEP_MEASURES`` (a DPIA, the mayor's
  designation decision, a legal basis, a permit, a by-law); the plan names the step.

No words live here: sentences come from :mod:`kvo_rules.documents.plan.texts` by key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ...core.catalogue import Catalogue
from ...core.model import DataSource, Party, Text
from ...core.profile_model import Profile
from .model import PlanMeasure
from .texts import text

__all__ = [
    "LEGAL_STEP_MEASURES",
    "MANDATORY_PARTIES",
    "PERSONAL_DATA_MEASURES",
    "analysis_requests",
    "communication",
    "fire_safety",
    "partnership_requests",
]

MANDATORY_PARTIES: tuple[Party, ...] = (Party.municipality, Party.police, Party.fire_brigade)
"""Partners every KVO covenant has, besides the businesses (or their collective)."""

LEGAL_STEP_MEASURES = frozenset(
    {
        "dpia_public_cameras",
        "dpia_private_cameras",
        "decision_151c",
        "anpr_legal_basis",
        "ap_permit_collective_ban",
        "area_ban_172a",
        "begging_by_law",
    }
)
"""Catalogue measures that are a legal or privacy step another measure waits for."""

PERSONAL_DATA_MEASURES = frozenset(
    {
        "business_alert_app",
        "rural_alert_network",
        "keyholder_list",
        "kvo_contact_persons",
        "burgernet",
        "retail_radio",
        "instore_cctv",
        "individual_shop_ban",
        "civil_recovery",
        "video_verified_alarm",
        "intruder_alarm_pac",
        "panic_alarm",
        "survey_monitoring",
        "bibob_screening",
        "halt_referral",
    }
)
"""Measures that keep names, phone numbers, images or offence data of people, without a legal
step of their own in the catalogue."""

FIRE_LEAD_MEASURES = frozenset({"emergency_access"})
"""Fire measures by nature, whatever problems the profile has."""


def _fire_problems(catalogue: Catalogue, profile: Profile) -> list[str]:
    return [
        p.type
        for p in profile.problems
        if p.type in catalogue.problems
        and DataSource.fire_brigade in catalogue.problems[p.type].data_sources
    ]


def partnership_requests(profile: Profile, catalogue: Catalogue) -> tuple[Text, ...]:
    """What the assessor will ask for about the partnership, given what the profile says."""
    out: list[Text] = []
    if "kvo_partnership" not in profile.existing_measures:
        out.append(text("ask.partnership_measure"))
    ps = profile.partnership
    if ps is None:
        out.append(text("ask.partnership"))
        return tuple(out)
    parties = {p.party for p in ps.partners if p.signed_covenant}
    for party in MANDATORY_PARTIES:
        if party not in parties:
            out.append(text("ask.partner", party=text(f"party.{party.value}")))
    if not parties & {Party.businesses, Party.collective}:
        out.append(text("ask.partner", party=text("party.businesses")))
    if ps.covenant_date is None:
        out.append(text("ask.covenant"))
    if ps.working_group is None and not any(p.working_group for p in ps.partners):
        out.append(text("ask.working_group"))
    no_contact = [p.name for p in ps.partners if p.contact is None]
    if no_contact:
        out.append(text("ask.contacts", names=", ".join(no_contact)))
    return tuple(out)


def analysis_requests(profile: Profile) -> tuple[Text, ...]:
    """What the assessor will ask for about the safety analysis."""
    a = profile.analysis
    if a is None:
        return (text("ask.analysis"),)
    out: list[Text] = []
    uses_police = any(p.incidents_per_year is not None for p in profile.problems)
    if (DataSource.police in a.sources or uses_police) and a.police_figures is None:
        out.append(text("ask.police_period"))
    if a.survey is None:
        out.append(text("ask.survey"))
    if len(a.walkthroughs) < 2:
        out.append(text("ask.walkthroughs"))
    if a.fire_brigade_figures is None:
        out.append(text("ask.fire_figures"))
    return tuple(out)


def _names(measures: Sequence[PlanMeasure]) -> list[Text]:
    return [m.name for m in measures]


def fire_safety(
    catalogue: Catalogue, profile: Profile, measures: Sequence[PlanMeasure]
) -> tuple[Text, ...]:
    """The fire-safety paragraph: the fire brigade's part, emergency access, fire measures."""
    out = [text("fire.contribution")]
    in_plan = {m.id for m in measures}
    if "emergency_access" in in_plan:
        out.append(text("fire.access_in_plan"))
    elif "emergency_access" in profile.existing_measures:
        out.append(text("fire.access_in_place"))
    else:
        out.append(text("fire.access_check"))
    fire = set(_fire_problems(catalogue, profile))
    chosen = [
        m
        for m in measures
        if fire & set(m.addresses) or m.id in FIRE_LEAD_MEASURES or m.lead is Party.fire_brigade
    ]
    if chosen:
        out.append(text("fire.measures", names=_names(chosen)))
    elif fire:
        names = [catalogue.problems[p].name for p in sorted(fire)]
        out.append(text("fire.unaddressed", problems=names))
    else:
        out.append(text("fire.none"))
    return tuple(out)


def _legal_steps(catalogue: Catalogue, mid: str) -> list[tuple[Text, tuple[str, ...]]]:
    """The requirement reasons of ``mid`` that are a legal step, with the steps."""
    m = catalogue.measures.get(mid)
    if m is None:
        return []
    return [
        (r.reason, tuple(g for g in r.measures if g in LEGAL_STEP_MEASURES))
        for r in m.requires
        if any(g in LEGAL_STEP_MEASURES for g in r.measures)
    ]


def communication(
    catalogue: Catalogue, profile: Profile, measures: Sequence[PlanMeasure]
) -> tuple[Text, ...]:
    """The communication and privacy paragraph."""
    out = [text("comm.participants"), text("comm.public")]
    names: Mapping[str, Text] = {m.id: m.name for m in measures}
    for m in measures:
        for reason, steps in _legal_steps(catalogue, m.id):
            done = [s for s in steps if s in names or s in profile.existing_measures]
            step_names = [catalogue.measures[s].name for s in (done or steps)]
            out.append(text("privacy.legal_step", measure=m.name, reason=reason, steps=step_names))
    steps_in_plan = [m.name for m in measures if m.id in LEGAL_STEP_MEASURES]
    if steps_in_plan:
        out.append(text("privacy.steps_in_plan", names=steps_in_plan))
    personal = [m.name for m in measures if m.id in PERSONAL_DATA_MEASURES]
    if personal:
        out.append(text("privacy.personal_data", names=personal))
    if len(out) == 2:
        out.append(text("privacy.none"))
    return tuple(out)
