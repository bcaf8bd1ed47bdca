"""The Engine: catalogue and rule base loaded and compiled once, then evaluated many times."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..core.bundled import bundled_dir
from ..core.catalogue import Catalogue, load_catalogue
from ..core.i18n import msg
from ..core.model import Lang
from ..core.parse import parse_model
from ..core.profile import load_profile, parse_profile
from ..core.profile_model import Profile
from ..core.yamlio import Document
from ..rules.base import RuleBase, load_rulebase
from ..rules.compiler import CompiledRules, compile_rulebase
from ..rules.durable_adapter import DurableRunner, runner_for
from ..rules.language import Adjust, Exclude, Propose, Require, Rule
from ..rules.reference import fired_rules
from .candidates import Candidates, build_candidates
from .explain import MeasureExplanation, explain
from .recommend import SAFETY_NET_S, build_recommendation
from .results import (
    Adjustment,
    Exclusion,
    FiredRule,
    Proposal,
    Recommendation,
    RequirementHit,
    RuleEvaluation,
)

__all__ = ["Backend", "Engine", "with_overrides"]

Backend = Literal["durable", "reference"]
PathArg = str | Path | Sequence[str | Path]


class Engine:
    """A catalogue and a rule base, compiled once into durable_rules; safe to share.

    ``Engine()`` uses the bundled ``measures/`` and ``rulesets/``. ``backend="reference"``
    evaluates with the plain-Python reference evaluator instead of durable_rules (same
    results; used as the test oracle and the speed baseline).
    """

    def __init__(
        self,
        rules: PathArg | None = None,
        measures: PathArg | None = None,
        *,
        backend: Backend = "durable",
    ) -> None:
        self.catalogue: Catalogue = load_catalogue(
            measures if measures is not None else bundled_dir("measures")
        )
        self.rulebase: RuleBase = load_rulebase(
            rules if rules is not None else bundled_dir("rulesets"), self.catalogue
        )
        self._setup(backend)

    def _setup(self, backend: Backend) -> None:
        if backend not in ("durable", "reference"):
            raise ValueError(f"backend must be 'durable' or 'reference', not {backend!r}")
        self.backend: Backend = backend
        self.compiled: CompiledRules = compile_rulebase(self.rulebase)
        self._runner: DurableRunner | None = (
            runner_for(self.compiled) if backend == "durable" else None
        )
        self._outcomes = {r.id: _outcome(r) for r in self.rulebase.rules}
        # id -> the profile: by identity, since a Profile holding a mapping (a budget per
        # payer) cannot be hashed; the weak reference's callback forgets a collected profile
        self._checked: dict[int, weakref.ref[Profile]] = {}
        self._checked_lock = threading.Lock()

    # --- copies ------------------------------------------------------------------------------

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle (and deep-copy) the loaded catalogue and rules, not the compiled engine: the
        copy compiles them again, in its own process, into the ruleset registered there once
        per content hash (for ``multiprocessing`` and ``copy.deepcopy``)."""
        return (_rebuild, (self.catalogue, self.rulebase, self.backend))

    # --- input -------------------------------------------------------------------------------

    def load_profile(self, path: str | Path) -> Profile:
        """Read and check a profile file (YAML or JSON) against this engine's catalogue."""
        return self._remember(load_profile(path, self.catalogue))

    def profile(self, data: str | Mapping[str, Any] | Profile) -> Profile:
        """Check a profile given as YAML/JSON text, a mapping, or a :class:`Profile`.

        A :class:`Profile` whose ids are all canonical ids of this catalogue is returned as it
        is; otherwise it is checked in full (aliases resolved, unknown ids a KvoError).
        """
        if isinstance(data, Profile):
            # A Profile built with model_construct or model_copy(update=...) was never
            # validated: check it again (horizon_years=0 or a NaN budget must not reach the
            # optimiser or durable_rules). Profiles already checked (the very objects this
            # engine returned or was given and found valid) are remembered: checked once.
            with self._checked_lock:
                seen = self._checked.get(id(data))
                if seen is not None and seen() is data:
                    return data
            if self._canonical(data):
                checked = parse_model(
                    Document(source="<profile>", data=data.model_dump(warnings=False)),
                    Profile,
                    what=msg("the profile"),
                )
            else:
                checked = parse_profile(data, self.catalogue)
            if checked == data:  # remembered too: the next lookup of this object is fast
                self._remember(data)
            return self._remember(checked)
        given: object = data  # callers without type checking pass anything
        if not isinstance(given, str | Mapping):
            hint = " (decode bytes first: .decode('utf-8'))" if isinstance(given, bytes) else ""
            raise TypeError(
                "a profile is a Profile, a mapping or YAML/JSON text (str), "
                f"not {type(given).__name__}{hint}"
            )
        return self._remember(parse_profile(data, self.catalogue))

    def _remember(self, profile: Profile) -> Profile:
        key = id(profile)

        def forget(ref: weakref.ref[Profile]) -> None:
            # no lock: the collector may call this while this thread holds it (dict ops are
            # atomic); a newer profile that reused the id keeps its entry
            if self._checked.get(key) is ref:
                self._checked.pop(key, None)

        with self._checked_lock:
            self._checked[key] = weakref.ref(profile, forget)
        return profile

    def _canonical(self, profile: Profile) -> bool:
        types = [p.type for p in profile.problems]
        return (
            all(t in self.catalogue.problems for t in types)
            and len(set(types)) == len(types)
            and all(m in self.catalogue.measures for m in profile.existing_measures)
        )

    # --- rules -------------------------------------------------------------------------------

    def fired_rule_ids(self, profile: Profile) -> list[str]:
        """Ids of the rules that fire for ``profile`` (checked again), in rule-base order."""
        return self._fired(self.profile(profile))

    def _fired(self, profile: Profile) -> list[str]:
        if self._runner is None:
            return fired_rules(self.rulebase, profile)
        ids = self.compiled.rule_ids
        return [ids[i] for i in self._runner.fired(self.compiled.fact(profile))]

    def evaluate(self, profile: Profile | Mapping[str, Any] | str) -> RuleEvaluation:
        """Run the rule base on a profile: fired rules and what their actions say."""
        return self._evaluation(self._fired(self.profile(profile)))

    def _evaluation(self, fired: list[str]) -> RuleEvaluation:
        parts = [self._outcomes[rid] for rid in fired]
        return RuleEvaluation.model_construct(
            fired_rules=tuple(p.fired for p in parts),
            proposals=tuple(x for p in parts for x in p.proposals),
            requirements=tuple(x for p in parts for x in p.requirements),
            exclusions=tuple(x for p in parts for x in p.exclusions),
            adjustments=tuple(x for p in parts for x in p.adjustments),
        )

    def candidates(self, profile: Profile, evaluation: RuleEvaluation | None = None) -> Candidates:
        """The measures that could be chosen for ``profile``, costed and effect-adjusted."""
        prof = self.profile(profile)
        ev = evaluation if evaluation is not None else self.evaluate(prof)
        return build_candidates(self.catalogue, prof, ev)

    def recommend(
        self,
        profile: Profile | Mapping[str, Any] | str,
        *,
        budget_one_off: float | None = None,
        budget_yearly: float | None = None,
        horizon_years: int | None = None,
        time_limit_s: float = SAFETY_NET_S,
        max_nodes: int | None = 20_000,
        alternatives: bool = True,
        samples: int | None = None,
        seed: int = 1,
    ) -> Recommendation:
        """Evaluate the rules, cost the candidates and choose the packages for a profile.

        ``budget_one_off``, ``budget_yearly`` and ``horizon_years`` override the profile's
        values when given. ``alternatives=False`` skips the basic and ambitious packages.
        Every search stops after ``max_nodes`` branch-and-bound nodes (deterministic: the same
        answer on a busy machine); ``time_limit_s`` seconds per search is only a safety net
        (the default, ``SAFETY_NET_S``, lies far above what the node limit allows, so the
        answers do not depend on the load); a package not proved optimal says so
        (``optimal``, ``gap``). ``samples`` adds a seeded Monte Carlo
        over the effect and cost ranges: ranges, best-package shares and the robust package
        (docs/model.md, *Uncertainty*).
        """
        prof = with_overrides(self.profile(profile), budget_one_off, budget_yearly, horizon_years)
        evaluation = self._evaluation(self._fired(prof))
        cands = build_candidates(self.catalogue, prof, evaluation)
        return build_recommendation(
            self.catalogue,
            prof,
            evaluation,
            cands,
            time_limit_s=time_limit_s,
            max_nodes=max_nodes,
            alternatives=alternatives,
            samples=samples,
            seed=seed,
        )

    def explain(
        self,
        profile: Profile | Mapping[str, Any] | str,
        measure: str | None = None,
        *,
        lang: Lang = "en",
        budget_one_off: float | None = None,
        budget_yearly: float | None = None,
        horizon_years: int | None = None,
        samples: int | None = None,
        seed: int = 1,
    ) -> list[MeasureExplanation]:
        """Why measures were proposed, required, excluded, adjusted, chosen or left out.

        With ``measure`` (an id or alias) only that measure; without, every measure a fired
        rule names or that is a candidate. Overrides as for :meth:`recommend`; with
        ``samples``, also what the Monte Carlo says (``MeasureExplanation.uncertainty``): how
        often each measure is best and, where the robust package differs, which uncertain
        effect drives it.
        """
        if lang not in ("nl", "en"):
            raise ValueError(f"lang must be 'nl' or 'en', not {lang!r}")
        prof = with_overrides(self.profile(profile), budget_one_off, budget_yearly, horizon_years)
        rec = self.recommend(prof, samples=samples, seed=seed)
        return explain(self.catalogue, self.rulebase, prof, rec, measure, lang)


def _rebuild(catalogue: Catalogue, rulebase: RuleBase, backend: Backend) -> Engine:
    engine = Engine.__new__(Engine)
    engine.catalogue = catalogue
    engine.rulebase = rulebase
    engine._setup(backend)
    return engine


@dataclass(frozen=True)
class _Outcome:
    """What one rule says when it fires (the same every time: built once per engine)."""

    fired: FiredRule
    proposals: tuple[Proposal, ...]
    requirements: tuple[RequirementHit, ...]
    exclusions: tuple[Exclusion, ...]
    adjustments: tuple[Adjustment, ...]


def _outcome(rule: Rule) -> _Outcome:
    proposals, requirements, exclusions, adjustments = [], [], [], []
    for a in rule.then:
        reason = a.reason or rule.description
        if isinstance(a, Propose):
            proposals.append(
                Proposal(measure=a.propose, rule=rule.id, weight=a.weight, reason=reason)
            )
        elif isinstance(a, Require):
            requirements.append(
                RequirementHit(measure=a.require, needs=a.needs, rule=rule.id, reason=reason)
            )
        elif isinstance(a, Exclude):
            exclusions.append(Exclusion(measure=a.exclude, rule=rule.id, reason=reason))
        else:
            assert isinstance(a, Adjust)
            adjustments.append(
                Adjustment(
                    measure=a.adjust,
                    problem=a.problem,
                    factor=a.factor,
                    rule=rule.id,
                    reason=reason,
                )
            )
    return _Outcome(
        fired=FiredRule(id=rule.id, priority=rule.priority, description=rule.description),
        proposals=tuple(proposals),
        requirements=tuple(requirements),
        exclusions=tuple(exclusions),
        adjustments=tuple(adjustments),
    )


def with_overrides(
    profile: Profile,
    budget_one_off: float | None = None,
    budget_yearly: float | None = None,
    horizon_years: int | None = None,
) -> Profile:
    """The profile with budget and horizon replaced where a value is given (checked)."""
    if budget_one_off is None and budget_yearly is None and horizon_years is None:
        return profile
    data = profile.model_dump(mode="json", exclude_none=True, warnings=False)
    budget = data.setdefault("budget", {})
    if budget_one_off is not None:
        budget["one_off"] = float(budget_one_off)
    if budget_yearly is not None:
        budget["yearly"] = float(budget_yearly)
    if horizon_years is not None:
        data["horizon_years"] = horizon_years
    return parse_model(Document(source="<options>", data=data), Profile, what=msg("the profile"))
