"""The frontier of 40-option instances by an earlier commit's code, by this tree in pure Python
and by this tree with the compiled core (mypyc), each in a fresh process, taking turns.

For benchmarks/run.py (its frontier section): the instances of ``bench_frontier`` (seed
20241128), CPU time per instance, and the points of every frontier compared between the three
(sha256 of ids, benefit, cost, proof status and gap per point).
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from issue18 import _compile_core, _fresh, _tree

ROOT = Path(__file__).resolve().parent.parent

FRONTIER_BASELINE = "42998fd"
"""The Pareto search before the drop-cover-only bound and the O(n log n) dominance filter."""

_FRONT = r"""
import hashlib, json, random, sys, time
from kvo_rules.packages import compiled_core, frontier
sys.path.insert(0, sys.argv[1])
from optimiser_bench import make_instance
frontier(make_instance(12, random.Random(1)), time_limit_s=60.0)  # imports, caches
rng = random.Random(20241128)
rows = []
for _ in range(int(sys.argv[2])):
    inst = make_instance(40, rng)
    t = time.process_time()
    pts = frontier(inst, time_limit_s=60.0)
    cpu = time.process_time() - t
    key = repr([(p.ids, p.benefit, p.horizon_cost, p.optimal, p.gap) for p in pts])
    rows.append([cpu, hashlib.sha256(key.encode()).hexdigest(), len(pts)])
print(json.dumps({"compiled": compiled_core(), "rows": rows}))
"""

VERSIONS = ("baseline", "pure", "compiled")


def bench_frontier_fresh(count: int, rounds: int = 3) -> dict[str, float]:
    """``rounds`` rounds of the three versions on ``count`` instances; per version the median
    over instances of each instance's least CPU time over the rounds."""
    bench = str(ROOT / "benchmarks")
    cpu: dict[str, list[list[float]]] = {name: [] for name in VERSIONS}
    digests: dict[str, list[str]] = {}
    out: dict[str, float] = {"instances": count, "rounds": rounds}
    with tempfile.TemporaryDirectory() as tmp:
        out["build_s"] = _compile_core(Path(tmp) / "compiled")
        paths = {
            "baseline": _tree(FRONTIER_BASELINE, Path(tmp) / "old"),
            "pure": ROOT,
            "compiled": Path(tmp) / "compiled",
        }
        for r in range(rounds):
            order = VERSIONS[r % 3 :] + VERSIONS[: r % 3]
            for name in order:
                got = _fresh(_FRONT, [bench, str(count)], paths[name])
                assert bool(got["compiled"]) == (name == "compiled"), got
                rows = got["rows"]  # type: ignore[attr-defined]
                cpu[name].append([float(row[0]) for row in rows])
                digests.setdefault(name, [str(row[1]) for row in rows])
                print(f"  frontier ({name}), round {r + 1}: {sum(cpu[name][-1]):.2f} s CPU")
    for name in VERSIONS:
        least = [min(times) for times in zip(*cpu[name], strict=True)]
        out[f"{name}_median_s"] = statistics.median(least)
        out[f"{name}_max_s"] = max(least)
    out["same"] = sum(
        a == b == c
        for a, b, c in zip(digests["baseline"], digests["pure"], digests["compiled"], strict=True)
    )
    return out


def frontier_fresh_lines(f: dict[str, float]) -> list[str]:
    n = f"{f['instances']:.0f}"
    base = f["baseline_median_s"]
    rows = [
        (f"Pareto search of `{FRONTIER_BASELINE}` (pure Python)", "baseline"),
        ("this one, pure Python", "pure"),
        ("this one, compiled core (mypyc)", "compiled"),
    ]
    return [
        f"The same {n} instances, each version in a fresh process, {f['rounds']:.0f} rounds "
        "taking turns (benchmarks/frontier_fresh.py); per instance the least CPU time of the "
        f"rounds. The compiled core is setup.py's COMPILED_CORE built by mypyc "
        f"({f['build_s']:.0f} s to build here), which now holds the frontier's search and walk.",
        "",
        "| frontier | median CPU | max CPU | vs the baseline |",
        "|---|---:|---:|---:|",
        *[
            f"| {label} | {f[f'{key}_median_s'] * 1000:,.0f} ms | {f[f'{key}_max_s'] * 1000:,.0f}"
            f" ms | {f[f'{key}_median_s'] / base:.2f} |"
            for label, key in rows
        ],
        "",
        f"Same points (ids, benefit, cost, proof status, gap) from all three on {f['same']:.0f} "
        f"of {n} instances.",
        "",
    ]
