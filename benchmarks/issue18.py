"""Issue 18's own comparisons for benchmarks/run.py, each against its baseline in the same run.

- batch: this batch against the batch of a baseline commit (``git archive`` into a temporary
  directory), --jobs 2 on the same JSON Lines input, run alternately in fresh processes: wall
  time, peak memory of the batch process and of its largest worker, and whether the outputs
  are byte-identical;
- compiled: recommend with the optimiser's core compiled by mypyc (the modules setup.py names,
  compiled into a copy of the package) against pure Python, in fresh processes on the same
  budgeted profiles: CPU time, rule evaluation alone on the same profiles, and whether every
  recommendation is identical;
- uncertainty: ``recommend --samples 500`` on the example profiles by a baseline commit's
  optimiser and by this one, in fresh processes: wall and CPU time, unproved samples, and
  whether the answers are identical.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_BATCH = r"""
import json, resource, sys, time
from kvo_rules.advice.batch import read_items, run_batch
t = time.perf_counter()
run_batch(read_items(sys.argv[1]), sys.argv[2], jobs=2, force=True)
wall = time.perf_counter() - t
print(json.dumps({
    "wall_s": wall,
    "parent_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
"""

_RECOMMEND = r"""
import hashlib, json, random, sys, time
sys.path.insert(0, sys.argv[2])
from kvo_rules import Engine, Profile
from kvo_rules.packages import compiled_core
from run import budgeted
engine = Engine()
rng = random.Random(12)
sample = [Profile.model_validate(budgeted(rng, engine)) for _ in range(int(sys.argv[1]))]
for p in sample[:3]:
    engine.recommend(p)
t = time.process_time()
for p in sample:
    engine.evaluate(p)
evaluate = time.process_time() - t
digest = hashlib.sha256()
t = time.process_time()
for p in sample:
    digest.update(engine.recommend(p, time_limit_s=600.0).model_dump_json().encode())
recommend = time.process_time() - t
print(json.dumps({"compiled": compiled_core(), "evaluate_s": evaluate,
                  "recommend_s": recommend, "digest": digest.hexdigest()}))
"""


_EACH = r"""
import hashlib, json, random, sys, time
sys.path.insert(0, sys.argv[2])
from kvo_rules import Engine, Profile
from run import budgeted
engine = Engine()
rng = random.Random(12)
sample = [Profile.model_validate(budgeted(rng, engine)) for _ in range(int(sys.argv[1]))]
engine.recommend(sample[0])
t = time.process_time()
for p in sample:
    engine.evaluate(p)
evaluate = time.process_time() - t
rows = []
for p in sample:
    t = time.process_time()
    r = engine.recommend(p, time_limit_s=600.0)
    cpu = time.process_time() - t
    proved = r.recommended.optimal and all(a.optimal for a in r.alternatives)
    best = [[a.benefit, a.horizon_cost] for a in (r.recommended, *r.alternatives)
            if a.label != "basic"]
    rows.append([cpu, hashlib.sha256(r.model_dump_json().encode()).hexdigest(), proved, best])
print(json.dumps({"evaluate_s": evaluate, "rows": rows}))
"""


def bench_groups(n: int, baseline: str) -> dict[str, float]:
    """recommend with alternatives on ``n`` budgeted profiles (seed 12) by ``baseline``'s
    optimiser (before the choose-at-most-one groups) and by this one, pure Python, in fresh
    processes, CPU time per profile; answers compared profile by profile."""
    out: dict[str, float] = {"profiles": n}
    runs = {}
    with tempfile.TemporaryDirectory() as tmp:
        old = _tree(baseline, Path(tmp) / "old")
        for name, path in (("old", old), ("new", ROOT)):
            out[f"{name}_load"] = os.getloadavg()[0]
            code = ["-c", _EACH, str(n), str(ROOT / "benchmarks")]
            ran = subprocess.run(
                [sys.executable, *code], env=dict(os.environ, PYTHONPATH=str(path)), cwd=path,
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            runs[name] = json.loads(ran.stdout.splitlines()[-1])
            out[f"{name}_evaluate_s"] = runs[name]["evaluate_s"]
            cpu = [row[0] for row in runs[name]["rows"]]
            out[f"{name}_recommend_s"] = sum(cpu)
            out[f"{name}_max_s"] = max(cpu)
            out[f"{name}_proved"] = sum(row[2] for row in runs[name]["rows"])
            print(f"  recommend ({name}): {sum(cpu):.1f} s CPU", flush=True)
    pairs = list(zip(runs["old"]["rows"], runs["new"]["rows"], strict=True))
    out["identical"] = sum(a[1] == b[1] for a, b in pairs)
    out["differ_unproved"] = sum(a[1] != b[1] and not a[2] for a, b in pairs)
    out["differ_proved"] = sum(a[1] != b[1] and a[2] for a, b in pairs)
    out["differ_better"] = sum(
        a[1] != b[1] and all(_not_worse(x, y) for x, y in zip(a[3], b[3], strict=True))
        for a, b in pairs
    )
    return out


_SAMPLES = r"""
import hashlib, json, sys, time
from pathlib import Path
from kvo_rules import Engine
engine = Engine()
rows = {}
for path in sys.argv[1:]:
    profile = engine.load_profile(path)
    engine.recommend(profile)
    w, t = time.perf_counter(), time.process_time()
    r = engine.recommend(profile, samples=500, seed=1)
    cpu, wall = time.process_time() - t, time.perf_counter() - w
    u = r.uncertainty
    digest = hashlib.sha256(u.model_dump_json().encode()).hexdigest() if u else ""
    rows[Path(path).stem] = [wall, cpu, u.unproved_samples if u else -1, digest]
print(json.dumps(rows))
"""


def bench_uncertainty(baseline: str) -> dict[str, list[list[float | str]]]:
    """``recommend --samples 500 --seed 1`` on every example profile by ``baseline``'s code and
    by this one, in fresh processes (the same example files for both)."""
    examples = sorted(str(p) for p in (ROOT / "examples").glob("*.yaml"))
    runs: dict[str, list[list[float | str]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        old = _tree(baseline, Path(tmp) / "old")
        for name, path in (("old", old), ("new", ROOT)):
            env = dict(os.environ, PYTHONPATH=str(path))
            ran = subprocess.run(
                [sys.executable, "-c", _SAMPLES, *examples], env=env, cwd=path,
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            rows = json.loads(ran.stdout.splitlines()[-1])
            for stem, row in rows.items():
                runs.setdefault(stem, []).append(row)
            print(f"  samples ({name}): {sum(r[1] for r in rows.values()):.1f} s CPU", flush=True)
    return runs


def uncertainty_lines(runs: dict[str, list[list[float | str]]], baseline: str) -> list[str]:
    lines = [
        "## Uncertainty: `recommend --samples 500` before and after the groups",
        "",
        f"One run of `python benchmarks/run.py --only uncertainty` on {date.today().isoformat()}"
        f" (load average {os.getloadavg()[0]:.2f} after it): every example profile, 500 samples,"
        f" seed 1, by the optimiser of `{baseline}` and by this one, in fresh processes; wall and"
        " CPU time of the whole `Engine.recommend` call.",
        "",
        "| example | CPU before | CPU now | now / before | wall now | unproved samples before |"
        " unproved now | same answer |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for stem in sorted(runs):
        (_ow, oc, ou, od), (nw, nc, nu, nd) = runs[stem]
        assert isinstance(oc, float) and isinstance(nc, float) and isinstance(nw, float)
        same = "yes" if od == nd else "no"
        lines.append(
            f"| {stem} | {oc:.1f} s | {nc:.1f} s | {nc / oc:.2f} | {nw:.1f} s | {ou} | {nu} "
            f"| {same} |"
        )
    old = sum(float(r[0][1]) for r in runs.values())
    new = sum(float(r[1][1]) for r in runs.values())
    lines += [
        "",
        f"All examples: {old:.1f} s -> {new:.1f} s of CPU ({new / old:.2f}). A sample's search"
        " stops at `SAMPLE_MAX_NODES` nodes; an answer that differs comes from samples the"
        " former search left unproved (column 'unproved samples before').",
        "",
    ]
    return lines


def _not_worse(old: list[float], new: list[float]) -> bool:
    """A package (benefit, horizon cost) at least as good: more benefit, or as much for no
    more cost (1e-9 tolerances)."""
    if new[0] > old[0] + 1e-9:
        return True
    return abs(new[0] - old[0]) <= 1e-9 and new[1] <= old[1] + 1e-9 * max(1.0, old[1])


def groups_lines(g: dict[str, float], baseline: str) -> list[str]:
    n = g["profiles"]
    old, new = g["old_recommend_s"], g["new_recommend_s"]
    return [
        "## Choose-at-most-one groups: a measure and its first phases (issue 18)",
        f"Regenerated alone (`benchmarks/run.py --only groups --profiles {n:.0f}`) on "
        f"{date.today().isoformat()}. The same {n:.0f} budgeted profiles (seed 12) with "
        f"alternatives, pure Python, in fresh processes, CPU time: the optimiser of "
        f"`{baseline}` (a measure and its phases as independent options in the bounds) "
        "against this one (bounded as one group: docs/model.md). Both with a 600 s time "
        "limit, so that every search ends at its node limit or proof.",
        "",
        "| optimiser | load before | recommend with alternatives | profiles/s | slowest "
        "profile | vs rule evaluation alone | profiles with every package proved optimal |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| `{baseline}` | {g['old_load']:.1f} | {old:.1f} s | {n / old:.1f} | "
        f"{g['old_max_s']:.1f} s | {old / g['old_evaluate_s']:.0f}x | "
        f"{g['old_proved']:.0f}/{n:.0f} |",
        f"| groups | {g['new_load']:.1f} | {new:.1f} s | {n / new:.1f} | "
        f"{g['new_max_s']:.1f} s | {new / g['new_evaluate_s']:.0f}x | "
        f"{g['new_proved']:.0f}/{n:.0f} |",
        "",
        f"Groups / former: {new / old:.2f} of the CPU time ({old / new:.1f}x less). "
        f"Recommendations byte-identical: {g['identical']:.0f} of {n:.0f}. Of the others, "
        f"{g['differ_unproved']:.0f} are profiles where a former search stopped at its "
        "20,000-node limit (a package marked `optimal: false` with its gap) and "
        f"{g['differ_proved']:.0f} profiles where every former search proved optimality; "
        f"in {g['differ_better']:.0f} of all that differ the recommended and ambitious "
        "packages now have at least the former benefit (as much for no more cost where "
        f"equal). `{baseline}` runs the catalogue and rules of its own tree: where they have "
        "changed since (measures, rules, the advice model), profiles differ by those "
        "changes, not by the optimiser, and the CPU time compares the two trees, not the "
        "optimisers alone.",
        "",
    ]


def _tree(rev: str, into: Path) -> Path:
    """The repository as of ``rev`` (its committed files), unpacked under ``into``."""
    into.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", rev], cwd=ROOT, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def _fresh(code: str, args: list[str], path: Path) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(path))
    ran = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, cwd=path, capture_output=True, text=True
    )
    if ran.returncode:
        raise SystemExit(f"{path}: {ran.stderr}")
    result: dict[str, float] = json.loads(ran.stdout.splitlines()[-1])
    return result


def bench_batch_streaming(src: Path, baseline: str, rounds: int = 1) -> dict[str, float]:
    """This batch against ``baseline``'s on ``src``, --jobs 2, alternating in fresh processes."""
    out: dict[str, float] = {"rounds": rounds, "identical": 1.0}
    with tempfile.TemporaryDirectory() as tmp:
        old = _tree(baseline, Path(tmp) / "old")
        for _ in range(rounds):
            for name, path in (("old", old), ("new", ROOT)):
                out[f"{name}_load"] = os.getloadavg()[0]
                got = _fresh(_BATCH, [str(src), str(Path(tmp) / f"{name}.jsonl")], path)
                for key, value in got.items():
                    out[f"{name}_{key}"] = max(out.get(f"{name}_{key}", 0.0), value)
                print(f"  batch ({name}): {got['wall_s']:.1f} s", flush=True)
            with (
                (Path(tmp) / "old.jsonl").open("rb") as a,
                (Path(tmp) / "new.jsonl").open("rb") as b,
            ):
                differ = sum(x != y for x, y in zip(a, b, strict=True))
            out["differing"] = max(out.get("differing", 0.0), float(differ))
            out["identical"] = min(out["identical"], float(differ == 0))
    return out


def _compile_core(into: Path) -> float:
    """A copy of kvo_rules under ``into`` with setup.py's COMPILED_CORE built by mypyc; the
    seconds the build took."""
    shutil.copytree(ROOT / "kvo_rules", into / "kvo_rules")
    for name in ("measures", "rulesets", "examples", "schemas"):  # the bundled data, beside it
        (into / name).symlink_to(ROOT / name)
    setup = (ROOT / "setup.py").read_text(encoding="utf-8")
    names = re.findall(r"\"(_\w+)\"", setup.split("COMPILED_CORE = (", 1)[1].split(")", 1)[0])
    modules = [f"kvo_rules/packages/{name}.py" for name in names]
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mypyc", "--config-file", os.devnull, "--ignore-missing-imports",
         "--follow-imports=silent", *modules],
        cwd=into, check=True, capture_output=True,
    )  # fmt: skip
    return time.perf_counter() - start


def bench_compiled(n: int) -> dict[str, float]:
    """recommend on ``n`` budgeted profiles, pure Python then the mypyc-compiled core."""
    with tempfile.TemporaryDirectory() as tmp:
        build_s = _compile_core(Path(tmp))
        bench = str(ROOT / "benchmarks")
        out: dict[str, float] = {"profiles": n, "build_s": build_s}
        digests = []
        for name, path in (("pure", ROOT), ("compiled", Path(tmp))):
            out[f"{name}_load"] = os.getloadavg()[0]
            got = _fresh(_RECOMMEND, [str(n), bench], path)
            assert bool(got["compiled"]) == (name == "compiled"), got
            out[f"{name}_evaluate_s"] = got["evaluate_s"]
            out[f"{name}_recommend_s"] = got["recommend_s"]
            digests.append(got["digest"])
            print(f"  recommend ({name}): {got['recommend_s']:.1f} s CPU", flush=True)
        out["identical"] = float(digests[0] == digests[1])
    return out


def batch_lines(b: dict[str, float], n: int, baseline: str) -> list[str]:
    return [
        "## Batch: records streamed to the output (issue 18)",
        f"Regenerated alone (`benchmarks/run.py --only batch-streaming --batch {n}`) on "
        f"{date.today().isoformat()}. {n:,} budgeted profiles (JSON Lines, with the "
        "alternatives), `--jobs 2`, this batch "
        f"and the batch of `{baseline}` (which kept every finished record in memory until the "
        "output was written) alternately in fresh processes on the same input.",
        "",
        "| batch | load before | seconds | batch process peak | largest worker peak |",
        "|---|---:|---:|---:|---:|",
        f"| `{baseline}` (records kept) | {b['old_load']:.1f} | {b['old_wall_s']:.1f} | "
        f"{b['old_parent_mb']:.0f} MB | {b['old_worker_mb']:.0f} MB |",
        f"| streamed | {b['new_load']:.1f} | {b['new_wall_s']:.1f} | "
        f"{b['new_parent_mb']:.0f} MB | {b['new_worker_mb']:.0f} MB |",
        "",
        (
            "Outputs byte-identical: yes. "
            if b["identical"]
            else f"Outputs differ in {b['differing']:.0f} of {n:,} records: `{baseline}` runs "
            "the catalogue, rules and optimiser of its own tree, and the measures, the rules and "
            "the package model (first phases of divisible measures as options, choose-at-most-"
            "one groups) have changed since, so the records differ by those changes; what is "
            "compared here is the batch's memory and time. "
        )
        + "Workers now send "
        "back each record as its output line (one string, not an 80 KB nested dictionary to "
        "pickle), the batch process writes it to the journal and to the output's temporary "
        "file in input order, and a resumed run copies earlier records from the journal by "
        "their place in it: the batch process's memory no longer grows with the number of "
        "profiles. The wall time is the optimiser's (the compiled-core section).",
        "",
    ]


def compiled_lines(c: dict[str, float]) -> list[str]:
    pure, comp = c["pure_recommend_s"], c["compiled_recommend_s"]
    n = c["profiles"]
    return [
        "## Compiled optimiser core (mypyc, opt-in; issue 18)",
        f"Regenerated alone (`benchmarks/run.py --only compiled --profiles {n:.0f}`) on "
        f"{date.today().isoformat()}. The same {n:.0f} budgeted profiles (seed 12) in fresh "
        "processes, CPU time; the "
        f"compiled core is setup.py's COMPILED_CORE built by mypyc ({c['build_s']:.0f} s to "
        "build here), with `KVO_MYPYC=1 pip install .` (off by default). Both run with a "
        "time limit of 600 s (recommend's default is 300 s, a safety net), so that every "
        "search ends at its 20,000-node limit (or proof) and the answers do not depend on "
        "the load.",
        "",
        "| core | load before | recommend with alternatives | profiles/s | "
        "vs rule evaluation alone |",
        "|---|---:|---:|---:|---:|",
        f"| pure Python | {c['pure_load']:.1f} | {pure:.1f} s | {n / pure:.1f} | "
        f"{pure / c['pure_evaluate_s']:.0f}x |",
        f"| compiled (mypyc) | {c['compiled_load']:.1f} | {comp:.1f} s | {n / comp:.1f} | "
        f"{comp / c['compiled_evaluate_s']:.0f}x |",
        "",
        f"Compiled / pure: {comp / pure:.2f} (the compiled core takes {pure / comp:.1f}x less "
        "CPU). Every recommendation identical: " + ("yes" if c["identical"] else "NO") + ". "
        "These profiles are the first of the recommend section's (the same generator and "
        "seed); the groups section has their proof status. The compiled core now also "
        "holds the frontier's search and walk (its section), which recommend with a budget "
        "does not run.",
        "",
    ]


def splice(text: str, section: list[str]) -> str:
    """``text`` (a generated docs/benchmarks.md) with the section of ``section``'s heading
    replaced by it, or inserted before the targets if it is new."""
    heading = section[0]
    body = "\n".join(section)
    parts = re.split(r"(?m)^(?=## )", text)
    for k, part in enumerate(parts):
        if part.startswith(heading + "\n"):
            parts[k] = body + "\n"
            return "".join(parts)
    for k, part in enumerate(parts):
        if part.startswith("## Targets"):
            return "".join([*parts[:k], body + "\n", *parts[k:]])
    return text.rstrip("\n") + "\n\n" + body + "\n"
