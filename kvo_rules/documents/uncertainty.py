"""The uncertainty analysis of a recommendation as text (``recommend --samples``)."""

from __future__ import annotations

from collections.abc import Mapping

from ..advice.results import Package, Recommendation
from ..advice.texts import vocab
from ..core.model import Lang, Text
from ..core.words import format_decimal, format_number, format_pct


def _d(value: float, lang: Lang) -> str:
    return format_decimal(value, lang, 2)


__all__ = ["render_uncertainty"]


def _pct(x: float, lang: Lang = "en") -> str:
    return format_pct(x, lang)


def _ids(pkg: Package) -> str:
    return ", ".join(sorted(m.id for m in pkg.measures)) or "-"


def render_uncertainty(
    rec: Recommendation,
    lang: Lang,
    *,
    markdown: bool = False,
    names: Mapping[str, Text] | None = None,
) -> str:
    """The Monte Carlo's findings as text: ranges, the robust package, value of information
    (problems by name when ``names`` is given)."""
    u = rec.uncertainty
    if u is None:
        return ""
    nl = lang == "nl"
    h = "## " if markdown else ""
    out = [
        f"{h}{'Onzekerheid' if nl else 'Uncertainty'} "
        f"({u.samples} {'steekproeven' if nl else 'samples'}, seed {u.seed}, "
        f"{'10e-90e percentiel' if nl else '10th-90th percentile'})\n",
    ]
    for pkg in (rec.recommended, *rec.alternatives, u.robust):
        r = pkg.benefit_range
        if r is None:
            continue
        share = _pct(pkg.best_share or 0.0, lang)
        out.append(
            f"- {vocab('package', pkg.label, lang)}: {'baat' if nl else 'benefit'} "
            f"{_d(pkg.benefit, lang)} ({_d(r.low, lang)} - {_d(r.high, lang)}); "
            f"{'het beste in' if nl else 'best in'} {share}"
        )
        for p, n in pkg.expected_incidents.items():
            ir = (pkg.incidents_range or {}).get(p)
            if ir is not None:
                per = "per jaar" if nl else "a year"
                low, high = format_number(ir.low, lang, 2), format_number(ir.high, lang, 2)
                shown = names[p].get(lang) if names and p in names else p
                out.append(f"  - {shown}: {format_number(n, lang, 2)} ({low} - {high} {per})")
    out.append("")
    out.append(u.criterion_text.get(lang))
    if u.robust_is_recommended:
        out.append(
            "Het aanbevolen pakket is ook het robuuste."
            if nl
            else "The recommended package is also the robust one."
        )
    else:
        out.append(f"{'Robuust' if nl else 'Robust'}: {_ids(u.robust)}")
        if u.driver is not None:
            out.append(u.driver.text.get(lang))
    for v in u.value_of_information:
        out.append(f"- {v.text.get(lang)}")
    if u.unproved_samples:
        out.append(
            f"{u.unproved_samples} "
            + (
                "steekproeven niet bewezen optimaal (knooppuntgrens)."
                if nl
                else "samples not proved optimal (node limit)."
            )
        )
    shares = sorted(
        (c for c in rec.candidates if c.in_best_share is not None),
        key=lambda c: (-(c.in_best_share or 0.0), c.id),
    )
    out.append("")
    out.append(f"{'Aandeel in het beste pakket' if nl else 'Share in the best package'}:")
    out.extend(f"- {c.id}: {_pct(c.in_best_share or 0.0, lang)}" for c in shares)
    return "\n".join(out) + "\n"
