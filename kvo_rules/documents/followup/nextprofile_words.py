"""The words of the next profile's YAML comments, in Dutch and English.

Part of the follow-up's word table (:mod:`.texts`, which holds them under the same keys);
kept here because the comments of the next cycle's profile are a document of their own.
"""

from __future__ import annotations

__all__ = ["NEXT_PROFILE_WORDS"]

NEXT_PROFILE_WORDS: dict[str, tuple[str, str]] = {
    # key: (nl, en)
    "yaml.header": (
        "Profiel voor de volgende KVO-cyclus van {area}, geschreven door kvo-rules evaluate uit "
        "plan {plan} en de 1-meting van {date}. Bespreek het in de werkgroep; daarna maakt "
        "kvo-rules plan het vernieuwde plan van aanpak.",
        "Profile for the next KVO cycle of {area}, written by kvo-rules evaluate from plan "
        "{plan} and the follow-up measurement of {date}. Discuss it in the working group; then "
        "kvo-rules plan makes the renewed plan of action.",
    ),
    "yaml.partnership": (
        "Het samenwerkingsverband zoals in het plan; werk het bij als partners of "
        "contactpersonen veranderd zijn. De veiligheidsanalyse ('analysis') hoort bij de nieuwe "
        "0-meting: vul haar in.",
        "The partnership as in the plan; update it where partners or contact persons changed. "
        "The safety analysis ('analysis') belongs to the new baseline: fill it in.",
    ),
    "yaml.dark_spots": (
        "zoals in het plan: tel ze opnieuw bij de volgende donkerschouw",
        "as in the plan: count them again at the next dark walk-through",
    ),
    "yaml.at_risk": (
        "zoals in het plan: bekijk opnieuw welke bedrijven dit risico lopen",
        "as in the plan: look again at which businesses run this risk",
    ),
    "yaml.vacant_units": (
        "zoals in het plan: tel de lege panden opnieuw",
        "as in the plan: count the empty units again",
    ),
    "yaml.rear_alleys": (
        "zoals in het plan: kijk bij de volgende schouw opnieuw naar de achterpaden",
        "as in the plan: look at the rear alleys again at the next walk-through",
    ),
    "yaml.unmonitored_alarms": (
        "zoals in het plan: vraag in de enquête opnieuw wiens alarm nog niet doormeldt",
        "as in the plan: ask again in the survey whose alarm does not report yet",
    ),
    "yaml.not_measured": (
        "niet gemeten bij de 1-meting: cijfers van de 0-meting",
        "not measured at the follow-up: the baseline's figures",
    ),
    "yaml.severity_kept": (
        "ernst niet opnieuw beoordeeld: die van de 0-meting",
        "severity not re-assessed: the baseline's",
    ),
    "yaml.incidents_kept": (
        "incidenten niet geteld bij de 1-meting: die van de 0-meting",
        "incidents not counted at the follow-up: the baseline's",
    ),
    "yaml.trend": ("{basis}: {change}", "{basis}: {change}"),
    "yaml.no_trend": (
        "trend weggelaten: niet gemeten bij de 1-meting",
        "trend left out: not measured at the follow-up",
    ),
    "yaml.existing_before": ("al voor het plan", "in place before the plan"),
    "yaml.carried_out": ("uitgevoerd in het plan", "carried out in the plan"),
    "yaml.partly": (
        "gedeeltelijk uitgevoerd, niet als bestaand geteld (recommend kan het opnieuw "
        "voorstellen om het af te maken): {names}",
        "partly carried out, not counted as in place (recommend may propose it again to "
        "complete it): {names}",
    ),
    "yaml.not_done": (
        "niet gestart, gestopt of zonder status: {names}",
        "not started, stopped or without status: {names}",
    ),
    "yaml.budget": (
        "budget: niet overgenomen; de partners stellen het budget voor nieuwe maatregelen "
        "opnieuw vast (hier, of met --budget-one-off en --budget-yearly). Het vorige plan: "
        "eenmalig {one_off}, per jaar {yearly}{budget}. De uitgevoerde maatregelen kosten "
        "{running} per jaar (werkelijk waar bekend, anders gepland) zolang ze doorlopen.",
        "budget: not carried over; the partners set the budget for new measures again (here, "
        "or with --budget-one-off and --budget-yearly). The last plan: one-off {one_off}, "
        "yearly {yearly}{budget}. The measures carried out cost {running} a year (actual where "
        "known, else planned) while they continue.",
    ),
    "yaml.budget_given": (
        " (budget eenmalig {one_off}, per jaar {yearly})",
        " (budget one-off {one_off}, yearly {yearly})",
    ),
    "yaml.horizon": (
        "een KVO-certificaat is 3 jaar geldig",
        "a KVO certificate is valid for 3 years",
    ),
}
