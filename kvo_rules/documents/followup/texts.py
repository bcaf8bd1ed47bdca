"""Every word of the evaluation and of the next profile's comments, in Dutch and English.

The builder asks for sentences by key (:func:`text` gives a :class:`Text` in both languages);
the templates ask for headings and labels by key (:func:`word`). Nothing else in
``kvo_rules.documents.followup`` holds Dutch or English words. Dates and numbers are written by
:mod:`kvo_rules.core.words` (no system locale).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...core.model import Lang
from ...core.words import WordTable, format_number
from ...core.words import localise as localise_plainly
from ..plan.texts import WORDS as PLAN_WORDS
from .effort_words import EFFORT_WORDS
from .nextprofile_words import NEXT_PROFILE_WORDS

__all__ = ["WORDS", "Change", "format_change", "localise", "text", "word"]

SHARED_WITH_PLAN = (
    "doc.kind.business_park",
    "doc.kind.shopping_area",
    "doc.draft",
    "doc.recertification",
    "doc.contents",
    "sec.goals",
    "col.rank",
    "col.problem",
    "col.goal",
    "col.expected",
    "col.trend",
    "col.incidents",
    "col.indicator",
    "col.measure",
    "col.owner",
    "col.status",
    "col.total",
    "col.one_off",
    "col.yearly",
    "trend.falling",
    "trend.stable",
    "trend.rising",
    "owner.entrepreneurs",
    "owner.municipality",
    "owner.police",
    "owner.fire_brigade",
    "owner.park_management",
    "owner.shared",
    "owner.collective",
    "owner.businesses",
    "owner.property_owners",
    "owner.third_party",
)
"""Words the evaluation says exactly as the plan does: taken from the plan's table."""

WORDS: dict[str, tuple[str, str]] = {
    # key: (nl, en)
    **{key: PLAN_WORDS[key] for key in SHARED_WITH_PLAN},
    # --- document --------------------------------------------------------------------------
    "doc.title": (
        "Evaluatie plan van aanpak Keurmerk Veilig Ondernemen",
        "Evaluation of the KVO plan of action (Keurmerk Veilig Ondernemen)",
    ),
    "doc.draft_note": (
        "Dit is een concept, opgesteld met kvo-rules uit het plan van aanpak en de 1-meting. "
        "De werkgroep bespreekt het, vult het aan en neemt het op in het "
        "hercertificeringsdossier, naast de vernieuwde veiligheidsanalyse en het nieuwe plan.",
        "This is a draft written by kvo-rules from the plan of action and the follow-up "
        "measurement. The working group discusses and completes it and puts it in the "
        "recertification file, next to the renewed safety analysis and the new plan.",
    ),
    "doc.plan": ("Plan", "Plan"),
    "doc.plan_start": ("Start van het plan", "Plan started"),
    "doc.one_meting": ("1-meting gepland", "Follow-up measurement planned"),
    "doc.measured_on": ("Gemeten op", "Measured on"),
    "doc.note": ("Toelichting", "Note"),
    "doc.footer": (
        "Concept-evaluatie, opgesteld met kvo-rules. Bedragen in euro's, zoals opgegeven in de "
        "1-meting; verschillen zijn werkelijk min gepland. Een negatieve verandering is een "
        "daling.",
        "Draft evaluation written by kvo-rules. Amounts in euros, as given in the follow-up; "
        "differences are actual minus planned. A negative change is a fall.",
    ),
    # --- section titles ----------------------------------------------------------------------
    "sec.summary": (
        "Samenvatting voor het hercertificeringsdossier",
        "Summary for the recertification file",
    ),
    "sec.problems": ("Waargenomen verandering per probleem", "Observed change per problem"),
    "sec.measures": ("Maatregelen: status en kosten", "Measures: status and costs"),
    "sec.costs": ("Kosten tegenover het plan", "Costs against the plan"),
    "sec.next": ("Naar de volgende cyclus", "Towards the next cycle"),
    "sec.notes": ("Aandachtspunten", "Points of attention"),
    # --- section intros ----------------------------------------------------------------------
    "intro.goals": (
        "Elk doel uit het plan, beoordeeld met de cijfers van de 1-meting. 'Verwacht' is wat het "
        "plan verwachtte als alle maatregelen zouden zijn uitgevoerd.",
        "Each goal of the plan, judged by the figures of the follow-up measurement. 'Expected' "
        "is what the plan expected with every measure carried out.",
    ),
    "intro.problems": (
        "De verandering tussen de 0-meting en de 1-meting naast de verandering die het plan "
        "verwachtte. De trend gaat naar het profiel voor de volgende cyclus.",
        "The change between the baseline and the follow-up measurement next to the change the "
        "plan expected. The trend goes into the profile for the next cycle.",
    ),
    "intro.measures": (
        "Elke maatregel uit het plan met zijn status bij de 1-meting en de werkelijke kosten "
        "tegenover de geplande. Een maatregel die niet gestart is, heeft niets gekost tenzij "
        "de 1-meting een bedrag noemt.",
        "Each measure of the plan with its status at the follow-up measurement and its actual "
        "costs against the planned ones. A measure that was not started cost nothing unless "
        "the follow-up gives an amount.",
    ),
    "intro.costs": (
        "De werkelijke kosten tellen alleen de maatregelen waarvan ze bekend zijn; het verschil "
        "vergelijkt ze met de geplande kosten van dezelfde maatregelen.",
        "The actual costs count only the measures whose costs are known; the difference "
        "compares them with the planned costs of the same measures.",
    ),
    "intro.next": (
        "Het profiel voor de volgende cyclus neemt de nieuwe ernst en incidenten met hun trend "
        "over, telt de uitgevoerde maatregelen als bestaande maatregelen, rekent met een "
        "looptijd van 3 jaar en laat het budget open (dat stellen de partners opnieuw vast). "
        "Daaruit volgt het vernieuwde plan van aanpak.",
        "The profile for the next cycle takes the new severities and incidents with their "
        "trend, counts the measures carried out as existing measures, runs for 3 years and "
        "leaves the budget open (the partners set it again). The renewed plan of action is "
        "made from it.",
    ),
    # --- summary -----------------------------------------------------------------------------
    "summary.figure": ("Kerncijfer", "Key figure"),
    "summary.value": ("Waarde", "Value"),
    "summary.goals_reached": ("Doelen gehaald", "Goals reached"),
    "summary.measures_done": ("Maatregelen uitgevoerd", "Measures carried out"),
    "summary.problems_measured": ("Problemen gemeten", "Problems measured"),
    "summary.one_off_spent": ("Eenmalig uitgegeven", "One-off spent"),
    "summary.yearly_spent": ("Jaarlijkse kosten", "Yearly costs"),
    "summary.n_of_m": ("{n} van {m}", "{n} of {m}"),
    "summary.spent_value": (
        "{actual} (begroot voor dezelfde maatregelen: {planned}, {change})",
        "{actual} (planned for the same measures: {planned}, {change})",
    ),
    "summary.goals": (
        "Bij de 1-meting van {date} zijn {reached} van de {total} doelen gehaald; "
        "{not_reached} niet gehaald en {not_measured} niet gemeten.",
        "At the follow-up measurement of {date}, {reached} of the {total} goals were reached; "
        "{not_reached} not reached and {not_measured} not measured.",
    ),
    "summary.measures": (
        "Van de {total} maatregelen zijn er {carried_out} uitgevoerd, {partly} gedeeltelijk, "
        "{not_started} niet gestart en {stopped} gestopt; van {not_reported} is geen status "
        "opgegeven.",
        "Of the {total} measures, {carried_out} were carried out, {partly} partly, "
        "{not_started} not started and {stopped} stopped; {not_reported} have no status.",
    ),
    "summary.one_off": (
        "Eenmalig is {actual} uitgegeven, tegen {planned_known} begroot voor dezelfde {known} "
        "van de {total} maatregelen ({change}); het plan begrootte {planned} eenmalig in "
        "totaal.",
        "One-off, {actual} was spent against {planned_known} planned for the same {known} of "
        "the {total} measures ({change}); the plan's one-off total was {planned}.",
    ),
    "summary.yearly": (
        "De jaarlijkse kosten zijn {actual}, tegen {planned_known} begroot voor dezelfde "
        "{known} van de {total} maatregelen ({change}); het plan begrootte {planned} per jaar "
        "in totaal.",
        "The yearly costs are {actual} against {planned_known} planned for the same {known} of "
        "the {total} measures ({change}); the plan's yearly total was {planned}.",
    ),
    "summary.one_off_unknown": (
        "De werkelijke eenmalige kosten zijn niet opgegeven (begroot: {planned}).",
        "The actual one-off costs were not given (planned: {planned}).",
    ),
    "summary.yearly_unknown": (
        "De werkelijke jaarlijkse kosten zijn niet opgegeven (begroot: {planned} per jaar).",
        "The actual yearly costs were not given (planned: {planned} a year).",
    ),
    "summary.one_off_budget_ok": (
        "Dat past binnen het eenmalige budget van {budget}.",
        "That is within the one-off budget of {budget}.",
    ),
    "summary.one_off_budget_over": (
        "Dat is meer dan het eenmalige budget van {budget}.",
        "That is more than the one-off budget of {budget}.",
    ),
    "summary.yearly_budget_ok": (
        "Dat past binnen het jaarlijkse budget van {budget}.",
        "That is within the yearly budget of {budget}.",
    ),
    "summary.yearly_budget_over": (
        "Dat is meer dan het jaarlijkse budget van {budget}.",
        "That is more than the yearly budget of {budget}.",
    ),
    "summary.caveat": (
        "De veranderingen zijn een voor- en nameting zonder vergelijkingsgebied: ze laten zien "
        "wat er veranderde, niet dat de maatregelen het veroorzaakten.",
        "The changes are a before/after measurement without a comparison area: they show what "
        "changed, not that the measures caused it.",
    ),
    # --- the warning about cause -----------------------------------------------------------
    "caveat.title": ("Let op: voor en na is geen bewijs", "Note: before and after is not proof"),
    "caveat": (
        "Deze cijfers vergelijken de 0-meting met de 1-meting in hetzelfde gebied, zonder "
        "vergelijkingsgebied. Een daling na de maatregelen bewijst niet dat de maatregelen die "
        "veroorzaakten, en een stijging niet dat ze faalden: cijfers schommelen van jaar tot "
        "jaar (bij kleine aantallen sterk), een gebied begint vaak met KVO na een slecht jaar "
        "waarna de cijfers ook vanzelf dalen, meer contact en een alertgroep leiden vaak tot "
        "méér meldingen, en criminaliteit kan zich naar de omgeving verplaatsen. Ook het "
        "gepubliceerde bewijs voor KVO zelf bestaat uit voor- en nametingen zonder "
        "controlegroep (bijvoorbeeld 43% minder inbraken in KVO-winkelgebieden volgens HBD). "
        "Vergelijk de cijfers waar mogelijk met een vergelijkbaar gebied of de hele gemeente "
        "over dezelfde periode.",
        "These figures compare the baseline with the follow-up measurement in the same area, "
        "without a comparison area. A fall after the measures does not prove that the "
        "measures caused it, nor does a rise prove that they failed: figures vary from year to "
        "year (strongly for small numbers), an area often starts KVO after a bad year after "
        "which the figures fall by themselves, more contact and an alert group often lead to "
        "more reports, and crime can move to the surroundings. The published evidence on KVO "
        "itself is also before/after without a control group (for example 43% fewer burglaries "
        "in KVO shopping areas according to the HBD). Where possible, compare the figures with "
        "a similar area or the whole municipality over the same period.",
    ),
    # --- columns -----------------------------------------------------------------------------
    "col.baseline": ("0-meting", "Baseline"),
    "col.measured": ("1-meting", "Follow-up"),
    "col.verdict": ("Oordeel", "Verdict"),
    "col.why": ("Toelichting", "Explanation"),
    "col.observed": ("Waargenomen", "Observed"),
    "col.expected_change": ("Verwacht (plan)", "Expected (plan)"),
    "col.not_done": ("Niet volledig uitgevoerd", "Not fully carried out"),
    "col.severity": ("Ernst", "Severity"),
    "col.planned_realisation": ("Realisatie gepland", "Realisation planned"),
    "col.realised_on": ("Gerealiseerd", "Realised"),
    "col.one_off_planned": ("Eenmalig gepland (€)", "One-off planned (€)"),
    "col.one_off_actual": ("Eenmalig werkelijk (€)", "One-off actual (€)"),
    "col.yearly_planned": ("Per jaar gepland (€)", "Yearly planned (€)"),
    "col.yearly_actual": ("Per jaar werkelijk (€)", "Yearly actual (€)"),
    "col.difference": ("Verschil (€)", "Difference (€)"),
    "col.item": ("Post", "Item"),
    # --- costs table ---------------------------------------------------------------------------
    "costs.planned": ("Begroot in het plan (alle maatregelen)", "Planned (all measures)"),
    "costs.known": ("Werkelijke kosten bekend van", "Actual costs known for"),
    "costs.actual": ("Werkelijk (bekende maatregelen)", "Actual (measures known)"),
    "costs.planned_known": ("Begroot voor dezelfde maatregelen", "Planned for the same measures"),
    "costs.difference": ("Verschil", "Difference"),
    "costs.budget": ("Budget bij het plan", "Budget of the plan"),
    "costs.no_budget": ("niet opgegeven", "not given"),
    "costs.within_budget": ("Binnen het budget", "Within the budget"),
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
    # --- statuses, verdicts, trends ------------------------------------------------------------
    "status.carried_out": ("uitgevoerd", "carried out"),
    "status.partly": ("gedeeltelijk", "partly"),
    "status.not_started": ("niet gestart", "not started"),
    "status.stopped": ("gestopt", "stopped"),
    "status.not_reported": ("geen status", "no status"),
    "verdict.reached": ("gehaald", "reached"),
    "verdict.not_reached": ("niet gehaald", "not reached"),
    "verdict.not_measured": ("niet gemeten", "not measured"),
    "basis.incidents": ("incidenten", "incidents"),
    "basis.indicator": ("indicator", "indicator"),
    "basis.severity": ("ernst", "severity"),
    "none": ("geen", "none"),
    "not_measured": ("niet gemeten", "not measured"),
    # --- goal targets and values ---------------------------------------------------------------
    "target.incidents": ("hoogstens {n} per jaar", "at most {n} a year"),
    "target.indicator": ("indicator minstens {pct} lager", "indicator at least {pct} lower"),
    "target.severity": ("ernst hoogstens {n}", "severity at most {n}"),
    "target.both": (
        "ernst hoogstens {n} en indicator minstens {pct} lager",
        "severity at most {n} and indicator at least {pct} lower",
    ),
    "value.per_year": ("{n} per jaar", "{n} a year"),
    "value.no_change": ("geen verandering", "no change"),
    "value.not_measured": ("niet gemeten", "not measured"),
    "value.indicator": ("indicator {n}", "indicator {n}"),
    "value.indicator_change": ("indicator {n} ({change})", "indicator {n} ({change})"),
    "value.indicator_only": ("indicator {change}", "indicator {change}"),
    "value.severity": ("ernst {n}", "severity {n}"),
    "value.severity_no_indicator": (
        "ernst {n}, indicator niet gemeten",
        "severity {n}, indicator not measured",
    ),
    "value.severity_indicator": (
        "ernst {n}, indicator {change}",
        "severity {n}, indicator {change}",
    ),
    "value.expected_reduction": ("{pct} lager", "{pct} lower"),
    "value.severity_from_to": ("{a} naar {b}", "{a} to {b}"),
    # --- why a goal is (not) reached -----------------------------------------------------------
    "why.problem_not_measured": (
        "het probleem is bij de 1-meting niet gemeten",
        "the problem was not measured at the follow-up",
    ),
    "why.no_incidents": (
        "het doel gaat over incidenten per jaar, en de 1-meting geeft geen aantal",
        "the goal is about incidents a year, and the follow-up gives no count",
    ),
    "why.incidents_ok": (
        "{measured} per jaar, hoogstens {target} was het doel",
        "{measured} a year, at most {target} was the goal",
    ),
    "why.incidents_bad": (
        "{measured} per jaar, meer dan de {target} van het doel",
        "{measured} a year, more than the goal's {target}",
    ),
    "why.no_indicator": (
        "het doel gaat over de indicator, en de 1-meting geeft die niet (met de 0-meting)",
        "the goal is about the indicator, and the follow-up does not give it (with the baseline)",
    ),
    "why.indicator_ok": (
        "de indicator veranderde {change}; minstens {pct} lager was het doel",
        "the indicator changed {change}; at least {pct} lower was the goal",
    ),
    "why.indicator_bad": (
        "de indicator veranderde {change}; het doel was minstens {pct} lager",
        "the indicator changed {change}; the goal was at least {pct} lower",
    ),
    "why.no_severity": (
        "het doel gaat over de ernst, en de 1-meting geeft die niet",
        "the goal is about the severity, and the follow-up does not give it",
    ),
    "why.severity_ok": (
        "ernst {measured}, hoogstens {target} was het doel",
        "severity {measured}, at most {target} was the goal",
    ),
    "why.severity_bad": (
        "ernst {measured}, hoger dan de {target} van het doel",
        "severity {measured}, higher than the goal's {target}",
    ),
    "why.severity_no_indicator": (
        "ernst {measured} is goed, maar het doel vraagt ook de indicator, en die is niet gemeten",
        "severity {measured} is fine, but the goal also asks for the indicator, which was not "
        "measured",
    ),
    "why.both_ok": (
        "ernst {measured} en de indicator veranderde {change} (doel: minstens {pct} lager)",
        "severity {measured} and the indicator changed {change} (goal: at least {pct} lower)",
    ),
    "why.both_bad": (
        "ernst {measured}, maar de indicator veranderde {change}; het doel was minstens {pct} "
        "lager",
        "severity {measured}, but the indicator changed {change}; the goal was at least {pct} "
        "lower",
    ),
    # --- warnings ----------------------------------------------------------------------------
    "warn.early": (
        "De meting van {date} ligt vóór de geplande 1-meting van {meting}: de doelen zijn "
        "beoordeeld op een tussenstand.",
        "The measurement of {date} is before the planned follow-up measurement of {meting}: "
        "the goals are judged on an interim result.",
    ),
    "warn.late": (
        "De meting van {date} ligt na de hercertificering van {recert}.",
        "The measurement of {date} is after the recertification of {recert}.",
    ),
    "warn.not_measured": (
        "Niet gemeten bij de 1-meting: {names}. Hun doelen zijn niet te beoordelen; meet ze "
        "alsnog of leg in het dossier uit waarom niet.",
        "Not measured at the follow-up: {names}. Their goals cannot be judged; measure them "
        "or explain in the file why not.",
    ),
    "warn.not_reported": (
        "Geen status opgegeven voor: {names}.",
        "No status given for: {names}.",
    ),
    "warn.short_effect": (
        "{measure} is gerealiseerd op {date}, minder dan een jaar vóór de meting van "
        "{measured}: het effect zit maar in een deel van de gemeten periode.",
        "{measure} was realised on {date}, less than a year before the measurement of "
        "{measured}: its effect is in part of the measured period only.",
    ),
    "warn.short_effect_planned": (
        "{measure} stond gepland voor {date}, minder dan een jaar vóór de meting van "
        "{measured} of later, en de werkelijke datum is niet opgegeven: het effect zit hooguit "
        "in een deel van de gemeten periode.",
        "{measure} was planned for {date}, less than a year before the measurement of "
        "{measured} or later, and the actual date was not given: its effect is at most in part "
        "of the measured period.",
    ),
    "warn.costs_unknown": (
        "Werkelijke kosten (eenmalig of per jaar) niet opgegeven voor: {names}.",
        "Actual costs (one-off or yearly) not given for: {names}.",
    ),
    "warn.over_budget_one_off": (
        "Eenmalig is {actual} uitgegeven, meer dan het budget van {budget}.",
        "One-off, {actual} was spent, more than the budget of {budget}.",
    ),
    "warn.over_budget_yearly": (
        "De jaarlijkse kosten van {actual} zijn hoger dan het budget van {budget}.",
        "The yearly costs of {actual} are more than the budget of {budget}.",
    ),
    "warn.expected_assumed_all": (
        "{problem}: de verwachte verandering gaat uit van alle maatregelen, maar niet volledig "
        "uitgevoerd zijn: {names}.",
        "{problem}: the expected change assumes every measure, but not fully carried out are: "
        "{names}.",
    ),
    "notes.none": ("Geen bijzonderheden.", "Nothing to note."),
    # --- next cycle --------------------------------------------------------------------------
    "next.in_place": (
        "Bestaande maatregelen in het volgende profiel",
        "Existing measures in the next profile",
    ),
    "next.partly": (
        "Gedeeltelijk uitgevoerd: niet als bestaand geteld (recommend kan ze opnieuw voorstellen "
        "om ze af te maken)",
        "Partly carried out: not counted as in place (recommend may propose them again, to "
        "complete them)",
    ),
    "next.not_done": (
        "Niet gestart, gestopt of zonder status: niet als bestaand geteld",
        "Not started, stopped or without status: not counted as in place",
    ),
    "next.trends": ("Trend per probleem", "Trend per problem"),
    "next.trend_rule": (
        "Een verandering van minstens {pct} van de 0-meting is dalend of stijgend, minder is "
        "stabiel; bij incidentaantallen moet de verandering ook groter zijn dan de wortel van "
        "de 0-meting (toevalsschommeling), bij de ernst telt elk heel punt.",
        "A change of at least {pct} of the baseline is falling or rising, less is stable; for "
        "incident counts the change must also be more than the square root of the baseline "
        "(chance variation), for the severity every whole point counts.",
    ),
    "next.basis": ("Op grond van", "Based on"),
    # --- the next profile's YAML comments (nextprofile_words) --------------------------------
    **NEXT_PROFILE_WORDS,
    # --- formats -----------------------------------------------------------------------------
    "change.none": ("n.v.t.", "n/a"),
}


@dataclass(frozen=True)
class Change:
    """A signed relative change as a whole percentage: -0.58 -> -58%, 0.1 -> +10%."""

    value: float | None


def format_change(value: float | None, lang: Lang) -> str:
    """A signed whole percentage (``-58%``, ``+10%``, ``0%``); ``n.v.t.``/``n/a`` for None."""
    if value is None:
        return word("change.none", lang)
    pct = round(value * 100)
    if pct == 0:
        return "0%"
    return f"{pct:+d}%"


def localise(value: object, lang: Lang) -> str:
    """A value as text in ``lang``: changes here, everything else as core.words writes it."""
    if isinstance(value, Change):
        return format_change(value.value, lang)
    if isinstance(value, int) and not isinstance(value, bool):
        return format_number(value, lang, 0)
    return localise_plainly(value, lang)


WORDS.update(EFFORT_WORDS)

_TABLE = WordTable(WORDS, localise)
word = _TABLE.word
text = _TABLE.text
