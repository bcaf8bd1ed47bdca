"""The only module that touches durable_rules.

What it guards against (each verified on durable_rules 2.0.28, with a regression test in
tests/test_durable_adapter.py):

- Rulesets cannot be unregistered and cost memory: one runner per rule-base digest per process,
  shared by every Engine built from the same rules.
- The module-level host is process-global and starts timer threads: we own a Host subclass whose
  timer loop is disabled (evaluation is synchronous).
- ``set_rulesets`` mutates the definition (pops ``run``): we register a deep copy.
- At most 1,024 live sessions per ruleset, and ``delete_state`` crashes on a session where no
  action ran: we use ONE session and retract each profile's fact after evaluating it, so no
  session is ever created or deleted per profile.
- Equal facts are refused as duplicates: every fact carries a fresh ``id``.
- A fact no rule matches raises ``MessageNotHandledException``: that simply means nothing fired.
- Exceptions inside actions are swallowed into the session state: we do not run actions through
  durable's Python machinery at all. The C core's action queue is drained directly, which is
  also about ten times faster per fired rule; an error while draining it (the test hook) is
  raised as an internal :class:`KvoError` after the queue is empty.
- Actions with two parameters are treated as asynchronous: the one we register (never run)
  takes exactly one.
- One session used from several threads fails: evaluation is serialised by a lock per runner.
- Found here: a rule whose ``$or`` has several true branches runs its action once per true
  branch; fired rules are de-duplicated (regression test ``test_or_with_two_true_branches``).
- Found here: a ruleset of a few hundred single-fact rules can fail with error 303 (its
  alpha-network stack overflows): rules are registered in chunks of ``CHUNK_RULES``, and a chunk
  that overflows is split in two (regression test ``test_large_rule_bases_are_chunked``).
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import json
import threading
from collections.abc import Callable
from typing import Any

import durable_rules_engine as _engine
from durable.engine import Host

from ..core.errors import Diagnostic, KvoError, Location
from .compiler import CompiledRules

__all__ = ["DurableRunner", "runner_for"]

SESSION = "kvo"
CHUNK_RULES = 200
"""Most rules per durable ruleset. durable_rules' alpha network walks a fixed-size stack and
fails with error 303 (ERR_MAX_STACK_SIZE) on a few hundred single-fact rules; a chunk that still
overflows is split in two the first time it happens."""
CHUNK_FIELDS = 200
"""Most fact fields one ruleset reads: durable_rules refuses facts with too many properties
(error 302, ERR_EVENT_MAX_PROPERTIES), so each chunk gets only the fields its rules read."""
_SPLIT_ERRORS = ("error code: 302", "error code: 303")
_NOT_HANDLED, _OBSERVED, _NO_STATE = 1, 2, 3
"""Result codes of the C core's assert_fact (as durable.engine.Ruleset reads them)."""


class _QuietHost(Host):  # type: ignore[misc]
    """A durable_rules host without the background timer threads (we never use timers)."""

    def _run(self) -> None:
        return None


class DurableRunner:
    """A compiled rule base registered in its own durable_rules host."""

    def __init__(self, compiled: CompiledRules) -> None:
        self.compiled = compiled
        self.name = f"kvo_{compiled.digest[:16]}"
        self._lock = threading.Lock()
        self._fired: list[int] = []
        self._errors: list[str] = []
        self._ids = itertools.count()
        self.fault_hook: Callable[[int], None] | None = None
        """Test hook: called for every fired rule while the action queue is drained (lets tests
        prove an error there is raised, not swallowed)."""
        # One durable rule per piece (a rule too big for one expression has several).
        self.definition: dict[str, dict[str, Any]] = {
            name: {
                "all": [{"m": expr}],
                "pri": compiled.priorities[index],
                "run": _no_action,
            }
            for index, name, expr, _ in compiled.pieces
        }
        self._names = [name for _, name, _, _ in compiled.pieces]
        self._piece_fields = [own for _, _, _, own in compiled.pieces]
        self._host = _QuietHost()
        self._handles: dict[str, int] = {}
        self._index = {name: index for index, name, _, _ in compiled.pieces}
        self._serial = itertools.count()
        self._chunks: list[tuple[str, list[int], tuple[str, ...]]] = []
        current: list[int] = []
        fields: set[str] = set()
        for index, own in enumerate(self._piece_fields):
            if current and (len(current) >= CHUNK_RULES or len(fields | own) > CHUNK_FIELDS):
                self._chunks.append(self._register(current))
                current, fields = [], set()
            current.append(index)
            fields |= own
        if current:
            self._chunks.append(self._register(current))

    @property
    def chunks(self) -> int:
        """How many durable_rules rulesets hold this rule base."""
        return len(self._chunks)

    def _register(self, indexes: list[int]) -> tuple[str, list[int], tuple[str, ...]]:
        """Register the rules ``indexes`` as one durable ruleset (a deep copy: it is mutated)."""
        name = f"{self.name}_{next(self._serial)}"
        ids = self._names
        part = {ids[i]: self.definition[ids[i]] for i in indexes}
        try:
            self._host.set_rulesets({name: copy.deepcopy(part)})
        except Exception as exc:  # the C core refused the compiled rules: our bug
            raise KvoError(
                [_internal(f"durable_rules refused the compiled rule base: {exc}")], internal=True
            ) from exc
        self._handles[name] = self._host.get_ruleset(name)._handle
        fields = sorted({"_"}.union(*(self._piece_fields[i] for i in indexes)))
        return name, indexes, tuple(fields)

    def _run_chunk(self, name: str, message: dict[str, Any]) -> None:
        """Assert ``message`` into one ruleset and collect the rules whose actions are due.

        The C core's action queue is driven directly (start_action_for_state, then
        complete_and_start_action until it is empty): durable's Python action machinery
        (a Closure, JSON of the state both ways and a callback per fired rule) is skipped,
        which makes a fired rule about ten times cheaper. The Rete network does all matching.
        """
        handle = self._handles[name]
        text = json.dumps(message, ensure_ascii=False)
        code, state = _engine.assert_fact(handle, text)
        if code == _NOT_HANDLED:
            return  # no rule of this chunk matched; durable_rules did not store the fact
        if code == _OBSERVED:
            raise KvoError([_internal(f"fact seen twice: {text[:200]}")], internal=True)
        started = _engine.start_action_for_state(handle, state if code != _NO_STATE else 0)
        pending = started[1] if started else None
        while pending:
            index = self._rule_index(pending)
            self._fired.append(index)
            if self.fault_hook is not None:
                try:
                    self.fault_hook(index)
                except Exception as exc:  # reported after the queue is drained
                    self._errors.append(f"rule action {index} failed: {exc!r}")
            pending = _engine.complete_and_start_action(handle, state)
        try:
            _engine.retract_fact(handle, text)
        except Exception as exc:
            raise KvoError(
                [_internal(f"durable_rules could not retract a fact: {exc!r}")], internal=True
            ) from exc

    def _rule_index(self, message: str) -> int:
        """The rule an action message is for: its first key (``{"rule_id": {...}}``)."""
        end = message.find('"', 2)
        index = self._index.get(message[2:end]) if message.startswith('{"') else None
        if index is None:
            name = next(iter(json.loads(message)), "")
            if name not in self._index:
                raise KvoError(
                    [_internal(f"durable_rules ran an unknown rule {name!r}")], internal=True
                )
            index = self._index[name]
        return index

    def fired(self, fact: dict[str, Any]) -> list[int]:
        """Indexes (into ``compiled.rule_ids``) of the rules that fire on ``fact``."""
        with self._lock:
            self._fired.clear()
            self._errors.clear()
            serial = next(self._ids)
            position = 0
            while position < len(self._chunks):
                name, indexes, fields = self._chunks[position]
                message = {f: fact[f] for f in fields}
                message["id"] = serial
                message["sid"] = SESSION
                before = len(self._fired)
                try:
                    self._run_chunk(name, message)
                except KvoError:
                    raise
                except Exception as exc:
                    if not any(e in str(exc) for e in _SPLIT_ERRORS) or len(indexes) < 2:
                        raise KvoError(
                            [_internal(f"durable_rules failed: {exc!r}")], internal=True
                        ) from exc
                    # Too many fields (302) or the alpha network overflowed its fixed stack
                    # (303): split the chunk in two and evaluate the halves instead.
                    with contextlib.suppress(Exception):
                        _engine.retract_fact(
                            self._handles[name], json.dumps(message, ensure_ascii=False)
                        )
                    del self._fired[before:]
                    half = len(indexes) // 2
                    self._chunks[position : position + 1] = [
                        self._register(indexes[:half]),
                        self._register(indexes[half:]),
                    ]
                    continue
                position += 1
            if self._errors:
                raise KvoError([_internal(e) for e in self._errors], internal=True)
            # An expression with '$or' activates once per true branch: a rule fires once.
            return sorted(set(self._fired))

    def stored_facts(self) -> list[Any]:
        """The facts durable_rules holds for the session (should stay empty)."""
        with self._lock:
            facts: list[Any] = []
            for name, _, _ in self._chunks:
                with contextlib.suppress(Exception):
                    facts.extend(self._host.get_facts(name, SESSION))
            return facts


def _no_action(c: Any) -> None:
    """durable_rules wants an action (of one parameter) per rule; it is never run: the C
    core's action queue is drained directly (see :meth:`DurableRunner._run_chunk`)."""


def _internal(message: str) -> Diagnostic:
    return Diagnostic(Location("<engine>"), message)


_RUNNERS: dict[str, DurableRunner] = {}
_RUNNERS_LOCK = threading.Lock()


def runner_for(compiled: CompiledRules) -> DurableRunner:
    """The process-wide runner for this rule base (created and registered once)."""
    with _RUNNERS_LOCK:
        runner = _RUNNERS.get(compiled.digest)
        if runner is None:
            runner = DurableRunner(compiled)
            _RUNNERS[compiled.digest] = runner
        return runner
