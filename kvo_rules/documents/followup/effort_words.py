"""The evaluation's words for effort indicators and the source list, in Dutch and English;
merged into :data:`kvo_rules.documents.followup.texts.WORDS`."""

from __future__ import annotations

__all__ = ["EFFORT_WORDS"]

EFFORT_WORDS: dict[str, tuple[str, str]] = {
    "sec.effort": ("Inspanning per maatregel", "Effort per measure"),
    "intro.effort": (
        "KVO weegt de inspanning even zwaar als het resultaat. Per maatregel de "
        "inspanningsindicator uit het plan, het doel en wat de 1-meting telde.",
        "KVO weighs effort as much as results. Per measure the effort indicator of the plan, "
        "its target and what the follow-up counted.",
    ),
    "col.effort": ("Inspanningsindicator", "Effort indicator"),
    "col.effort_target": ("Doel", "Target"),
    "col.effort_measured": ("Gemeten", "Measured"),
    "col.effort_reached": ("Gehaald", "Reached"),
    "effort.on_time": ("op tijd gerealiseerd", "realised on time"),
    "effort.reached": ("ja", "yes"),
    "effort.not_reached": ("nee", "no"),
    "effort.not_reported": ("niet gemeld", "not reported"),
    "effort.none": (
        "Het plan noemt geen inspanningsindicatoren (een plan van vóór deze versie).",
        "The plan names no effort indicators (a plan from before this version).",
    ),
    "sec.references": ("Bronnen", "References"),
    "intro.references": (
        "De bronnen waarnaar het plan van aanpak verwijst; een nummer tussen vierkante "
        "haken in de tekst verwijst naar de bron met dat nummer.",
        "The sources the plan of action cites; a number in square brackets "
        "in the text refers to the source with that number.",
    ),
    "references.unknown": (
        "{source} (staat niet in de bronnenlijst van de catalogus)",
        "{source} (not in the catalogue's source list)",
    ),
    "references.none": (
        "Het plan verwijst naar geen bronnen.",
        "The plan cites no sources.",
    ),
}
