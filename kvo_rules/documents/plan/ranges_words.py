"""The words of the plan's ranges and value of information (``plan --samples``), nl and en.

Kept beside :mod:`.texts` (the plan's other words) because they belong to one optional part
of the plan, built by :mod:`.ranges`.
"""

from __future__ import annotations

from ...core.words import WordTable

__all__ = ["RANGE_WORDS", "range_text"]

RANGE_WORDS: dict[str, tuple[str, str]] = {
    # key: (nl, en)
    "heading": ("Hoe zeker de verwachtingen zijn", "How sure the expectations are"),
    "intro": (
        "De verwachtingen bij de doelen zijn puntschattingen; veel effecten komen uit andere "
        "gebieden of uit de praktijk. kvo-rules heeft het plan daarom {samples} keer "
        "doorgerekend, elke keer met effecten (en kosten) getrokken uit wat het bewijs "
        "toelaat (seed {seed}). Een bandbreedte als ‘26 → 14–19 per jaar’ betekent: in 8 van "
        "de 10 doorrekeningen blijven er na de maatregelen tussen 14 en 19 per jaar over; in 1 "
        "van de 10 minder, in 1 van de 10 meer. De doelen zelf blijven zoals ze zijn; de "
        "bandbreedte zegt hoeveel meevallers en tegenvallers de werkgroep mag verwachten.",
        "The expectations in the goals are point estimates; many effects come from other areas "
        "or from practice. kvo-rules therefore worked the plan out {samples} times, each time "
        "with effects (and costs) drawn from what the evidence allows (seed {seed}). A range "
        "such as ‘26 → 14–19 a year’ means: in 8 of 10 runs between 14 and 19 a year remain "
        "after the measures; in 1 of 10 fewer, in 1 of 10 more. The goals themselves stay as "
        "they are; the range says how much better or worse the working group may find it.",
    ),
    "incidents": (
        "Bandbreedte: {baseline} → {low}–{high} per jaar (8 van de 10 doorrekeningen)",
        "Range: {baseline} → {low}–{high} a year (8 in 10 runs)",
    ),
    "reduction": (
        "Bandbreedte van de afname: {low}–{high} (8 van de 10 doorrekeningen)",
        "Range of the reduction: {low}–{high} (8 in 10 runs)",
    ),
    "robust.adds": ("neemt ook {names} op", "also takes {names}"),
    "robust.drops": ("laat {names} weg", "leaves out {names}"),
    "robust": (
        "Het pakket dat het best standhoudt als de effecten tegenvallen, wijkt af van dit plan: "
        "het {change}. {driver}",
        "The package that holds up best when the effects disappoint differs from this plan: "
        "it {change}. {driver}",
    ),
    "robust.same": (
        "Dit plan is ook het pakket dat het best standhoudt als de effecten tegenvallen.",
        "This plan is also the package that holds up best when the effects disappoint.",
    ),
    "no_driver": (
        "Geen enkel onzeker effect verklaart dat op zichzelf.",
        "No single uncertain effect explains that on its own.",
    ),
    "voi": (
        "Een lokale meting van het effect van {measure} op {problem} (nu tussen {low} en "
        "{high}) zou de keuze beslechten: valt het laag uit, dan is {if_low} meestal het "
        "beste; valt het hoog uit, {if_high}.",
        "A local measurement of the effect of {measure} on {problem} (now between {low} and "
        "{high}) would settle the choice: if it turns out low, {if_low} is usually best; if "
        "high, {if_high}.",
    ),
    "voi.none": (
        "Geen enkel onzeker effect verandert de keuze van het pakket merkbaar: een lokale meting "
        "zou het plan niet veranderen.",
        "No single uncertain effect changes the choice of package noticeably: a local "
        "measurement would not change the plan.",
    ),
    "package.this": ("het pakket van dit plan", "this plan's package"),
    "package.with": ("het pakket met {names}", "the package with {names}"),
    "package.without": ("het pakket zonder {names}", "the package without {names}"),
    "package.with_without": (
        "het pakket met {names}, zonder {other}",
        "the package with {names}, without {other}",
    ),
    "and": ("en", "and"),
}

range_text = WordTable(RANGE_WORDS).text
