"""The words of the plan's newer chapters (partnership, analysis, fire safety, communication and
privacy, phasing, effort, references), in Dutch and English; merged into
:data:`kvo_rules.documents.plan.texts.WORDS`."""

from __future__ import annotations

__all__ = ["CHAPTER_WORDS"]

CHAPTER_WORDS: dict[str, tuple[str, str]] = {
    # --- section titles ----------------------------------------------------------------------
    "sec.partnership": ("Samenwerkingsverband", "The partnership"),
    "sec.analysis": ("Veiligheidsanalyse", "The safety analysis"),
    "sec.fire": ("Brandveiligheid en brandweer", "Fire safety and the fire brigade"),
    "sec.communication": ("Communicatie en privacy", "Communication and privacy"),
    "sec.references": ("Bronnen", "References"),
    "doc.page": ("pagina", "page"),
    # --- partnership -------------------------------------------------------------------------
    "partner.name": ("Partner", "Partner"),
    "partner.party": ("Partij", "Party"),
    "partner.role": ("Rol", "Role"),
    "partner.contact": ("Contactpersoon", "Contact person"),
    "partner.covenant": ("Convenant", "Covenant"),
    "partner.working_group": ("Werkgroep", "Working group"),
    "partner.yes": ("ja", "yes"),
    "partner.no": ("nee", "no"),
    "partnership.covenant_date": ("Convenant getekend op", "Covenant signed on"),
    "partnership.working_group": ("Werkgroep", "Working group"),
    "ask.title": (
        "Wat de certificerende instelling nog zal vragen",
        "What the certification body will still ask for",
    ),
    "ask.none": (
        "Het profiel geeft wat de auditor hier zoekt.",
        "The profile gives what the auditor looks for here.",
    ),
    "ask.partnership_measure": (
        "Het samenwerkingsverband en het convenant staan nog niet als bestaande maatregel in "
        "het profiel: zij zijn de voorwaarde voor het keurmerk, geen keuze van dit plan. Richt "
        "het samenwerkingsverband op en teken het convenant vóór de certificering.",
        "The partnership and the covenant are not yet in the profile as a measure in place: "
        "they are the condition of the certificate, not a choice of this plan. Set up the "
        "partnership and sign the covenant before the certification.",
    ),
    "ask.partnership": (
        "De partners van het convenant (minstens gemeente, politie, brandweer en de "
        "ondernemers), hun rol en contactpersoon, de datum van het convenant en de werkgroep: "
        "het profiel noemt ze niet (zet ze onder 'partnership').",
        "The partners of the covenant (at least the municipality, the police, the fire brigade "
        "and the businesses), their role and contact person, the date of the covenant and the "
        "working group: the profile does not name them (give them under 'partnership').",
    ),
    "ask.partner": (
        "{party} als partner van het convenant: die ontbreekt in de lijst van partners.",
        "The {party} as a partner of the covenant: it is missing from the partners.",
    ),
    "ask.covenant": ("De datum van het getekende convenant.", "The date of the signed covenant."),
    "ask.working_group": (
        "Wie in de werkgroep zit en hoe vaak die vergadert.",
        "Who sits in the working group and how often it meets.",
    ),
    "ask.contacts": (
        "Een contactpersoon voor: {names}.",
        "A contact person for: {names}.",
    ),
    "party.municipality": ("gemeente", "municipality"),
    "party.police": ("politie", "police"),
    "party.fire_brigade": ("brandweer", "fire brigade"),
    "party.businesses": ("ondernemers", "businesses"),
    "party.collective": ("collectief van ondernemers", "businesses' collective"),
    "party.property_owners": ("vastgoedeigenaren", "property owners"),
    "party.third_party": ("derde partij", "third party"),
    # --- analysis ----------------------------------------------------------------------------
    "analysis.sources": ("Gebruikte bronnen", "Sources used"),
    "analysis.survey": ("Ondernemersenquête", "Business survey"),
    "analysis.survey_value": (
        "{responded} van {invited} bedrijven antwoordden ({pct})",
        "{responded} of {invited} businesses answered ({pct})",
    ),
    "analysis.walkthroughs": ("Schouwen", "Walk-throughs"),
    "analysis.police": ("Politiecijfers over", "Police figures over"),
    "analysis.fire": ("Brandweercijfers over", "Fire-brigade figures over"),
    "analysis.period": ("{start} tot en met {end}", "{start} to {end}"),
    "analysis.note": ("Toelichting", "Note"),
    "ask.analysis": (
        "Hoe de veiligheidsanalyse is gemaakt: de gebruikte bronnen, de respons op de "
        "ondernemersenquête, de data van de schouwen (overdag en in het donker) en de periode "
        "van de politie- en brandweercijfers (zet ze onder 'analysis').",
        "How the safety analysis was made: the sources used, the response to the business "
        "survey, the dates of the walk-throughs (by day and in the dark) and the period of the "
        "police and fire-brigade figures (give them under 'analysis').",
    ),
    "ask.police_period": (
        "De periode waarover de politiecijfers gaan.",
        "The period the police figures cover.",
    ),
    "ask.survey": (
        "De ondernemersenquête: hoeveel bedrijven zijn gevraagd en hoeveel antwoordden.",
        "The business survey: how many businesses were asked and how many answered.",
    ),
    "ask.walkthroughs": (
        "De data van de schouwen, een overdag en een in het donker.",
        "The dates of the walk-throughs, one by day and one in the dark.",
    ),
    "ask.fire_figures": (
        "De brandweercijfers (branden, loze meldingen) en de periode waarover ze gaan.",
        "The fire brigade's figures (fires, false alarms) and the period they cover.",
    ),
    # --- fire safety -------------------------------------------------------------------------
    "fire.contribution": (
        "De brandweer is partner van het KVO: zij adviseert over brandpreventie, loopt mee "
        "met de schouw (bereikbaarheid, bluswater, buitenopslag) en levert haar cijfers voor "
        "de 0- en de 1-meting.",
        "The fire brigade is a partner of the KVO: it advises on fire prevention, joins the "
        "walk-throughs (access, fire water, outside storage) and brings its figures to the "
        "baseline and the follow-up measurement.",
    ),
    "fire.access_in_plan": (
        "De bereikbaarheid voor hulpdiensten wordt in dit plan geregeldhulpdiensten).",
        "Access for the emergency services is arranged in this plan (Emergency access).",
    ),
    "fire.access_in_place": (
        "De bereikbaarheid voor hulpdiensten is al geregeld; de schouw controleert haar elk jaar.",
        "Access for the emergency services is already arranged; the walk-through checks it "
        "every year.",
    ),
    "fire.access_check": (
        "Geen maatregel van dit plan sluit een weg af; de schouw controleert elk jaar dat "
        "toegangswegen, poorten en brandkranen vrij en bereikbaar blijven.",
        "No measure of this plan closes a road; the walk-through checks every year that "
        "access roads, gates and hydrants stay free and reachable.",
    ),
    "fire.measures": (
        "Brandmaatregelen in dit plan: {names}.",
        "Fire measures in this plan: {names}.",
    ),
    "fire.unaddressed": (
        "De analyse vond {problems}, maar geen nieuwe maatregel van dit plan pakt dit aan; "
        "bespreek met de brandweer wat wel kan.",
        "The analysis found {problems}, but no new measure of this plan addresses it; discuss "
        "with the fire brigade what can be done.",
    ),
    "fire.none": (
        "Er is geen brandmaatregel gekozen: de analyse vond geen brandprobleem (brandstichting, "
        "brandveiligheid). De brandweercijfers horen bij de 1-meting; tonen die branden, dan "
        "neemt de werkgroep brandmaatregelen op.",
        "No fire measure is chosen: the analysis found no fire problem (arson, fire safety). "
        "The fire brigade's figures are part of the follow-up measurement; when they show "
        "fires, the working group adds fire measures.",
    ),
    # --- communication and privacy ------------------------------------------------------------
    "comm.participants": (
        "De deelnemers horen na elk werkgroepoverleg wat besloten en gedaan is (nieuwsbrief, "
        "bijeenkomst of de alertgroep); het plan, de voortgang en de evaluatie gaan naar alle "
        "bedrijven in het gebied.",
        "Participants hear after each working-group meeting what was decided and done "
        "(newsletter, meeting or the alert group); the plan, its progress and the evaluation "
        "go to every business in the area.",
    ),
    "comm.public": (
        "Het publiek wordt geïnformeerd waar maatregelen zichtbaar zijn in de openbare ruimte "
        "(camera's met borden, surveillance, verlichting), via de kanalen van de gemeente.",
        "The public is informed where measures are visible in public space (cameras with "
        "signs, patrols, lighting), through the municipality's channels.",
    ),
    "privacy.legal_step": (
        "{measure}: {reason} Nodige stap: {steps}.",
        "{measure}: {reason} Step needed: {steps}.",
    ),
    "privacy.steps_in_plan": (
        "De juridische en privacystappen staan als eigen maatregel in de matrix: {names}.",
        "The legal and privacy steps are measures of their own in the matrix: {names}.",
    ),
    "privacy.personal_data": (
        "Persoonsgegevens van deelnemers (namen, telefoonnummers, beelden of meldingen) worden "
        "verwerkt door: {names}. Leg vast wie ze beheert, met welk doel en hoe lang ze bewaard "
        "worden, en vraag deelnemers om toestemming (AVG).",
        "Personal data of participants (names, phone numbers, images or reports) are "
        "processed by: {names}. Record who keeps them, for what purpose and for how long, and "
        "ask participants for consent (GDPR).",
    ),
    "privacy.none": (
        "Geen maatregel van dit plan verwerkt persoonsgegevens buiten de gewone administratie "
        "van de partners.",
        "No measure of this plan processes personal data beyond the partners' ordinary records.",
    ),
    # --- honest goals ------------------------------------------------------------------------
    "goal.small_count": (
        "{problem}: niet meer dan nu ({baseline} per jaar) voor {deadline}; te weinig voor een "
        "doel in getallen, dus de werkgroep bespreekt elk incident en wat eraan gedaan is",
        "{problem}: no more than now ({baseline} a year) by {deadline}; too few for a goal in "
        "numbers, so the working group discusses every incident and what was done about it",
    ),
    "goal.recording_note": (
        "{measures} maakt aangifte makkelijker: de geregistreerde cijfers kunnen eerst stijgen "
        "zonder dat het probleem groeit; beoordeel dit doel ook met de enquête.",
        "{measures} makes reporting easier: the recorded figures may rise at first without the "
        "problem growing; judge this goal with the survey too.",
    ),
    "col.goal_note": ("Let op", "Note"),
    # --- effort ------------------------------------------------------------------------------
    "col.effort": ("Inspanningsindicator", "Effort indicator"),
    "effort.title": ("Inspanningsindicatoren", "Effort indicators"),
    "effort.intro": (
        "KVO weegt de inspanning even zwaar als het resultaat: per maatregel telt de werkgroep "
        "wat er is gedaan, naast de doelen per probleem.",
        "KVO weighs effort as much as results: for each measure the working group counts what "
        "was done, besides the goals per problem.",
    ),
    "effort.participation": (
        "aandeel deelnemende bedrijven",
        "share of businesses taking part",
    ),
    "effort.participation_target": (
        "minstens {pct} van de bedrijven doet mee",
        "at least {pct} of the businesses take part",
    ),
    "effort.hours": (
        "uren per jaar van de {party} in het gebied",
        "hours a year of the {party} in the area",
    ),
    "effort.hours_target": (
        "minstens {hours} uur per jaar van de {party}",
        "at least {hours} hours a year of the {party}",
    ),
    "effort.units": (
        "aantal gerealiseerd, geteld in: {unit}",
        "number in place, counted in: {unit}",
    ),
    "effort.units_target": ("minstens {n} (eenheid: {unit})", "at least {n} (unit: {unit})"),
    "effort.realised": (
        "gerealiseerd op de geplande datum en besproken in elk werkgroepoverleg",
        "realised by the planned date and reported at every working-group meeting",
    ),
    "effort.realised_target": (
        "gerealiseerd op de geplande datum",
        "realised by the planned date",
    ),
    # --- phasing -----------------------------------------------------------------------------
    "col.phase": ("Fase", "Phase"),
    "phase.quick_win": ("1. snel resultaat", "1. quick win"),
    "phase.preparation": ("2. voorbereiding en besluiten", "2. preparation and decisions"),
    "phase.investment": ("3. grote investering", "3. large investment"),
    "phase.intro": (
        "Het plan begint met snelle resultaten: goedkope maatregelen die binnen {months} "
        "maanden staan. Maatregelen met een langere doorlooptijd, een vergunning of een "
        "juridische stap volgen hun doorlooptijd; een maatregel die op een andere wacht, start "
        "als die gerealiseerd is. Grote investeringen (vanaf {large} eenmalig) worden over de "
        "plan-jaren gespreid, zolang ze een jaar vóór de 1-meting staan.",
        "The plan starts with quick wins: cheap measures in place within {months} months. "
        "Measures with a longer lead time, a permit or a legal step follow their lead time; a "
        "measure that waits for another starts when that one is realised. Large investments "
        "(from {large} one-off) are spread over the plan years, as long as they are in place a "
        "year before the follow-up measurement.",
    ),
    "matrix.after": ("na: {names}", "after: {names}"),
    "matrix.year": ("vanaf jaar {n}", "from year {n}"),
    # --- references --------------------------------------------------------------------------
    "intro.references": (
        "De bronnen waarnaar de teksten van dit plan verwijzen; een nummer tussen vierkante "
        "haken in de tekst verwijst naar de bron met dat nummer.",
        "The sources the texts of this plan cite; a number in square brackets "
        "in the text refers to the source with that number.",
    ),
    "references.unknown": (
        "{source} (staat niet in de bronnenlijst van de catalogus)",
        "{source} (not in the catalogue's source list)",
    ),
    "references.none": (
        "De teksten van dit plan verwijzen naar geen bronnen.",
        "The texts of this plan cite no sources.",
    ),
}
