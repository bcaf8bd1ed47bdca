"""Benchmark of the package optimiser on random, realistic instances.

Run as ``python benchmarks/optimiser_bench.py`` (``--quick`` for a smoke run).
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kvo_rules.packages import (
    Instance,
    Option,
    Solution,
    brute_force,
    frontier,
    greedy,
    optimise,
)

N_PROBLEMS = 10


def make_instance(n: int, rng: random.Random) -> Instance:
    """A random instance shaped like a KVO area: ~10 problems, costs over 3 decades."""
    problems = [f"p{k:02d}" for k in range(N_PROBLEMS)]
    weights = {p: round(rng.uniform(0.5, 5.0), 2) for p in problems}
    ids = [f"m{k:03d}" for k in range(n)]
    options: list[Option] = []
    for k, oid in enumerate(ids):
        touched = rng.sample(problems, rng.randint(1, 4))
        effects = {p: round(rng.uniform(0.05, 0.5), 2) for p in touched}
        one_off = float(round(10 ** rng.uniform(2.7, 5.7), -1))  # ~500 .. 500,000 euro
        yearly = float(round(one_off * rng.choice([0.0, 0.02, 0.05, 0.1, 0.2]), -1))
        requires: tuple[tuple[str, ...], ...] = ()
        excludes: frozenset[str] = frozenset()
        if k > 2 and rng.random() < 0.1:
            requires = (tuple(rng.sample(ids[:k], min(2, k))),)
        if k > 0 and rng.random() < 0.08:
            excludes = frozenset({rng.choice(ids[:k])})
        options.append(Option(oid, one_off, yearly, effects, requires, excludes))
    in_place: dict[str, dict[str, float]] = {}
    for k in range(rng.randint(0, 2)):
        in_place[f"existing{k}"] = {rng.choice(problems): round(rng.uniform(0.1, 0.3), 2)}
    total_one_off = sum(o.one_off for o in options)
    total_yearly = sum(o.yearly for o in options)
    return Instance(
        options=tuple(options),
        weights=weights,
        in_place=in_place,
        budget_one_off=round(total_one_off * rng.uniform(0.15, 0.35), -2),
        budget_yearly=round(total_yearly * rng.uniform(0.2, 0.4), -1),
        horizon_years=3,
    )


PAYERS = ("fund", "municipality", "police.hours")


def with_limits(inst: Instance, rng: random.Random) -> Instance:
    """The instance with its one-off costs split over payers, plus police hours, each limited.

    Each option's one-off cost is shared by the partnership's fund and the municipality
    (0-100 % each way); about a third of the options take 20-400 police hours. Each payer's
    limit is 20-45 % of what all options together would ask of it, so the limits bind.
    """
    options: list[Option] = []
    for o in inst.options:
        share = rng.choice([0.0, 0.25, 0.5, 1.0])
        resources = {
            "fund": round(o.one_off * (1 - share), 2),
            "municipality": round(o.one_off * share, 2),
        }
        if rng.random() < 0.35:
            resources["police.hours"] = float(rng.randint(20, 400))
        options.append(
            Option(o.id, o.one_off, o.yearly, o.effects, o.requires, o.excludes, resources)
        )
    limits = {
        name: round(sum(o.resources.get(name, 0.0) for o in options) * rng.uniform(0.2, 0.45))
        for name in PAYERS
    }
    return Instance(
        options=tuple(options),
        weights=inst.weights,
        in_place=inst.in_place,
        budget_one_off=None,
        budget_yearly=inst.budget_yearly,
        horizon_years=inst.horizon_years,
        limits=limits,
    )


def timed(fn: Callable[[Instance], Solution], inst: Instance) -> tuple[float, Solution]:
    t0 = time.perf_counter()
    sol = fn(inst)
    return time.perf_counter() - t0, sol


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    pos = min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))
    return ordered[pos]


def load() -> str:
    """The 1, 5 and 15 minute load averages."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="few instances, smoke run only")
    parser.add_argument("--seed", type=int, default=20241128)
    parser.add_argument("--out", type=Path, default=None, help="also write the tables here")
    args = parser.parse_args()
    if args.quick:
        sizes = {10: 5, 20: 5, 40: 5, 80: 2}
        brute_sizes: dict[int, int] = {10: 3, 20: 1}
        frontier_sizes: dict[int, int] = {10: 2, 20: 2}
        limit_sizes: dict[int, int] = {20: 3, 40: 3}
    else:
        sizes = {10: 50, 20: 50, 40: 50, 80: 30}
        brute_sizes = {10: 50, 20: 10}
        frontier_sizes = {10: 10, 20: 10, 40: 10}
        limit_sizes = {20: 50, 40: 50, 80: 10}
    limit = 10.0
    rng = random.Random(args.seed)
    lines: list[str] = []

    def out(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    cpu = "unknown"
    try:
        for row in Path("/proc/cpuinfo").read_text().splitlines():
            if row.startswith("model name"):
                cpu = row.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    started = time.perf_counter()
    out(f"- date: {datetime.date.today().isoformat()}")
    out(f"- machine: nproc {os.cpu_count()}, CPU {cpu}, load average at start {load()}")
    out(f"- Python: {platform.python_version()} ({platform.python_implementation()})")
    out(f"- seed: {args.seed}; time limit per optimisation: {limit:.0f} s")
    out()
    out(
        "| options | instances | optimise median | p95 | max | proved optimal "
        "| median nodes | greedy gap median | greedy gap p95 | greedy gap max |"
    )
    out("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    pool: dict[int, list[Instance]] = {}
    medians: dict[int, float] = {}
    for n, count in sizes.items():
        pool[n] = [make_instance(n, rng) for _ in range(count)]
        times: list[float] = []
        nodes: list[int] = []
        gaps: list[float] = []
        proved = 0
        for inst in pool[n]:
            dt, sol = timed(lambda i: optimise(i, time_limit_s=limit), inst)
            times.append(dt)
            nodes.append(sol.nodes)
            proved += sol.optimal
            g = greedy(inst)
            if sol.added_benefit > 0:
                gaps.append((sol.added_benefit - g.added_benefit) / sol.added_benefit)
        medians[n] = statistics.median(times)
        out(
            f"| {n} | {count} | {medians[n] * 1e3:.1f} ms "
            f"| {pct(times, 0.95) * 1e3:.1f} ms | {max(times) * 1e3:.1f} ms "
            f"| {proved}/{count} | {statistics.median(nodes):.0f} "
            f"| {statistics.median(gaps) * 100:.2f} % | {pct(gaps, 0.95) * 100:.2f} % "
            f"| {max(gaps) * 100:.2f} % |"
        )
    out()
    out("Greedy gap: (optimal added benefit - greedy added benefit) / optimal added benefit.")
    if brute_sizes:
        out()
        out(
            "| options | instances | brute force median | optimise median (same instances) "
            "| brute force / optimise | same benefit |"
        )
        out("|---:|---:|---:|---:|---:|---:|")
        for n, count in brute_sizes.items():
            bt: list[float] = []
            ot: list[float] = []
            same = 0
            for inst in pool[n][:count]:
                dt, bsol = timed(brute_force, inst)
                bt.append(dt)
                dto, osol = timed(lambda i: optimise(i, time_limit_s=limit), inst)
                ot.append(dto)
                same += abs(bsol.benefit - osol.benefit) <= 1e-9
            bm, om = statistics.median(bt), statistics.median(ot)
            out(
                f"| {n} | {count} | {bm * 1e3:.1f} ms | {om * 1e3:.2f} ms | {bm / om:.1f}x "
                f"| {same}/{count} |"
            )
    if frontier_sizes:
        out()
        out("| options | instances | frontier median | max | median points | all proved |")
        out("|---:|---:|---:|---:|---:|---:|")
        for n, count in frontier_sizes.items():
            ft: list[float] = []
            npts: list[int] = []
            complete = 0
            for inst in pool[n][:count]:
                t0 = time.perf_counter()
                pts = frontier(inst, time_limit_s=60.0)
                ft.append(time.perf_counter() - t0)
                npts.append(len(pts))
                complete += all(p.optimal for p in pts)
            out(
                f"| {n} | {count} | {statistics.median(ft) * 1e3:.0f} ms "
                f"| {max(ft) * 1e3:.0f} ms | {statistics.median(npts):.0f} "
                f"| {complete}/{count} |"
            )
    if limit_sizes:
        out()
        out("With payers' limits (fund, municipality, police hours; no one-off budget):")
        out()
        out(
            "| options | instances | optimise median | p95 | max | proved optimal "
            "| median nodes | limits binding at the optimum |"
        )
        out("|---:|---:|---:|---:|---:|---:|---:|---:|")
        limit_rng = random.Random(args.seed + 1)
        for n, count in limit_sizes.items():
            lt: list[float] = []
            lnodes: list[int] = []
            lproved = 0
            binding = 0
            for inst in pool[n][:count]:
                limited = with_limits(inst, limit_rng)
                dt, sol = timed(lambda i: optimise(i, time_limit_s=limit), limited)
                lt.append(dt)
                lnodes.append(sol.nodes)
                lproved += sol.optimal
                binding += any(sol.resources[k] >= 0.9 * cap for k, cap in limited.limits.items())
            out(
                f"| {n} | {count} | {statistics.median(lt) * 1e3:.1f} ms "
                f"| {pct(lt, 0.95) * 1e3:.1f} ms | {max(lt) * 1e3:.1f} ms | {lproved}/{count} "
                f"| {statistics.median(lnodes):.0f} | {binding}/{count} |"
            )
    out()
    verdict = "met" if medians.get(40, math.inf) < 0.020 else "missed"
    out(
        f"Target (40 options proved optimal, median < 20 ms): {verdict} "
        f"({medians.get(40, math.nan) * 1e3:.1f} ms)."
    )
    out(f"Total run {time.perf_counter() - started:.0f} s; load average at end {load()}.")
    if args.out is not None:
        args.out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
