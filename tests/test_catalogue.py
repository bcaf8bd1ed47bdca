"""The bundled catalogue: its invariants, and how broken copies of it are reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kvo_rules import load_catalogue, validate_paths
from kvo_rules.core.catalogue import Catalogue

from .conftest import MEASURES

DOMAIN_PROBLEM_IDS = [
    "burglary_business",
    "ram_raid",
    "shoplifting",
    "robbery",
    "aggression",
    "pickpocketing",
    "bicycle_theft",
    "vehicle_crime",
    "cargo_theft",
    "yard_theft",
    "vandalism",
    "graffiti",
    "arson",
    "fire_safety",
    "youth_nuisance",
    "drug_nuisance",
    "confused_persons",
    "litter",
    "illegal_dumping",
    "poor_maintenance",
    "poor_lighting",
    "poor_sightlines",
    "vacancy",
    "undermining",
    "speeding_racing",
    "truck_parking",
    "fear_of_crime",
    "slow_alarm_response",
    "cybercrime",
    # KVO 4.0's whole scope (issue 13)
    "nightlife_violence",
    "aggressive_begging",
    "illegal_habitation",
    "agricultural_theft",
    "drug_waste_dumping",
]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(MEASURES)


def test_problem_vocabulary_is_the_domain_list(catalogue: Catalogue) -> None:
    assert list(catalogue.problems) == DOMAIN_PROBLEM_IDS


def test_harm_weights_order_violence_above_nuisance(catalogue: Catalogue) -> None:
    w = {pid: p.harm_weight for pid, p in catalogue.problems.items()}
    assert w["robbery"] > w["burglary_business"] > w["graffiti"] > 0
    assert w["aggression"] > w["litter"]


def test_at_least_sixty_measures_in_three_obe_files(catalogue: Catalogue) -> None:
    assert len(catalogue.measures) >= 60
    categories = {m.category.value for m in catalogue.measures.values()}
    assert categories == {"organisational", "physical", "electronic"}


def test_every_problem_has_measures_for_every_area_kind_it_occurs_in(
    catalogue: Catalogue,
) -> None:
    gaps = []
    for pid, problem in catalogue.problems.items():
        for kind in problem.areas:
            fitting = [
                m.id
                for m in catalogue.measures.values()
                if kind in m.areas and any(e.problem == pid and e.reduction > 0 for e in m.effects)
            ]
            if len(fitting) < 2:
                gaps.append((pid, kind.value, fitting))
    assert gaps == []


def test_every_figure_has_a_known_source_or_an_estimate_flag(catalogue: Catalogue) -> None:
    unsourced = []
    for m in catalogue.measures.values():
        figures = [("effect " + e.problem, e.source, e.estimate) for e in m.effects]
        for name in ("quantity", "one_off", "yearly"):
            fig = getattr(m.cost, name)
            if fig is not None:
                figures.append((name, fig.source, fig.estimate))
        for what, source, estimate in figures:
            if not source and not estimate:
                unsourced.append((m.id, what))
            for key in source:
                assert key in catalogue.sources, (m.id, what, key)
    assert unsourced == []


def test_domain_measure_ids_are_kept(catalogue: Catalogue) -> None:
    for mid in (
        "street_lighting",
        "cctv_public_monitored",
        "anpr_entrances",
        "collective_shop_ban",
        "collective_alarm_response",
        "collective_patrol",
        "intruder_alarm_pac",
        "biz_fund",
        "youth_work",
        "waste_container_policy",
    ):
        assert mid in catalogue.measures


def test_monitored_cameras_need_lighting_and_a_responder(catalogue: Catalogue) -> None:
    groups = [set(r.measures) for r in catalogue.measures["cctv_public_monitored"].requires]
    assert any("police_followup_agreement" in g for g in groups)
    assert any("street_lighting" in g for g in groups)


def test_no_private_party_acts_on_the_images_of_a_designated_camera(
    catalogue: Catalogue,
) -> None:
    """The police process the images of an art. 151c camera; a private guard may not see them."""
    designated = [
        m
        for m in catalogue.measures.values()
        if any("decision_151c" in r.measures for r in m.requires)
    ]
    assert {"cctv_public_monitored", "cctv_nightlife", "mobile_camera_hotspot"} <= {
        m.id for m in designated
    }
    for m in designated:
        for r in m.requires:
            private = [
                x for x in r.measures if catalogue.measures[x].lead in ("collective", "businesses")
            ]
            assert private == [], f"{m.id} accepts a private party on its images: {private}"


def test_the_safe_needs_the_cash_procedure_and_training_only_the_procedure(
    catalogue: Catalogue,
) -> None:
    """Cash reduction is a procedure; the time-delay safe is bought beside it, not in it."""
    safe = catalogue.measures["time_lock_safe"]
    assert [list(r.measures) for r in safe.requires] == [["cash_reduction"]]
    training = catalogue.measures["robbery_training"]
    assert [list(r.measures) for r in training.requires] == [["cash_reduction"]]
    procedure = catalogue.measures["cash_reduction"].cost.one_off
    assert procedure is not None and safe.cost.one_off is not None
    assert procedure.amount < safe.cost.one_off.amount


def test_alarms_need_follow_up(catalogue: Catalogue) -> None:
    groups = [set(r.measures) for r in catalogue.measures["intruder_alarm_pac"].requires]
    assert any("collective_alarm_response" in g for g in groups)


# --- broken copies: each mistake reported at its true line and column ----------------------


def broken_copy(tmp_path: Path, name: str, old: str, new: str) -> tuple[Path, int, int]:
    """Copy the catalogue, replace the first ``old`` in file ``name``; return the spot."""
    target = tmp_path / "measures"
    shutil.copytree(MEASURES, target)
    path = target / name
    text = path.read_text(encoding="utf-8")
    index = text.index(old)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target, line, column


def report(target: Path) -> list[str]:
    return [str(d) for d in validate_paths([target]).diagnostics]


def test_bundled_catalogue_validates_clean() -> None:
    assert report(MEASURES) == []


CASES = [
    # (file, old text, new text, column offset into old, expected message part)
    (
        "physical.yaml",
        "  - id: street_lighting\n",
        "  - id: street_lighting\n    id: x\n",
        "duplicate key 'id'",
    ),
    ("physical.yaml", "    category: physical\n", "    category: [physical\n", "YAML syntax error"),
    (
        "physical.yaml",
        "    lead_time_months:",
        "    lead_time_month:",
        "unknown key 'lead_time_month' (did you mean 'lead_time_months'?)",
    ),
    (
        "physical.yaml",
        "      - problem: burglary_business",
        "      - problem: burglary_busines",
        "unknown problem type 'burglary_busines' (did you mean 'burglary_business'?)",
    ),
    (
        "problems.yaml",
        "    harm_weight: 6",
        "    harm_weight: -6",
        "'harm_weight': input should be greater than 0",
    ),
    ("problems.yaml", "      en: Commercial burglary", "      en: no", "write it in quotes ('no')"),
]


@pytest.mark.parametrize(
    ("name", "old", "new", "needle"),
    CASES,
    ids=[
        "duplicate-key",
        "syntax",
        "unknown-key",
        "unknown-problem",
        "negative-weight",
        "no-as-name",
    ],
)
def test_broken_catalogue_copy_is_reported_at_the_spot(
    tmp_path: Path, name: str, old: str, new: str, needle: str
) -> None:
    target, line, _ = broken_copy(tmp_path, name, old, new)
    found = report(target)
    hits = [f for f in found if needle in f]
    assert hits, found
    assert hits[0].startswith(f"{target / name}:")
    reported_line = int(hits[0].split(":")[1])
    assert line <= reported_line <= line + 1, hits[0]


def test_negative_cost_is_reported_at_the_amount(tmp_path: Path) -> None:
    target = tmp_path / "measures"
    shutil.copytree(MEASURES, target)
    path = target / "physical.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    one_off:\n")
    amount = text.index("amount: ", start)
    line = text.count("\n", 0, amount) + 1
    end = text.index("\n", amount)
    path.write_text(text[:amount] + "amount: -750" + text[end:], encoding="utf-8")
    found = report(target)
    assert any(
        f.startswith(f"{path}:{line}:") and "greater than or equal to 0" in f for f in found
    ), found


def test_unknown_measure_in_requires_gets_a_suggestion(tmp_path: Path) -> None:
    target = tmp_path / "measures"
    shutil.copytree(MEASURES, target)
    marker = "- measures: [police_followup_agreement"
    path = next(p for p in sorted(target.glob("*.yaml")) if marker in p.read_text())
    text = path.read_text(encoding="utf-8")
    spot = text.index(marker) + len("- measures: [")
    line = text.count("\n", 0, spot) + 1
    path.write_text(
        text[:spot] + "police_folowup_agreement" + text[spot + len("police_followup_agreement") :],
        encoding="utf-8",
    )
    found = report(target)
    assert any(
        f.startswith(f"{path}:{line}:")
        and "unknown measure 'police_folowup_agreement' (did you mean 'police_followup_agreement'?)"
        in f
        for f in found
    ), found
