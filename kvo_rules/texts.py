"""Every fixed word kvo-rules shows, in Dutch and English, in one place."""

from __future__ import annotations

from .model import Lang

__all__ = ["LABELS", "decimal", "label", "money"]

LABELS: dict[str, tuple[str, str]] = {
    # key: (nl, en)
    "id": ("id", "id"),
    "name": ("naam", "name"),
    "category": ("categorie", "category"),
    "areas": ("gebieden", "areas"),
    "owner": ("eigenaar", "owner"),
    "one_off": ("eenmalig (€)", "one-off (€)"),
    "yearly": ("per jaar (€)", "yearly (€)"),
    "horizon_cost": ("kosten looptijd (€)", "horizon cost (€)"),
    "per": ("per", "per"),
    "problems": ("problemen", "problems"),
    "problem": ("probleem", "problem"),
    "lead_time": ("doorlooptijd (mnd)", "lead time (months)"),
    "harm_weight": ("schadegewicht", "harm weight"),
    "weight": ("gewicht", "weight"),
    "severity": ("ernst", "severity"),
    "effect": ("effect", "effect"),
    "grade": ("bewijs", "evidence"),
    "source": ("bron", "source"),
    "estimate": ("schatting", "estimate"),
    "description": ("omschrijving", "description"),
    "definition": ("definitie", "definition"),
    "requires": ("vereist", "requires"),
    "excludes": ("sluit uit", "excludes"),
    "rank": ("#", "#"),
    "score": ("score", "score"),
    "addresses": ("pakt aan", "addresses"),
    "reasons": ("redenen", "reasons"),
    "rule": ("regel", "rule"),
    "rules_fired": ("Regels die afgingen", "Rules that fired"),
    "recommended": ("Aanbevolen pakket", "Recommended package"),
    "alternatives": ("Alternatieven", "Alternatives"),
    "candidates": ("Kandidaat-maatregelen", "Candidate measures"),
    "total": ("totaal", "total"),
    "benefit": ("baat", "benefit"),
    "reduction": ("verwachte afname", "expected reduction"),
    "incidents_after": ("incidenten/jaar na", "incidents/year after"),
    "incidents": ("incidenten/jaar", "incidents/year"),
    "per_business_year": ("per bedrijf per jaar (€)", "per business per year (€)"),
    "optimal": ("bewezen optimaal", "proved optimal"),
    "not_optimal": ("niet bewezen optimaal, marge", "not proved optimal, gap"),
    "assumptions": ("Aannames", "Assumptions"),
    "proposed_by": ("voorgesteld door", "proposed by"),
    "required_by": ("vereist door", "required by"),
    "excluded_by": ("uitgesloten door", "excluded by"),
    "adjusted_by": ("effect aangepast door", "effect adjusted by"),
    "status": ("status", "status"),
    "role": ("rol", "role"),
    "matched": ("voorwaarden", "conditions"),
    "no_budget": ("geen budget opgegeven", "no budget given"),
    "budget": ("budget", "budget"),
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
    "files_ok": ("geen problemen gevonden in {n} bestand(en)", "no problems found in {n} file(s)"),
    "measure": ("maatregel", "measure"),
    "n_measures": ("maatregelen", "measures"),
    "label": ("pakket", "package"),
    "unit": ("eenheid", "unit"),
    "quantity": ("aantal", "quantity"),
}


def label(key: str, lang: Lang, **values: object) -> str:
    """The fixed text ``key`` in ``lang`` (with ``{name}`` fields filled from ``values``)."""
    nl, en = LABELS[key]
    text = nl if lang == "nl" else en
    return text.format(**values) if values else text


def decimal(value: float, lang: Lang, digits: int = 2) -> str:
    """A number with ``digits`` decimals as the language writes it (nl: 1.234,56)."""
    text = f"{value:,.{digits}f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "nl" else text


def money(value: float | None, lang: Lang) -> str:
    """Whole euros with thousands separators as the language writes them (nl: 12.500)."""
    if value is None:
        return "-"
    text = f"{value:,.0f}"
    return text.replace(",", ".") if lang == "nl" else text
