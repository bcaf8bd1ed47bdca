"""Every fixed word kvo-rules shows, in Dutch and English, in one place."""

from __future__ import annotations

from ..core.model import Lang, Text
from ..core.words import (
    WordTable,
    format_euro,
    format_money,
    format_number,
    format_pct,
    unformatted,
)

__all__ = [
    "LABELS",
    "SENTENCES",
    "VOCABULARY",
    "amounts",
    "euros",
    "label",
    "measure_name",
    "numbers",
    "percents",
    "sentence",
    "vocab",
    "words",
]

LABELS: dict[str, tuple[str, str]] = {
    # key: (nl, en)
    "id": ("id", "id"),
    "name": ("naam", "name"),
    "category": ("categorie", "category"),
    "areas": ("gebieden", "areas"),
    "owner": ("eigenaar", "owner"),
    "lead": ("trekker", "lead"),
    "payer": ("betaler", "payer"),
    "reach": ("bereik", "reach"),
    "reach.area": ("het hele gebied", "the whole area"),
    "reach.participants": ("alleen deelnemers", "participants only"),
    "hours": ("uren/jaar", "hours/year"),
    "per_incident": ("€ per voorkomen incident", "€ per prevented incident"),
    "per_business": ("per bedrijf", "per business"),
    "no_cap": ("geen eigen grens", "no cap of its own"),
    "budget_per_payer": ("budget per betaler (zie tabel)", "budget per payer (see table)"),
    "warnings": ("Waarschuwingen", "Warnings"),
    "kind.business_park": ("bedrijventerrein", "business park"),
    "kind.shopping_area": ("winkelgebied", "shopping area"),
    "kind.rural_area": ("buitengebied", "rural area"),
    "party.collective": ("collectief fonds", "collective fund"),
    "party.businesses": ("ondernemers zelf", "businesses themselves"),
    "party.municipality": ("gemeente", "municipality"),
    "party.police": ("politie", "police"),
    "party.fire_brigade": ("brandweer", "fire brigade"),
    "party.property_owners": ("vastgoedeigenaren", "property owners"),
    "party.third_party": ("derden", "third parties"),
    "one_off": ("eenmalig (€)", "one-off (€)"),
    "yearly": ("per jaar (€)", "yearly (€)"),
    "one_off_unit": ("eenmalig per eenheid (€)", "one-off per unit (€)"),
    "yearly_unit": ("per eenheid per jaar (€)", "yearly per unit (€)"),
    "horizon_cost": ("kosten looptijd (€)", "horizon cost (€)"),
    "per": ("per", "per"),
    "problems": ("problemen", "problems"),
    "problem": ("probleem", "problem"),
    "lead_time": ("doorlooptijd (mnd)", "lead time (months)"),
    "upgrade": ("eenmalig (€) bij upgrade ({units})", "one-off (€) for the upgrade ({units})"),
    "harm_weight": ("schadegewicht", "harm weight"),
    "weight": ("gewicht", "weight"),
    "severity": ("ernst", "severity"),
    "effect": ("effect", "effect"),
    "grade": ("bewijs", "evidence"),
    "source": ("bron", "source"),
    "description": ("omschrijving", "description"),
    "requires": ("vereist", "requires"),
    "excludes": ("sluit uit", "excludes"),
    "rank": ("#", "#"),
    "score": ("score", "score"),
    "addresses": ("pakt aan", "addresses"),
    "reasons": ("redenen", "reasons"),
    "rule": ("regel", "rule"),
    "recommended": ("Aanbevolen pakket", "Recommended package"),
    "alternatives": ("Alternatieven", "Alternatives"),
    "total": ("totaal", "total"),
    "benefit": ("baat", "benefit"),
    "benefit_low": ("baat laag (p{q})", "benefit low (p{q})"),
    "benefit_high": ("baat hoog (p{q})", "benefit high (p{q})"),
    "incidents_band": ("incidenten/jaar na (p{lo}-p{hi})", "incidents/year after (p{lo}-p{hi})"),
    "reduction": ("verwachte afname", "expected reduction"),
    "incidents_after": ("incidenten/jaar na", "incidents/year after"),
    "incidents": ("incidenten/jaar", "incidents/year"),
    "per_business_year": ("per bedrijf per jaar (€)", "per business per year (€)"),
    "optimal": ("bewezen optimaal", "proved optimal"),
    "not_optimal": ("niet bewezen optimaal, marge", "not proved optimal, gap"),
    "assumptions": ("Aannames", "Assumptions"),
    "status": ("status", "status"),
    "role": ("rol", "role"),
    "no_budget": ("geen budget opgegeven", "no budget given"),
    "budget": ("budget", "budget"),
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
    "files_ok": ("geen problemen gevonden in {n} bestand(en)", "no problems found in {n} file(s)"),
    "measure": ("maatregel", "measure"),
    "n_measures": ("maatregelen", "measures"),
    "label": ("pakket", "package"),
    "quantity": ("aantal", "quantity"),
    "phase": ("eerste fase: {pct} van het geheel", "first phase: {pct} of the whole"),
    "unit": ("eenheid", "unit"),
    "knee": ("knik", "knee"),
    "years": ("{n} jr", "{n}y"),
    "hour_short": ("u", "h"),
    "estimate": ("SCHATTING", "EST"),
    "transferred": ("andere setting, telt als {grade}", "other setting, counts as {grade}"),
    "per_year_short": ("/jr", "/yr"),
}
"""Column heads and fixed words."""

VOCABULARY: dict[str, tuple[str, str]] = {
    # The values of the models' enums and the fixed words of results, as users read them.
    "category.organisational": ("organisatorisch", "organisational"),
    "category.physical": ("bouwkundig", "physical"),
    "category.electronic": ("elektronisch", "electronic"),
    "per.area": ("gebied", "area"),
    "per.business": ("bedrijf", "business"),
    "per.entrance": ("toegangsweg", "entrance"),
    "per.hectare": ("hectare", "hectare"),
    "per.dark_spot": ("donkere plek", "dark spot"),
    "per.farm": ("boerenbedrijf", "farm"),
    "per.vacant_unit": ("leeg pand", "empty unit"),
    "grade.strong": ("sterk", "strong"),
    "grade.moderate": ("redelijk", "moderate"),
    "grade.weak": ("zwak", "weak"),
    "grade.practice": ("praktijk", "practice"),
    "package.recommended": ("aanbevolen", "recommended"),
    "package.basic": ("basis", "basic"),
    "package.ambitious": ("ambitieus", "ambitious"),
    "package.robust": ("robuust", "robust"),
    "status.recommended": ("aanbevolen", "recommended"),
    "status.candidate": ("kandidaat", "candidate"),
    "status.in_place": ("al aanwezig", "in place"),
    "status.wrong_area": ("ander soort gebied", "wrong area kind"),
    "status.conflicts_in_place": ("botst met bestaande", "conflicts with existing"),
    "status.third_party": ("derde partij", "third party"),
    "status.excluded": ("uitgesloten", "excluded"),
    "status.not_proposed": ("niet voorgesteld", "not proposed"),
    "role.proposes": ("stelt voor", "proposes"),
    "role.requires": ("vereist", "requires"),
    "role.needed_by": ("nodig voor", "needed by"),
    "role.excludes": ("sluit uit", "excludes"),
    "role.adjusts": ("past effect aan", "adjusts"),
}
"""The enums' values in both languages: ``vocab("grade", "strong", "nl")`` is ``sterk``."""

LABELS.update(VOCABULARY)


def measure_name(name: Text, phase: float | None, lang: Lang) -> str:
    """A measure's name, with the share of its units when only a first phase is proposed."""
    if phase is None:
        return name.get(lang)
    return f"{name.get(lang)} ({label('phase', lang, pct=format_pct(phase, lang))})"


def label(key: str, lang: Lang, **values: object) -> str:
    """The fixed text ``key`` in ``lang`` (with ``{name}`` fields filled from ``values``)."""
    return _LABELS.word(key, lang, **values)


def vocab(kind: str, value: object, lang: Lang) -> str:
    """The word for an enum value (``kind`` is its table: ``category``, ``per``, ``grade``,
    ``package``, ``status``, ``role``, ``kind``, ``party``) in ``lang``; an unknown value is
    shown as it is (a package label or status a newer version adds)."""
    key = f"{kind}.{getattr(value, 'value', value)}"
    return label(key, lang) if key in LABELS else str(getattr(value, "value", value))


SENTENCES: dict[str, tuple[str, str]] = {
    # key: (nl, en); {fields} are filled per language (a Text value gives its own language)
    "assume.entrances": (
        "Aantal toegangswegen niet opgegeven: {n} aangenomen (schatting).",
        "Number of entrances not given: {n} assumed (estimate).",
    ),
    "assume.hectares": (
        "Oppervlakte niet opgegeven: {ha} ha aangenomen ({per} ha per bedrijf, schatting).",
        "Area not given: {ha} ha assumed ({per} ha per business, estimate).",
    ),
    "assume.dark_spots": (
        "Aantal donkere plekken uit de avondschouw niet opgegeven: {n} aangenomen ({per} per "
        "hectare over {ha} ha, schatting); geef area.dark_spots op.",
        "Dark spots from the evening walk-through not given: {n} assumed ({per} per hectare over "
        "{ha} ha, estimate); give area.dark_spots.",
    ),
    "assume.farms": (
        "Aantal boerenbedrijven niet opgegeven: alle {n} bedrijven als boerenbedrijf geteld "
        "(schatting); geef area.farms op.",
        "Number of farms not given: all {n} businesses counted as farms (estimate); give "
        "area.farms.",
    ),
    "assume.upgrade": (
        "{measure}: {n} van de {businesses} bedrijven hebben al een alarm dat niet doormeldt; "
        "zij betalen eenmalig {cheap} ({upgrade}) in plaats van {full}, met hetzelfde "
        "abonnement; de deelnemers zijn naar aanname een doorsnede van het gebied.",
        "{measure}: {n} of the {businesses} businesses have an alarm that does not report yet; "
        "they pay {cheap} one-off ({upgrade}) instead of {full}, with the same subscription; "
        "the participants are taken to be a cross-section of the area.",
    ),
    "assume.upgrade_presumed": (
        "{measure}: de bevinding '{problem}' gaat over alarmen; aangenomen dat elk deelnemend "
        "bedrijf dat het zou kopen een alarm heeft dat nog niet doormeldt, dus {upgrade} "
        "({cheap} eenmalig) en een abonnement van {yearly} per jaar zou betalen. Dat is een "
        "schatting: te laag voor wie nog geen alarm heeft, te hoog voor wie al doormeldt. Geef "
        "area.{units} op, of zet deze maatregel bij existing_measures als de alarmen al "
        "doormelden.",
        "{measure}: the finding '{problem}' is about alarms; every participating business that "
        "would buy it is taken to have an alarm that does not report yet, so it would pay for "
        "{upgrade} ({cheap} one-off) and a subscription of {yearly} a year. That is a guess: "
        "too low for businesses without an alarm, too high for those whose alarm reports "
        "already. Give area.{units}, or put this measure among existing_measures if the alarms "
        "report already.",
    ),
    "assume.at_risk": (
        "{measure}: alleen bij de {n} bedrijven met dit risico (businesses_at_risk van de "
        "problemen), en die allemaal.",
        "{measure}: only at the {n} businesses at risk (the problems' businesses_at_risk), and "
        "at all of them.",
    ),
    "assume.at_risk_first": (
        "{measure}: eerst bij de bedrijven met het risico dat een probleem telt "
        "(businesses_at_risk); voor de andere problemen naar de deelname.",
        "{measure}: first at the businesses at risk a problem counts (businesses_at_risk); for "
        "its other problems by participation.",
    ),
    "assume.vacant_units": (
        "Aantal lege panden niet opgegeven: {n} aangenomen ({share} van de {businesses} "
        "bedrijfsruimten, schatting); geef area.vacant_units op.",
        "Empty units not given: {n} assumed ({share} of {businesses} business units, estimate); "
        "give area.vacant_units.",
    ),
    "assume.participation": (
        "Deelname aan maatregelen voor deelnemers niet opgegeven: {share} van de bedrijven "
        "aangenomen (schatting); geef participation op.",
        "Participation in participants-only measures not given: {share} of the businesses "
        "assumed (estimate); give participation.",
    ),
    "assume.no_payer_budget": (
        "Budget zonder verdeling per betaler: politie-uren en wie wat betaalt zijn niet begrensd, "
        "alleen het totaal.",
        "Budget not given per payer: police hours and who pays what are not capped, only the "
        "total.",
    ),
    "needed_for": ("Nodig voor '{name}': {reason}", "Needed for '{name}': {reason}"),
    "out.in_place": ("Al aanwezig in het gebied.", "Already in place in the area."),
    "out.wrong_area": (
        "Past niet bij dit soort gebied ({kind}).",
        "Does not fit this kind of area ({kind}).",
    ),
    "out.conflicts_in_place": (
        "Gaat niet samen met '{other}', dat er al is.",
        "Cannot be combined with '{other}', which is already in place.",
    ),
    "out.excluded": (
        "Uitgesloten door regel {rule}: {reason}",
        "Excluded by rule {rule}: {reason}",
    ),
    "out.nothing_to_buy": (
        "Niets te doen: het profiel telt 0 {unit} (de schouw vond ze in orde).",
        "Nothing to do: the profile counts 0 {unit} (the walk-through found them in order).",
    ),
    "out.no_lighting_finding": (
        "Niets te doen: de analyse vond geen verlichtingsprobleem (geen poor_lighting, geen "
        "getelde donkere plekken); geef area.dark_spots op als de schouw ze wel vond.",
        "Nothing to do: the analysis found no lighting problem (no poor_lighting, no dark spots "
        "counted); give area.dark_spots if the walk-through did find them.",
    ),
    "out.third_party": (
        "Wordt betaald door een derde (provincie, Rijk of een exploitant), niet uit het budget "
        "van het samenwerkingsverband: apart met die partij afspreken.",
        "Paid by a third party (province, state or an operator), not from the partnership's "
        "budget: arrange it with that party separately.",
    ),
    "warn.severe_problem_open": (
        "{problem} (ernst {severity}) daalt naar verwachting maar {reduction}. {remedy}",
        "{problem} (severity {severity}) is expected to fall by only {reduction}. {remedy}",
    ),
    "warn.remedy_blocked": (
        "'{measure}' zou helpen ({effect} minder), maar vraagt van betaler {payer} {cost} en past "
        "niet in diens budget.",
        "'{measure}' would help ({effect} less) but asks the {payer} for {cost}, which does not "
        "fit that payer's budget.",
    ),
    "warn.remedy_needs": (
        "Het vraagt ook '{measure}', en dat vraagt van betaler {payer} {cost}, meer dan het "
        "budget van die betaler.",
        "It also needs '{measure}', which asks the {payer} for {cost}, more than that payer's "
        "budget.",
    ),
    "warn.remedy_other": (
        "'{measure}' zou helpen ({effect} minder, {cost} over de looptijd) maar past niet in het "
        "pakket.",
        "'{measure}' would help ({effect} less, {cost} over the horizon) but does not fit the "
        "package.",
    ),
    "warn.remedy_none": (
        "De regels stellen geen maatregel voor die dit probleem verder aanpakt: bekijk het "
        "probleem opnieuw met de werkgroep.",
        "The rules propose no measure that addresses it further: review the problem with the "
        "working group.",
    ),
    "warn.budget_unused": (
        "Van het budget van betaler {payer} wordt {used} gebruikt terwijl {problem} open blijft "
        "({reduction} minder).",
        "The budget of the {payer} is {used} used while {problem} stays open ({reduction} less).",
    ),
    "warn.problem_outside_area_kind": (
        "'{problem}' komt in de catalogus niet voor in een {kind} (wel in: {areas}): het probleem "
        "is meegenomen, maar er zijn mogelijk weinig passende maatregelen; controleer het "
        "probleemtype en de soort gebied.",
        "'{problem}' does not normally occur in a {kind} according to the catalogue (it does in: "
        "{areas}): the problem is included, but few measures may fit; check the problem type and "
        "the kind of area.",
    ),
    "warn.missing_party": (
        "'{measure}' wordt betaald door betaler {payer}, maar het profiel geeft die daarvoor geen "
        "budget (0): deze maatregel kan niet worden gekozen.",
        "'{measure}' is paid by the {payer}, but the profile gives the {payer} no budget for it "
        "(0): it cannot be chosen.",
    ),
    "out.not_proposed": (
        "Geen regel stelde deze maatregel voor bij dit profiel.",
        "No rule proposed this measure for this profile.",
    ),
    "package.budget": (
        "Het pakket met de grootste verwachte baat binnen het budget.",
        "The package with the largest expected benefit within the budget.",
    ),
    "package.knee": (
        "Geen budget opgegeven: het pakket op de 'knik' van de kosten-batencurve, waar extra "
        "geld het minst extra veiligheid oplevert.",
        "No budget given: the package at the 'knee' of the cost-benefit frontier, where extra "
        "money starts to buy the least extra safety.",
    ),
    "package.basic": (
        "Het goedkoopste pakket met minstens de helft van de baat van het aanbevolen pakket.",
        "The cheapest package with at least half the benefit of the recommended package.",
    ),
    "package.ambitious": (
        "Het beste pakket bij anderhalf keer het budget.",
        "The best package at one and a half times the budget.",
    ),
    "role.proposes": (
        "stelt voor (gewicht {weight}): {why}",
        "proposes (weight {weight}): {why}",
    ),
    "role.requires": ("vereist een van {needs}: {why}", "requires one of {needs}: {why}"),
    "role.needed_by": ("nodig voor {measure}: {why}", "needed by {measure}: {why}"),
    "role.excludes": ("sluit uit: {why}", "excludes: {why}"),
    "role.adjusts": ("effect op {on} x{factor}: {why}", "effect on {on} x{factor}: {why}"),
    "why.recommended": (
        "In het aanbevolen pakket (bijdrage aan de baat {gain}).",
        "In the recommended package (adds {gain} to the benefit).",
    ),
    "why.requires_unfit": (
        "Kandidaat, niet gekozen: vereist een van {names}, en die past hier niet "
        "(niet voor dit gebied, uitgesloten of onbekend).",
        "Candidate, not chosen: requires one of {names}, which does not fit here "
        "(wrong area kind, excluded, or unknown).",
    ),
    "why.clash": (
        "Kandidaat, niet gekozen: gaat niet samen met {names} in het pakket.",
        "Candidate, not chosen: cannot be combined with {names} in the package.",
    ),
    "why.over_budget": (
        "Kandidaat, niet gekozen: past niet meer in het budget (eenmalig €{one_off}, per jaar "
        "€{yearly}); het geld levert elders meer op.",
        "Candidate, not chosen: does not fit in the remaining budget (one-off €{one_off}, "
        "yearly €{yearly}); the money buys more elsewhere.",
    ),
    "why.payer_budget": (
        "Kandidaat, niet gekozen: vraagt van betaler {payer} {cost} en past niet in wat diens "
        "budget naast het pakket overlaat.",
        "Candidate, not chosen: asks the {payer} for {cost}, which does not fit what that payer's "
        "budget leaves beside the package.",
    ),
    "why.no_effect": (
        "Kandidaat, niet gekozen: heeft geen effect op de problemen van dit profiel.",
        "Candidate, not chosen: has no effect on this profile's problems.",
    ),
    "why.dominated": (
        "Kandidaat, niet gekozen: andere maatregelen leveren voor hetzelfde geld meer op "
        "(gedomineerd), of de extra baat weegt niet op tegen de kosten bij de knik.",
        "Candidate, not chosen: other measures buy more for the same money (dominated), or "
        "its extra benefit is not worth its cost at the knee.",
    ),
    "why.in_best_share": (
        "Onder onzekerheid: in {share} van de {samples} steekproeven zit deze maatregel in het "
        "beste pakket.",
        "Under uncertainty: in {share} of the {samples} samples this measure is in the best "
        "package.",
    ),
    "why.robust_adds": (
        "Het robuuste pakket (dat het best standhoudt als de effecten tegenvallen) neemt deze "
        "maatregel wel op, het aanbevolen pakket niet.",
        "The robust package (the one that holds up best when the effects disappoint) includes "
        "this measure; the recommended package does not.",
    ),
    "why.robust_drops": (
        "Het robuuste pakket (dat het best standhoudt als de effecten tegenvallen) laat deze "
        "maatregel weg, het aanbevolen pakket niet.",
        "The robust package (the one that holds up best when the effects disappoint) leaves "
        "this measure out; the recommended package includes it.",
    ),
    "why.no_driver": (
        "Geen enkel onzeker effect verklaart het verschil op zichzelf; het komt van vele "
        "effecten samen.",
        "No single uncertain effect explains the difference; it comes from many together.",
    ),
    "why.never_proposed": (
        "Geen enkele regel in de regelbasis stelt deze maatregel voor.",
        "No rule in the rule base ever proposes this measure.",
    ),
    "why.not_fired": (
        "Niet voorgesteld: de regels die dit zouden doen gingen niet af (zie de "
        "voorwaarden met ✗).",
        "Not proposed: the rules that would propose it did not fire (see the conditions marked ✗).",
    ),
}
"""Sentences that explain one result (assumptions, why a measure is in or out)."""


_LABELS = WordTable(LABELS, unformatted)
_SENTENCES = WordTable(SENTENCES, unformatted)


def sentence(key: str, **values: object) -> Text:
    """The sentence ``key`` in both languages, its fields filled per language."""
    return _SENTENCES.text(key, **values)


def amounts(value: float) -> Text:
    """Whole euros written as each language writes them (for use in a sentence)."""
    return Text(nl=format_money(value, "nl"), en=format_money(value, "en"))


def euros(value: float) -> Text:
    """Whole euros with the euro sign, as each language writes them (for a sentence)."""
    return Text(nl=format_euro(value, "nl"), en=format_euro(value, "en"))


def numbers(value: float, decimals: int = 2) -> Text:
    """A number as each language writes it (nl ``1,5``, en ``1.5``), for a sentence."""
    return Text(nl=format_number(value, "nl", decimals), en=format_number(value, "en", decimals))


def percents(value: float) -> Text:
    """A fraction as a whole percentage in each language, for a sentence."""
    return Text(nl=format_pct(value, "nl"), en=format_pct(value, "en"))


def words(kind: str, value: object) -> Text:
    """An enum value's word (:func:`vocab`) in both languages, for a sentence."""
    return Text(nl=vocab(kind, value, "nl"), en=vocab(kind, value, "en"))
