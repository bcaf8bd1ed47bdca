"""The words of the evaluation against the predicted range, in Dutch and English.

Kept beside :mod:`.texts` because they belong to one optional part of the evaluation, built
by :mod:`.ranges` when the plan (``plan --samples``) or the follow-up carries a range.
"""

from __future__ import annotations

from ...core.words import WordTable

__all__ = ["RANGE_WORDS", "range_text", "range_word"]

RANGE_WORDS: dict[str, tuple[str, str]] = {
    # key: (nl, en)
    "heading": ("Vergeleken met de voorspelde bandbreedte", "Compared with the predicted range"),
    "intro": (
        "Het plan voorspelde de incidenten per jaar als bandbreedte: in 8 van de 10 "
        "doorrekeningen lag de uitkomst daartussen. Een meting daarbuiten is geen bewijs dat "
        "de maatregelen wel of niet werkten, maar wel een reden om te kijken waarom.",
        "The plan predicted the incidents a year as a range: in 8 of 10 runs the outcome fell "
        "within it. A measurement outside it does not prove that the measures did or did not "
        "work, but it is a reason to look at why.",
    ),
    "below": (
        "{problem}: gemeten {measured} per jaar, onder de voorspelde {low}–{high}: beter dan "
        "voorspeld",
        "{problem}: measured {measured} a year, below the predicted {low}–{high}: better than "
        "predicted",
    ),
    "within": (
        "{problem}: gemeten {measured} per jaar, binnen de voorspelde {low}–{high}: zoals "
        "voorspeld",
        "{problem}: measured {measured} a year, within the predicted {low}–{high}: as predicted",
    ),
    "above": (
        "{problem}: gemeten {measured} per jaar, boven de voorspelde {low}–{high}: slechter dan "
        "voorspeld",
        "{problem}: measured {measured} a year, above the predicted {low}–{high}: worse than "
        "predicted",
    ),
}

_TABLE = WordTable(RANGE_WORDS)
range_text = _TABLE.text
range_word = _TABLE.word
