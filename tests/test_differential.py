"""The durable_rules path and the reference evaluator agree, rule for rule."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings

from kvo_rules import Engine, Profile
from kvo_rules.rules.compiler import compile_rulebase
from kvo_rules.rules.durable_adapter import DurableRunner
from kvo_rules.rules.reference import fired_rules

from .synth import profile_data, profiles, rulebase

_BUNDLED = Engine()


@settings(max_examples=1_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(_BUNDLED.catalogue))
def test_bundled_rules_durable_equals_reference(profile: Profile) -> None:
    """Hypothesis' edge cases and shrinking; the volume is the 5,000 random profiles below."""
    durable = _BUNDLED.fired_rule_ids(profile)
    assert durable == fired_rules(_BUNDLED.rulebase, profile)


def test_bundled_rules_5000_random_profiles_on_both_paths(reference_engine: Engine) -> None:
    rng = random.Random(2024)
    fired = 0
    for i in range(5_000):
        profile = Profile.model_validate(profile_data(rng, _BUNDLED.catalogue))
        ids = _BUNDLED.fired_rule_ids(profile)
        assert ids == reference_engine.fired_rule_ids(profile), profile.model_dump(mode="json")
        fired += len(ids)
        if i % 10 == 0:  # the whole evaluation (proposals, requirements, ...) too
            assert _BUNDLED.evaluate(profile) == reference_engine.evaluate(profile)
    assert fired > 20_000


def test_generated_rule_bases_durable_equals_reference() -> None:
    """20 generated rule bases x 150 rules, every condition kind, 250 profiles each."""
    checked = fired = 0
    for seed in range(20):
        rng = random.Random(seed)
        rb = rulebase(rng, _BUNDLED.catalogue, 150)
        runner = DurableRunner(compile_rulebase(rb))
        for _ in range(250):
            profile = Profile.model_validate(profile_data(rng, _BUNDLED.catalogue))
            got = [runner.compiled.rule_ids[i] for i in runner.fired(runner.compiled.fact(profile))]
            want = fired_rules(rb, profile)
            assert got == want, (seed, profile.model_dump(mode="json"))
            checked += 1
            fired += len(want)
    assert checked == 5_000
    assert fired > 5_000  # the generated rules really fire, so agreement means something
