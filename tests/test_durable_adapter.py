"""Regression tests for every durable_rules pitfall listed in rules/durable_adapter.py."""

from __future__ import annotations

import random
import threading

import pytest

from kvo_rules import Engine, KvoError, Profile
from kvo_rules.core.catalogue import Catalogue
from kvo_rules.rules.base import RuleBase
from kvo_rules.rules.compiler import compile_rulebase
from kvo_rules.rules.durable_adapter import DurableRunner
from kvo_rules.rules.language import Rule
from kvo_rules.rules.reference import fired_rules

from .synth import profile_data, rulebase


@pytest.fixture(scope="module")
def catalogue(engine: Engine) -> Catalogue:
    return engine.catalogue


def make_profiles(catalogue: Catalogue, n: int, seed: int = 1) -> list[Profile]:
    rng = random.Random(seed)
    return [Profile.model_validate(profile_data(rng, catalogue)) for _ in range(n)]


def test_more_profiles_than_durable_session_limit(engine: Engine) -> None:
    """durable_rules allows 1,024 live sessions per ruleset; we never open one per profile."""
    profiles = make_profiles(engine.catalogue, 60)
    for i in range(2_100):
        engine.fired_rule_ids(profiles[i % len(profiles)])
    assert engine._runner is not None
    assert engine._runner.stored_facts() == []


def test_profile_matching_no_rule_then_others(catalogue: Catalogue) -> None:
    """No rule matching (MessageNotHandled) must not break later evaluations or crash."""
    pid, mid = sorted(catalogue.problems)[0], sorted(catalogue.measures)[0]
    rule = Rule.model_validate(
        {
            "id": "only_severe",
            "description": {"nl": "x", "en": "x"},
            "when": [{"problem": pid, "severity": {"min": 5}}],
            "then": [{"propose": mid}],
        }
    )
    runner = DurableRunner(compile_rulebase(RuleBase(rules=(rule,))))

    def profile(severity: int) -> Profile:
        return Profile.model_validate(
            {
                "area": {"name": "x", "kind": "shopping_area", "businesses": 1},
                "problems": [{"type": pid, "severity": severity}],
            }
        )

    for severity in (1, 5, 2, 5, 1):
        got = runner.fired(runner.compiled.fact(profile(severity)))
        assert got == ([0] if severity == 5 else [])
    assert runner.stored_facts() == []


def test_the_same_profile_twice_is_not_a_duplicate_fact(engine: Engine) -> None:
    profile = make_profiles(engine.catalogue, 1, seed=4)[0]
    first = engine.fired_rule_ids(profile)
    assert engine.fired_rule_ids(profile) == first
    assert engine.fired_rule_ids(profile.model_copy()) == first


def test_rules_are_registered_once_per_rule_base(engine: Engine) -> None:
    """Rulesets can never be unregistered: a second Engine reuses the first one's runner."""
    again = Engine()
    assert again._runner is engine._runner


def test_registered_definition_is_a_copy(engine: Engine) -> None:
    """set_rulesets pops 'run' from the dict it is given; ours keeps its actions."""
    runner = engine._runner
    assert runner is not None
    assert all("run" in rule for rule in runner.definition.values())


def test_an_error_inside_an_action_is_raised_not_swallowed(catalogue: Catalogue) -> None:
    rb = rulebase(random.Random(11), catalogue, 40)
    runner = DurableRunner(compile_rulebase(rb))  # private runner: the hook must not leak
    profiles = make_profiles(catalogue, 40, seed=5)
    firing = next(p for p in profiles if fired_rules(rb, p))

    def fault(index: int) -> None:
        raise RuntimeError("broken action")

    runner.fault_hook = fault
    with pytest.raises(KvoError) as info:
        runner.fired(runner.compiled.fact(firing))
    assert info.value.internal and "broken action" in str(info.value)
    runner.fault_hook = None
    got = runner.fired(runner.compiled.fact(firing))
    assert [runner.compiled.rule_ids[i] for i in got] == fired_rules(rb, firing)


def test_no_background_timer_threads(catalogue: Catalogue) -> None:
    before = threading.active_count()
    DurableRunner(compile_rulebase(rulebase(random.Random(12), catalogue, 5)))
    assert threading.active_count() == before


def test_threads_share_one_engine_safely(engine: Engine) -> None:
    profiles = make_profiles(engine.catalogue, 200, seed=6)
    serial = [engine.fired_rule_ids(p) for p in profiles]
    results: dict[int, list[list[str]]] = {}

    def work(t: int) -> None:
        results[t] = [engine.fired_rule_ids(p) for p in profiles]

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results[t] == serial for t in range(8))


def _rss_kib() -> int:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") // 1024


def test_30k_evaluations_answer_right_and_keep_memory_flat(
    engine: Engine, reference_engine: Engine
) -> None:
    """In the default run: every answer checked against the reference evaluator, no fact left
    in durable_rules, and resident memory flat (a leak of 100 bytes per evaluation grows it
    by about 4 MiB over these 25,000)."""
    profiles = make_profiles(engine.catalogue, 500, seed=9)
    expected = [reference_engine.fired_rule_ids(p) for p in profiles]
    for i in range(5_000):  # warm up: caches, allocator arenas
        assert engine.fired_rule_ids(profiles[i % 500]) == expected[i % 500]
    start = _rss_kib()
    for i in range(25_000):
        assert engine.fired_rule_ids(profiles[i % 500]) == expected[i % 500]
    assert _rss_kib() - start < 1024
    assert engine._runner is not None and engine._runner.stored_facts() == []


@pytest.mark.slow
def test_200k_evaluations_keep_memory_flat(engine: Engine) -> None:
    """One process, 200,000 evaluations: no crash, no session limit, memory flat."""
    profiles = make_profiles(engine.catalogue, 500, seed=8)
    expected = [engine.fired_rule_ids(p) for p in profiles]
    for i in range(20_000):
        engine.fired_rule_ids(profiles[i % 500])
    start = _rss_kib()
    for i in range(180_000):
        assert engine.fired_rule_ids(profiles[i % 500]) == expected[i % 500]
    assert _rss_kib() - start < 8 * 1024
    assert engine._runner is not None and engine._runner.stored_facts() == []


def test_or_with_two_true_branches_fires_the_rule_once(catalogue: Catalogue) -> None:
    """durable_rules activates a rule once per true '$or' branch; a rule fires once."""
    pid, mid = sorted(catalogue.problems)[0], sorted(catalogue.measures)[0]
    rule = Rule.model_validate(
        {
            "id": "night_or_weekend",
            "description": {"nl": "x", "en": "x"},
            "when": [{"problem": pid, "times": ["night", "weekend"]}],
            "then": [{"propose": mid}],
        }
    )
    runner = DurableRunner(compile_rulebase(RuleBase(rules=(rule,))))
    profile = Profile.model_validate(
        {
            "area": {"name": "x", "kind": "business_park", "businesses": 1},
            "problems": [{"type": pid, "severity": 3, "times": ["night", "weekend"]}],
        }
    )
    assert runner.fired(runner.compiled.fact(profile)) == [0]


def test_large_rule_bases_are_chunked(catalogue: Catalogue) -> None:
    """A few hundred rules overflow durable's alpha stack (error 303); chunks avoid it."""
    rb = rulebase(random.Random(1000), catalogue, 1000)
    runner = DurableRunner(compile_rulebase(rb))
    assert runner.chunks > 1
    for profile in make_profiles(catalogue, 60, seed=9):
        got = [runner.compiled.rule_ids[i] for i in runner.fired(runner.compiled.fact(profile))]
        assert got == fired_rules(rb, profile)


def test_a_chunk_that_overflows_is_split(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kvo_rules.rules import durable_adapter

    monkeypatch.setattr(durable_adapter, "CHUNK_RULES", 10_000)
    monkeypatch.setattr(durable_adapter, "CHUNK_FIELDS", 10_000)
    rb = rulebase(random.Random(700), catalogue, 700)
    runner = DurableRunner(compile_rulebase(rb))
    assert runner.chunks == 1
    for profile in make_profiles(catalogue, 40, seed=10):
        got = [runner.compiled.rule_ids[i] for i in runner.fired(runner.compiled.fact(profile))]
        assert got == fired_rules(rb, profile)
    assert runner.chunks > 1  # it overflowed and was split, and the answers stayed right
