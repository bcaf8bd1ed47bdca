"""Every word of the plan of action, in Dutch and English, in one place; and how numbers and
dates are written in each language (independent of the system locale).

Numbers, money and dates are written by :mod:`kvo_rules.core.words` (no system locale).
The builder asks for sentences by key (:func:`text` gives a :class:`Text` in both languages);
the templates ask for headings and labels by key (:func:`word`). Nothing else in
``kvo_rules.documents.plan`` holds Dutch or English words.
"""

from __future__ import annotations

from ...core.words import WordTable
from .words_chapters import CHAPTER_WORDS

__all__ = ["WORDS", "text", "word"]

WORDS: dict[str, tuple[str, str]] = {
    # key: (nl, en)
    # --- document --------------------------------------------------------------------------
    "doc.title": (
        "Plan van aanpak Keurmerk Veilig Ondernemen",
        "KVO plan of action (Keurmerk Veilig Ondernemen)",
    ),
    "doc.kind.business_park": ("KVO-B, bedrijventerrein", "KVO-B, business park"),
    "doc.kind.shopping_area": ("KVO-W, winkelgebied", "KVO-W, shopping area"),
    "doc.kind.rural_area": ("KVO buitengebied", "KVO rural area"),
    "doc.draft": ("Concept", "Draft"),
    "doc.draft_note": (
        "Dit is een concept, opgesteld met kvo-rules uit de veiligheidsanalyse (0-meting). De "
        "werkgroep bespreekt het, past het aan en stelt het vast; de partners leggen hun "
        "afspraken daarna vast in het convenant.",
        "This is a draft written by kvo-rules from the safety analysis (the baseline "
        "measurement). The working group discusses, edits and adopts it; the partners then "
        "record their commitments in the covenant.",
    ),
    "doc.start": ("Start", "Start"),
    "doc.period": ("Looptijd", "Period"),
    "doc.period_value": ("{years} jaar, tot {end}", "{years} years, until {end}"),
    "doc.recertification": ("Hercertificering", "Recertification"),
    "doc.contents": ("Inhoud", "Contents"),
    "doc.footer": (
        "Concept-plan van aanpak, opgesteld met kvo-rules. Bedragen in euro's, exclusief btw "
        "tenzij anders vermeld; kosten zijn schattingen per eenheid uit de catalogus.",
        "Draft plan of action written by kvo-rules. Amounts in euros, excluding VAT unless "
        "stated otherwise; costs are per-unit estimates from the catalogue.",
    ),
    "doc.plan_id": ("Plan-id", "Plan id"),
    # --- section titles ----------------------------------------------------------------------
    "sec.area": ("Gebied en uitgangssituatie", "The area and the starting point"),
    "sec.problems": ("Geanalyseerde problemen", "Analysed problems"),
    "sec.goals": ("Doelen", "Goals"),
    "sec.matrix": ("Maatregelenmatrix", "Measures matrix"),
    "sec.measures": ("Toelichting per maatregel", "The measures explained"),
    "sec.budget": ("Begroting", "Budget"),
    "sec.considered": ("Overwogen en niet gekozen", "Considered and not chosen"),
    "sec.evaluation": ("Evaluatie en hercertificering", "Evaluation and recertification"),
    "sec.notes": ("Aannames en aandachtspunten", "Assumptions and points of attention"),
    # --- section intros ----------------------------------------------------------------------
    "intro.problems": (
        "De problemen uit de veiligheidsanalyse, geordend naar gewicht (ernst maal "
        "schadegewicht). De verwachte afname is die van de nieuwe maatregelen in dit plan, "
        "ten opzichte van de 0-meting.",
        "The problems from the safety analysis, ordered by weight (severity times harm "
        "weight). The expected reduction is that of the new measures in this plan, relative "
        "to the baseline measurement.",
    ),
    "intro.goals": (
        "Per probleem een meetbaar doel, afgeleid uit de verwachte afname en niet preciezer dan "
        "de cijfers toelaten. Een doel 'hoogstens N' is naar boven afgerond (op een heel "
        "getal, vanaf 50 op 5, vanaf 200 op 10), zodat het haalbaar is als de maatregelen het "
        "verwachte effect hebben; een enquêtedoel is naar beneden afgerond op 5 procentpunt. "
        "Minder dan 5 incidenten per jaar is te weinig voor een doel in getallen: dat doel "
        "staat in woorden. De indicator zegt hoe het doel bij de 1-meting wordt gemeten.",
        "One measurable goal per problem, derived from the expected reduction and no more "
        "precise than the figures allow. An 'at most N' target is rounded up (to a whole "
        "number, from 50 to 5, from 200 to 10), so the goal is met when the measures have "
        "their expected effect; a survey goal is rounded down to 5 percentage points. Fewer "
        "than 5 incidents a year is too few for a goal in numbers: that goal is said in words. "
        "The indicator says how the goal is measured at the follow-up measurement.",
    ),
    "intro.matrix": (
        "Elke maatregel met de problemen die hij aanpakt, wie hem trekt en wie betaalt, de "
        "fase, de planning en de kosten. De realisatiedatum volgt uit de doorlooptijd.",
        "Each measure with the problems it addresses, who leads it and who pays, its phase, "
        "the schedule and the costs. The realisation date follows from the lead time.",
    ),
    "intro.budget": (
        "De eenmalige kosten van een maatregel vallen in het plan-jaar waarin hij start; de "
        "jaarlijkse kosten in elk plan-jaar. Per betaler staat wat hij draagt naast zijn budget.",
        "A measure's one-off costs fall in the plan year in which it starts; the yearly costs "
        "in every plan year. Per payer: what it carries, next to its budget.",
    ),
    "intro.alternatives": (
        "Andere pakketten die de optimalisatie heeft doorgerekend:",
        "Other packages the optimiser worked out:",
    ),
    "intro.not_chosen": (
        "Maatregelen die wel in beeld waren maar niet in het plan staan, en waarom:",
        "Measures that were considered but are not in the plan, and why:",
    ),
    "intro.evaluation": (
        "De 0-meting is de veiligheidsanalyse waarop dit plan rust. De werkgroep volgt de "
        "uitvoering en meet vóór de hercertificering opnieuw (de 1-meting), met dezelfde "
        "bronnen als de 0-meting, zodat elk doel met zijn indicator kan worden beoordeeld.",
        "The baseline measurement is the safety analysis this plan rests on. The working group "
        "follows the execution and measures again before the recertification (the follow-up "
        "measurement), with the same sources as the baseline, so that each goal can be judged "
        "by its indicator.",
    ),
    # --- area ----------------------------------------------------------------------------------
    "area.name": ("Gebied", "Area"),
    "area.kind": ("Soort", "Kind"),
    "area.municipality": ("Gemeente", "Municipality"),
    "area.businesses": ("Bedrijven", "Businesses"),
    "area.hectares": ("Oppervlakte (ha)", "Area (ha)"),
    "area.entrances": ("Toegangswegen", "Access roads"),
    "area.farms": ("Waarvan agrarische bedrijven", "Of which farms"),
    "area.dark_spots": (
        "Donkere plekken of defecte lantaarnpalen (schouw)",
        "Dark spots or defective lamp posts (walk-through)",
    ),
    "area.vacant_units": ("Lege bedrijfspanden", "Empty business units"),
    "area.rear_alleys": ("Achterpaden", "Rear alleys"),
    "area.unmonitored_alarms": (
        "Bedrijven met een alarm zonder doormelding",
        "Businesses with an alarm that does not report",
    ),
    "area.existing": ("Maatregelen die er al zijn", "Measures already in place"),
    "area.none": ("geen", "none"),
    "area.budget": ("Budget voor nieuwe maatregelen", "Budget for new measures"),
    "area.budget_value": (
        "eenmalig {one_off}, per jaar {yearly}",
        "one-off {one_off}, yearly {yearly}",
    ),
    "area.no_budget": (
        "niet opgegeven; het plan kiest het pakket op de knik van de kosten-batencurve",
        "not given; the plan takes the package at the knee of the cost-benefit curve",
    ),
    "area.unknown": ("onbekend", "unknown"),
    "area.partnership": (
        "Het plan is opgesteld voor {n} geanalyseerde problemen en kiest {m} nieuwe maatregelen.",
        "The plan covers {n} analysed problems and chooses {m} new measures.",
    ),
    # --- problems ------------------------------------------------------------------------------
    "col.rank": ("#", "#"),
    "col.problem": ("Probleem", "Problem"),
    "col.weight": ("Gewicht", "Weight"),
    "col.severity": ("Ernst (1-5)", "Severity (1-5)"),
    "col.incidents": ("Incidenten per jaar", "Incidents per year"),
    "col.trend": ("Trend", "Trend"),
    "col.times": ("Wanneer", "When"),
    "col.note": ("Toelichting", "Note"),
    "col.reduction": ("Verwachte afname", "Expected reduction"),
    "col.expected": ("Verwacht", "Expected"),
    "trend.falling": ("dalend", "falling"),
    "trend.stable": ("stabiel", "stable"),
    "trend.rising": ("stijgend", "rising"),
    "time.day": ("overdag", "day"),
    "time.evening": ("'s avonds", "evening"),
    "time.night": ("'s nachts", "night"),
    "time.weekend": ("weekend", "weekend"),
    # --- goals -----------------------------------------------------------------------------
    "col.goal": ("Doel", "Goal"),
    "col.indicator": ("Indicator", "Indicator"),
    "col.deadline": ("Uiterlijk", "Deadline"),
    "col.by_measures": ("Met maatregelen", "Through measures"),
    "goal.incidents": (
        "{problem}: van {baseline} naar hoogstens {target} per jaar voor {deadline}",
        "{problem}: from {baseline} to at most {target} a year by {deadline}",
    ),
    "goal.incidents_hold": (
        "{problem}: niet meer dan {baseline} per jaar voor {deadline} (verwachte afname "
        "{pct}, te klein voor een lager heel getal)",
        "{problem}: no more than {baseline} a year by {deadline} (expected reduction {pct}, "
        "too small for a lower whole number)",
    ),
    "goal.survey": (
        "{problem}: bij de 1-meting minstens {pct} lager dan bij de 0-meting, voor {deadline}",
        "{problem}: at least {pct} lower at the follow-up measurement than at the baseline, "
        "by {deadline}",
    ),
    "goal.severity": (
        "{problem}: ernst van {baseline} naar hoogstens {target} (schaal 1-5) voor {deadline}",
        "{problem}: severity from {baseline} to at most {target} (scale 1-5) by {deadline}",
    ),
    "goal.severity_hold": (
        "{problem}: ernst niet hoger dan {baseline} (schaal 1-5) en de indicator minstens {pct} "
        "lager dan bij de 0-meting, voor {deadline}",
        "{problem}: severity no higher than {baseline} (scale 1-5) and the indicator at least "
        "{pct} lower than at the baseline, by {deadline}",
    ),
    "goal.unaddressed": (
        "{problem}: geen nieuwe maatregel in dit plan pakt dit aan; doel: niet erger dan bij de "
        "0-meting (ernst hoogstens {baseline}), gevolgd tot {deadline}",
        "{problem}: no new measure in this plan addresses it; goal: no worse than at the "
        "baseline (severity at most {baseline}), monitored until {deadline}",
    ),
    "goal.unaddressed_incidents": (
        "{problem}: geen nieuwe maatregel in dit plan pakt dit aan; doel: niet meer dan "
        "{baseline} per jaar, gevolgd tot {deadline}",
        "{problem}: no new measure in this plan addresses it; goal: no more than {baseline} a "
        "year, monitored until {deadline}",
    ),
    "goal.expected": (
        "Verwacht: {expected} per jaar ({pct} minder)",
        "Expected: {expected} a year ({pct} fewer)",
    ),
    "goal.expected_pct": ("Verwachte afname: {pct}", "Expected reduction: {pct}"),
    "goal.expected_value": (
        "{expected} per jaar ({pct} minder)",
        "{expected} a year ({pct} fewer)",
    ),
    # --- matrix ------------------------------------------------------------------------------
    "col.measure": ("Maatregel", "Measure"),
    "col.addresses": ("Pakt aan", "Addresses"),
    "col.owner": ("Trekker", "Owner"),
    "col.after": ("Start na", "Starts after"),
    "col.lead": ("Trekker", "Lead"),
    "col.start": ("Start", "Start"),
    "col.realisation": ("Realisatie", "Realisation"),
    "col.lead_time": ("Doorlooptijd (mnd)", "Lead time (months)"),
    "col.one_off": ("Eenmalig (€)", "One-off (€)"),
    "col.yearly": ("Per jaar (€)", "Yearly (€)"),
    "col.status": ("Status", "Status"),
    "col.id": ("Id", "Id"),
    "col.category": ("Soort (OBE)", "Kind (OBE)"),
    "col.total": ("Totaal", "Total"),
    "status.planned": ("gepland", "planned"),
    "status.in_progress": ("in uitvoering", "in progress"),
    "status.realised": ("gerealiseerd", "realised"),
    "status.cancelled": ("vervallen", "cancelled"),
    "timeline.title": ("Planning", "Schedule"),
    "timeline.year": ("jaar {n}", "year {n}"),
    "timeline.one_meting": ("1-meting", "follow-up measurement"),
    # --- owners and categories ---------------------------------------------------------------
    "owner.entrepreneurs": ("ondernemers", "entrepreneurs"),
    "owner.municipality": ("gemeente", "municipality"),
    "owner.police": ("politie", "police"),
    "owner.fire_brigade": ("brandweer", "fire brigade"),
    "owner.park_management": ("park- of centrummanagement", "park or centre management"),
    "owner.shared": ("partners samen", "partners jointly"),
    "owner.collective": (
        "collectief (parkmanagement, BIZ)",
        "the collective (park management, BIZ)",
    ),
    "owner.businesses": ("ondernemers zelf", "businesses themselves"),
    "owner.property_owners": ("vastgoedeigenaren", "property owners"),
    "owner.third_party": ("derden", "third parties"),
    "col.payer": ("Betaler", "Payer"),
    "col.hours": ("Uren per jaar", "Hours a year"),
    "col.payer_budget": ("Budget", "Budget"),
    "budget.per_payer": ("Per betaler", "Per payer"),
    "budget.per_business_short": ("per bedrijf", "per business"),
    "budget.no_cap": ("geen eigen grens", "no cap of its own"),
    "category.organisational": ("organisatorisch", "organisational"),
    "category.physical": ("bouwkundig", "physical"),
    "category.electronic": ("elektronisch", "electronic"),
    # --- measures explained ------------------------------------------------------------------
    "measure.why": ("Waarom", "Why"),
    "measure.facts": (
        "Trekker: {owner}; betaald door: {payer}. Start {start}, gerealiseerd {realisation}. "
        "Eenmalig {one_off}, per jaar {yearly}.",
        "Lead: {owner}; paid by: {payer}. Starts {start}, realised {realisation}. One-off "
        "{one_off}, yearly {yearly}.",
    ),
    "measure.after": ("Start na realisatie van: {names}.", "Starts after: {names}."),
    # --- budget ------------------------------------------------------------------------------
    "budget.totals": ("Totalen", "Totals"),
    "budget.item": ("Post", "Item"),
    "budget.amount": ("Bedrag (€)", "Amount (€)"),
    "budget.one_off": ("Eenmalige kosten", "One-off costs"),
    "budget.yearly": ("Jaarlijkse kosten", "Yearly costs"),
    "budget.horizon": ("Totaal over {years} jaar", "Total over {years} years"),
    "budget.per_business": (
        "Per bedrijf per jaar (alle kosten)",
        "Per business per year (all costs)",
    ),
    "budget.per_business_entrepreneurs": (
        "Per bedrijf per jaar (deel ondernemers)",
        "Per business per year (entrepreneurs' share)",
    ),
    "budget.given": ("Beschikbaar budget", "Available budget"),
    "budget.fits": (
        "Het plan past binnen het opgegeven budget.",
        "The plan fits the budget given.",
    ),
    "budget.exceeds": (
        "Het plan past niet binnen het opgegeven budget.",
        "The plan does not fit the budget given.",
    ),
    "budget.none": (
        "Er is geen budget opgegeven: de werkgroep moet de financiering nog regelen.",
        "No budget was given: the working group still has to arrange the funding.",
    ),
    "budget.per_owner": ("Per trekker", "Per owner"),
    "budget.per_year": ("Per jaar", "Per year"),
    "col.year": ("Jaar", "Year"),
    "col.period": ("Periode", "Period"),
    "col.horizon": ("Hele looptijd (€)", "Whole period (€)"),
    "col.share": ("Aandeel", "Share"),
    "budget.period_value": ("{start} t/m {end}", "{start} to {end}"),
    # --- considered --------------------------------------------------------------------------
    "col.package": ("Pakket", "Package"),
    "col.measures": ("Maatregelen", "Measures"),
    "col.benefit": ("Baat t.o.v. plan", "Benefit vs. plan"),
    "col.difference": ("Verschil met het plan", "Difference from the plan"),
    "col.reason": ("Waarom niet", "Why not"),
    "package.recommended": ("Dit plan", "This plan"),
    "package.basic": ("Basispakket", "Basic package"),
    "package.ambitious": ("Ambitieus pakket", "Ambitious package"),
    "diff.added": ("extra: {names}", "adds: {names}"),
    "diff.dropped": ("zonder: {names}", "drops: {names}"),
    "diff.none": ("dezelfde maatregelen", "the same measures"),
    "considered.none": (
        "Er waren geen andere maatregelen in beeld.",
        "No other measures were considered.",
    ),
    "considered.excluded": (
        "Uitgesloten voor dit gebied: {reason}",
        "Ruled out for this area: {reason}",
    ),
    "considered.supporting": (
        "Ondersteunende maatregel zonder eigen effect op de geanalyseerde problemen; hij komt "
        "in het plan als een gekozen maatregel hem nodig heeft of de werkgroep hem wil.",
        "A supporting measure with no effect of its own on the analysed problems; it enters "
        "the plan when a chosen measure needs it or the working group wants it.",
    ),
    "considered.status.candidate": ("kandidaat", "candidate"),
    "considered.status.excluded": ("uitgesloten", "excluded"),
    "optimal.yes": (
        "Het gekozen pakket is bewezen optimaal.",
        "The chosen package is proved optimal.",
    ),
    "optimal.no": (
        "Het gekozen pakket is niet bewezen optimaal (marge {gap}).",
        "The chosen package is not proved optimal (gap {gap}).",
    ),
    # --- evaluation --------------------------------------------------------------------------
    "eval.when": ("Wanneer", "When"),
    "eval.what": ("Wat", "What"),
    "eval.meetings": (
        "Werkgroepoverleg, minstens elk kwartaal",
        "Working-group meeting, at least every quarter",
    ),
    "eval.meetings_what": (
        "Voortgang van de maatregelenmatrix bijwerken (status gepland, in uitvoering, "
        "gerealiseerd); incidenten en meldingen bespreken.",
        "Update the measures matrix (status planned, in progress, realised); discuss "
        "incidents and reports.",
    ),
    "eval.review": ("Jaarlijkse voortgangsrapportage", "Yearly progress report"),
    "eval.review_what": (
        "Terugblik op het plan-jaar: wat is gerealiseerd, wat kostte het, en een schouw "
        "(overdag en in het donker).",
        "Looking back on the plan year: what was realised, what it cost, and a walk-through "
        "inspection (by day and in the dark).",
    ),
    "eval.one_meting": ("1-meting", "Follow-up measurement"),
    "eval.one_meting_what": (
        "Dezelfde bronnen als de 0-meting: de ondernemersenquête opnieuw, politie- en "
        "brandweercijfers over de laatste 12 maanden, en een schouw. Elk doel wordt met zijn "
        "indicator beoordeeld.",
        "The same sources as the baseline: the business survey again, police and fire-brigade "
        "figures over the last 12 months, and a walk-through inspection. Each goal is judged "
        "by its indicator.",
    ),
    "eval.recert": ("Hercertificering", "Recertification"),
    "eval.recert_what": (
        "Audit door de certificerende instelling: de stukken, de afspraken en de uitgevoerde "
        "acties. Het certificaat is {years} jaar geldig; de resultaten van de 1-meting vormen "
        "de basis van het vernieuwde plan van aanpak.",
        "Audit by the certification body: the documents, the agreements and the actions taken. "
        "The certificate is valid for {years} years; the results of the follow-up measurement "
        "are the basis of the renewed plan of action.",
    ),
    "eval.sources": ("Meetbronnen per probleem", "Sources per problem"),
    "col.source": ("Bron", "Source"),
    "source.police": ("politiecijfers", "police figures"),
    "source.survey": ("ondernemersenquête", "business survey"),
    "source.schouw": ("schouw", "walk-through inspection"),
    "source.fire_brigade": ("brandweercijfers", "fire-brigade figures"),
    "source.municipality": ("gemeentelijke registraties", "municipal records"),
    "source.other": ("overige bronnen", "other sources"),
    # --- notes (warnings) --------------------------------------------------------------------
    "notes.assumptions": ("Aannames", "Assumptions"),
    "notes.attention": ("Aandachtspunten", "Points of attention"),
    "warn.after_meting": (
        "{measure} wordt pas gerealiseerd op {date}, na de 1-meting van {meting}: het effect "
        "is dan nog niet te meten.",
        "{measure} is only realised on {date}, after the follow-up measurement of {meting}: "
        "its effect cannot be measured yet.",
    ),
    "warn.short_effect": (
        "{measure} wordt gerealiseerd op {date}, minder dan een jaar vóór de 1-meting van "
        "{meting}: het effect telt maar een deel van het jaar mee.",
        "{measure} is realised on {date}, less than a year before the follow-up measurement "
        "of {meting}: its effect counts for part of the year only.",
    ),
    "warn.horizon_longer": (
        "De kosten zijn over {years} jaar gerekend, langer dan het certificaat ({cert} jaar): "
        "bij de hercertificering wordt het plan vernieuwd en de latere jaren opnieuw begroot.",
        "Costs are counted over {years} years, longer than the certificate ({cert} years): "
        "the plan is renewed at recertification and the later years budgeted again.",
    ),
    "warn.horizon_shorter": (
        "De kosten zijn over {years} jaar gerekend, korter dan het certificaat ({cert} jaar): "
        "begroot ook de jaarlijkse kosten tot de hercertificering.",
        "Costs are counted over {years} years, shorter than the certificate ({cert} years): "
        "budget the yearly costs up to the recertification too.",
    ),
    "warn.not_optimal": (
        "De optimalisatie kon niet bewijzen dat dit het beste pakket is (marge {gap}).",
        "The optimiser could not prove this is the best package (gap {gap}).",
    ),
    "warn.over_budget": (
        "Het plan gaat boven het opgegeven budget uit.",
        "The plan exceeds the budget given.",
    ),
    "warn.no_budget": (
        "Er is geen budget opgegeven; de werkgroep moet de financiering van de eenmalige en "
        "jaarlijkse kosten nog regelen (bijvoorbeeld via een BIZ of ondernemersfonds).",
        "No budget was given; the working group still has to fund the one-off and yearly "
        "costs (for example through a business improvement district or fund).",
    ),
    "notes.no_assumptions": ("Geen aannames nodig.", "No assumptions were needed."),
    "notes.no_warnings": ("Geen bijzonderheden.", "Nothing to note."),
    # --- CSV matrix header (same columns as the matrix) --------------------------------------
    "csv.addresses": ("Pakt aan", "Addresses"),
}


WORDS.update(CHAPTER_WORDS)

_TABLE = WordTable(WORDS)
word = _TABLE.word
text = _TABLE.text
