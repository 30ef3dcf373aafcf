"""Benchmark loading, checking and reconciling synthetic claim sets; print the results as JSON.

One command::

    python benchmarks/run.py                                  # realistic shape, 10^4, 10^5, 10^6 claims
    python benchmarks/run.py --shape simple --sizes 1e4 1e5   # the old shape, some sizes
    python benchmarks/run.py --repeat-scaling                 # findings of the bundled data copied k times

Each size runs in a fresh Python process (its peak memory is its own), stopped after
``--timeout`` seconds and limited to ``--memory-mb`` of address space; a size that
times out or fails is reported in the JSON with the stages it finished.

``--shape realistic`` (default)
    writes a data folder with :mod:`realistic` (not timed), then times
    :func:`kzlt_trade.load` (``load_s``), :func:`kzlt_trade.check` (``check_s``) and
    :func:`kzlt_trade.reconcile` with the check's report (``reconcile_s``), then the
    *pandas floor* (``floor_s``, see :func:`floor_seconds`): the library's peak memory
    (``rss_peak_mb``) is read before the floor runs, the process's
    (``rss_peak_process_mb``) after;
``--shape simple``
    builds the readings table directly with :mod:`generate` and times checking and
    reconciling it (:mod:`engine` finds the internal functions that take a table), and
    the floor on that table.

The injected contradictions are scored on ``most_likely_wrong``: ``recall`` is the
fraction of injected claims in it, ``precision`` the fraction of it that was injected;
``checker_recall`` the fraction of injected claims named in some contradiction. One
JSON object is printed per size, then a summary with the scaling exponents
``log(t2 / t1) / log(n2 / n1)`` between consecutive sizes and the targets.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import math
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

#: Targets for the largest size (10^6 claims on 2 cores).
TARGET_LOAD_S = 15.0
TARGET_CHECK_RECONCILE_S = 30.0
TARGET_MB = 2048.0
TARGET_FLOOR_RATIO = 2.0
#: Time grows "no faster than linearly" when the exponent stays below this (timing noise allowed for).
LINEAR_EXPONENT = 1.1

SHAPES = ("realistic", "simple")
DEFAULT_INJECT = {"realistic": 0.01, "simple": 0.25}
REPEATS = (1, 2, 4, 8, 12)


# -- memory -------------------------------------------------------------------------------------


def _status_mb(field: str) -> float | None:
    """A field of /proc/self/status in MiB (Linux), or None."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _peak_mb() -> float:
    return round(max(_maxrss_mb(), _status_mb("VmHWM") or 0.0), 1)


def _reset_peak() -> bool:
    """Reset the peak resident set size (VmHWM and ru_maxrss) of this process (Linux 4.0+)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        return False
    return True


def _emit(record: dict[str, Any]) -> None:
    """One JSON line on stdout: the child's progress, read by the parent."""
    print(json.dumps(record), flush=True)


# -- the pandas floor -------------------------------------------------------------------------


def _table(ds: Any) -> Any:
    """The readings table the floor starts from: the library's own table function (see :mod:`engine`)."""
    from engine import table

    return table(ds)


def floor_seconds(ds: Any = None, *, table: Any = None) -> tuple[float, dict[str, int]]:
    """The least the checker's work can cost in pandas, on the same input as :func:`kzlt_trade.check`.

    From the dataset, it builds the readings table with the library's own function
    (:func:`_table`; that build is timed), generates every relation with plain merges
    on the full key and decides it with numpy overlap tests (:func:`floor.relations`),
    and counts the instances that fail: no findings, no grouping beyond the merges, no
    wording. The simple shape passes its table directly. Returns the seconds and counts.
    """
    import floor

    t = time.perf_counter()
    tab = _table(ds) if table is None else table
    counts = floor.failures(tab)
    return time.perf_counter() - t, counts


# -- scoring ------------------------------------------------------------------------------------


def _score(injected: dict[str, str], report: Any, estimates: Any) -> dict[str, Any]:
    wrong = set(estimates.most_likely_wrong)
    inj = set(injected)
    named = {c for f in report.contradictions for c in f.claims}
    hit = inj & wrong
    kinds: dict[str, dict[str, int]] = {}
    for claim, kind in sorted(injected.items()):
        k = kinds.setdefault(kind, {"injected": 0, "recovered": 0, "named": 0})
        k["injected"] += 1
        k["recovered"] += claim in wrong
        k["named"] += claim in named
    counts = report.counts()
    return {
        "recall": len(hit) / len(inj) if inj else None,
        "precision": len(hit) / len(wrong) if wrong else (1.0 if not inj else None),
        "checker_recall": len(inj & named) / len(inj) if inj else None,
        "injected": len(inj),
        "injected_by_kind": kinds,
        "most_likely_wrong": len(wrong),
        "missed": sorted(inj - wrong)[:10],
        "false_alarms": sorted(wrong - inj)[:10],
        "n_findings": len(report),
        "n_contradictions": len(report.contradictions),
        "n_tensions": len(report.tensions),
        "findings": counts,
        "estimates": len(estimates),
    }


# -- one size, in the child process ---------------------------------------------------------------


def measure_realistic(n: int, *, seed: int, inject: float, truncate: float, workdir: Path | None) -> dict[str, Any]:
    """Write a realistic folder of ``n`` claims, then time load, check, reconcile and the floor (this process)."""
    import kzlt_trade

    out: dict[str, Any] = {"n": n, "shape": "realistic", "seed": seed}
    tmp = Path(tempfile.mkdtemp(prefix="kzlt-bench-", dir=workdir))
    try:
        # The folder is written by a process of its own, so that this one's memory is the library's only.
        t = time.perf_counter()
        truth_file = tmp / "truth.json"
        cmd = [sys.executable, str(HERE / "realistic.py"), str(tmp / "data"), "--claims", str(n), "--seed", str(seed),
               "--inject", str(inject), "--truncate", str(truncate), "--truth", str(truth_file)]  # fmt: skip
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        folder = json.loads(truth_file.read_text(encoding="utf-8"))
        data = tmp / "data"
        out.update(
            generate_s=round(time.perf_counter() - t, 3),
            claims=folder["claims"],
            sources=folder["sources"],
            partners=len(folder["partners"]),
            years=list(folder["years"]),
            ambiguous=folder["ambiguous"],
            injection_skipped=sum(folder["skipped"].values()),
            folder_mb=round(sum(p.stat().st_size for p in data.rglob("*") if p.is_file()) / 2**20, 1),
        )
        _emit({"stage": "generate", **out})
        # Warm up on the bundled data: the package imports its modules (and pandas) lazily, on first use,
        # and no timing should include imports.
        warm = kzlt_trade.load()
        kzlt_trade.reconcile(warm, report=kzlt_trade.check(warm))
        _table(warm)
        del warm
        gc.collect()
        out["rss_after_generate_mb"] = _status_mb("VmRSS")
        _reset_peak()

        t = time.perf_counter()
        ds = kzlt_trade.load(data)
        out["load_s"] = round(time.perf_counter() - t, 3)
        _emit({"stage": "load", **out})
        t = time.perf_counter()
        report = kzlt_trade.check(ds)
        out["check_s"] = round(time.perf_counter() - t, 3)
        _emit({"stage": "check", **out})
        t = time.perf_counter()
        estimates = kzlt_trade.reconcile(ds, report=report)
        out["reconcile_s"] = round(time.perf_counter() - t, 3)
        # The library's peak, from loading to reconciling; the floor comes after it.
        out["rss_peak_mb"] = _peak_mb()
        _emit({"stage": "reconcile", **out})
        out.update(_score(folder["injected"], report, estimates))
        out["floor_s"], counts = floor_seconds(ds)
        out["floor_s"] = round(out["floor_s"], 3)
        out.update(counts)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return _finish(out)


def measure_simple(n: int, *, seed: int, inject: float, trace: bool) -> dict[str, Any]:
    """Generate a simple table of ``n`` claims and time checking, reconciling and the floor (this process)."""
    from engine import check_table, reconcile_table
    from generate import generate

    out: dict[str, Any] = {"n": n, "shape": "simple", "seed": seed, "load_s": None}
    t = time.perf_counter()
    synthetic = generate(n, seed=seed, inject=inject)
    out.update(generate_s=round(time.perf_counter() - t, 3), claims=synthetic.n_claims, partners=synthetic.partners,
               injection_skipped=synthetic.skipped)  # fmt: skip
    _emit({"stage": "generate", **out})
    frame = synthetic.frame
    gc.collect()
    out["rss_after_generate_mb"] = _status_mb("VmRSS")
    _reset_peak()
    t = time.perf_counter()
    report, state = check_table(frame)
    out["check_s"] = round(time.perf_counter() - t, 3)
    _emit({"stage": "check", **out})
    t = time.perf_counter()
    estimates = reconcile_table(state, report)
    out["reconcile_s"] = round(time.perf_counter() - t, 3)
    out["rss_peak_mb"] = _peak_mb()
    _emit({"stage": "reconcile", **out})
    out.update(_score(synthetic.injected, report, estimates))
    del report, estimates, state
    gc.collect()
    out["floor_s"], counts = floor_seconds(table=frame)
    out["floor_s"] = round(out["floor_s"], 3)
    out.update(counts)
    out["tracemalloc_peak_mb"] = None
    if trace:
        gc.collect()
        tracemalloc.start()
        t = time.perf_counter()
        report, state = check_table(frame)
        reconcile_table(state, report)
        out["traced_run_s"] = round(time.perf_counter() - t, 3)
        out["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    return _finish(out)


def _finish(out: dict[str, Any]) -> dict[str, Any]:
    out["check_reconcile_s"] = round(out["check_s"] + out["reconcile_s"], 3)
    out["total_s"] = round((out.get("load_s") or 0.0) + out["check_reconcile_s"], 3)
    out["check_floor_ratio"] = round(out["check_s"] / out["floor_s"], 3) if out.get("floor_s") else None
    out["rss_peak_process_mb"] = _peak_mb()
    return out


# -- repeated reports ---------------------------------------------------------------------------


def copy_bundled(folder: Path, k: int) -> None:
    """The bundled data copied ``k`` times into ``folder``: each copy a new source with new ids, the same figures."""
    import csv

    from kzlt_trade.io import bundled_data_path

    src = bundled_data_path()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources").mkdir(exist_ok=True)

    def rows(name: str) -> tuple[list[str], list[dict[str, str]]]:
        with open(src / name, encoding="utf-8", newline="") as f:
            r = csv.DictReader(f)
            return list(r.fieldnames or []), list(r)

    s_cols, sources = rows("sources.csv")
    c_cols, claims = rows("claims.csv")
    r_cols, readings = rows("readings.csv")
    out_s, out_c, out_r = [], [], []
    for j in range(k):

        def sid(old: str, j: int = j) -> str:
            return old if j == 0 else f"{old}-copy{j:02d}"

        def cid(old: str, j: int = j) -> str:
            source, _, slug = old.partition("/")
            return f"{sid(source, j)}/{slug}" if old else old

        for s in sources:
            name = s["file"] if j == 0 else f"copy{j:02d}_{s['file']}"
            shutil.copyfile(src / "sources" / s["file"], folder / "sources" / name)
            out_s.append({**s, "id": sid(s["id"]), "file": name})
        out_c += [{**c, "id": cid(c["id"]), "source": sid(c["source"]), "part_of": cid(c["part_of"])} for c in claims]
        out_r += [{**r, "claim": cid(r["claim"])} for r in readings]
    for name, cols, data in (("sources.csv", s_cols, out_s), ("claims.csv", c_cols, out_c),
                             ("readings.csv", r_cols, out_r)):  # fmt: skip
        with open(folder / name, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
            w.writeheader()
            w.writerows(data)
    shutil.copyfile(src / "datapackage.json", folder / "datapackage.json")


def measure_repeats(k: int, *, workdir: Path | None) -> dict[str, Any]:
    """Findings of :func:`kzlt_trade.check` on the bundled data copied ``k`` times (this process)."""
    import kzlt_trade

    tmp = Path(tempfile.mkdtemp(prefix="kzlt-repeat-", dir=workdir))
    try:
        copy_bundled(tmp / "data", k)
        t = time.perf_counter()
        ds = kzlt_trade.load(tmp / "data")
        load_s = time.perf_counter() - t
        t = time.perf_counter()
        report = kzlt_trade.check(ds)
        check_s = time.perf_counter() - t
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    counts = report.counts()
    return {"repeat": k, "claims": len(ds), "n_findings": len(report), "findings": counts,
            "load_s": round(load_s, 3), "check_s": round(check_s, 3)}  # fmt: skip


# -- the parent -------------------------------------------------------------------------------------


def _exponent(n1: float, t1: float | None, n2: float, t2: float | None) -> float | None:
    if t1 is None or t2 is None or min(n1, n2, t1, t2) <= 0 or n1 == n2:
        return None
    return round(math.log(t2 / t1) / math.log(n2 / n1), 3)


_TIMES = ("load", "check", "reconcile", "floor", "total")


def summarize(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Scaling exponents between consecutive finished sizes, and the targets for the largest size."""
    import numpy
    import pandas

    done = [r for r in results if "error" not in r]
    scaling = []
    for a, b in itertools.pairwise(done):
        scaling.append({"from": a["n"], "to": b["n"],
                        **{f"{k}_exponent": _exponent(a["n"], a.get(f"{k}_s"), b["n"], b.get(f"{k}_s"))
                           for k in _TIMES}})  # fmt: skip
    targets: dict[str, Any] = {}
    if results:
        largest = max(results, key=lambda r: r["n"])
        finished = "error" not in largest
        pair = next((s for s in scaling if s["from"] == 10**5 and s["to"] == 10**6), scaling[-1] if scaling else None)
        targets = {
            "largest_n": largest["n"],
            "finished": finished,
            "load_le_15_s": _le(largest.get("load_s"), TARGET_LOAD_S),
            "check_reconcile_le_30_s": _le(largest.get("check_reconcile_s"), TARGET_CHECK_RECONCILE_S)
            if finished
            else _false_if_over(largest, ("check_s", "reconcile_s"), TARGET_CHECK_RECONCILE_S),
            # The library's peak, loading to reconciling; the floor, a measuring device, runs after it.
            "peak_le_2048_mb": _le(largest.get("rss_peak_mb"), TARGET_MB),
            "check_le_2x_floor": _le(largest.get("check_floor_ratio"), TARGET_FLOOR_RATIO),
            "exponent_pair": None if pair is None else [pair["from"], pair["to"]],
            "exponent_le_1_1": None
            if pair is None
            else all(
                e <= LINEAR_EXPONENT
                for k in ("load", "check", "reconcile", "total")
                if (e := pair.get(f"{k}_exponent")) is not None
            ),
            "exact_recovery": all(r.get("recall") in (None, 1.0) and r.get("precision") in (None, 1.0) for r in results)
            if finished
            else False,
        }
    return {
        "summary": True,
        "shape": results[0]["shape"] if results else None,
        "sizes": [r["n"] for r in results],
        **{f"{k}_s": [r.get(f"{k}_s") for r in results] for k in _TIMES},
        "rss_peak_mb": [r.get("rss_peak_mb") for r in results],
        "rss_peak_process_mb": [r.get("rss_peak_process_mb") for r in results],
        "recall": [r.get("recall") for r in results],
        "precision": [r.get("precision") for r in results],
        "errors": {str(r["n"]): r["error"] for r in results if "error" in r},
        "scaling": scaling,
        "targets": targets,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "numpy": numpy.__version__,
            "pandas": pandas.__version__,
            "platform": platform.platform(),
        },
    }


def _le(value: float | None, target: float) -> bool | None:
    """Whether a measured value meets its target (None when it was not measured)."""
    return None if value is None else value <= target


def _false_if_over(result: dict[str, Any], keys: tuple[str, ...], target: float) -> bool | None:
    """For an unfinished size: False when the stages it finished already exceed the target, else None."""
    spent = sum(result.get(k) or 0.0 for k in keys)
    return False if spent > target or result.get("error", "").startswith("timeout") else None


def _run_child(args: list[str], *, timeout: float, generate_timeout: float, what: dict[str, Any]) -> dict[str, Any]:
    """Run one measurement in a fresh process; its last JSON line, or what it finished and why it stopped.

    ``timeout`` counts from the end of the untimed generation (its "generate" line), or
    from the start when there is none (the repeat mode); generation has ``generate_timeout``.
    """
    import queue
    import threading

    cmd = [sys.executable, str(Path(__file__).resolve()), *args]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    records: list[dict[str, Any]] = []
    deadline = start + (generate_timeout if "--child" in args else timeout)
    error = None
    while True:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.perf_counter()))
        except queue.Empty:
            proc.kill()
            error = (
                f"timeout after {timeout:g} s"
                if any(r.get("stage") == "generate" for r in records)
                else (f"generation took over {generate_timeout:g} s")
            )
            break
        if line is None:
            proc.wait()
            error = None if proc.returncode == 0 else f"exit status {proc.returncode}"
            break
        if line.startswith("{"):
            records.append(json.loads(line))
            if records[-1].get("stage") == "generate":
                deadline = time.perf_counter() + timeout
    proc.wait()
    last = records[-1] if records else {}
    if error is None and last and "stage" not in last:
        return last
    out = {**what, **{k: v for k, v in last.items() if k != "stage"}}
    out["error"] = error or "no result"
    out["finished_stage"] = last.get("stage")
    out["wall_s"] = round(time.perf_counter() - start, 1)
    return out


def _size(text: str) -> int:
    value = float(text)
    if value < 1 or value != int(value):
        raise argparse.ArgumentTypeError(f"not a whole number of claims: {text}")
    return int(value)


def _limit_memory(mb: float) -> None:
    if mb > 0:
        limit = int(mb * 2**20)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shape", choices=SHAPES, default="realistic", help="claim sets to measure (default realistic)"
    )
    parser.add_argument("--sizes", nargs="+", type=_size, default=[10**4, 10**5, 10**6], metavar="N",
                        help="numbers of claims, e.g. 1e4 1e5 1e6 (the default)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=0, help="random seed of the claim sets (default 0)")
    parser.add_argument("--inject", type=float, default=None,
                        help="realistic: fraction of claims tried as injections (default 0.01); "
                             "simple: fraction of partners given one (default 0.25)")  # fmt: skip
    parser.add_argument("--truncate", type=float, default=0.0,
                        help="realistic: probability that a release truncates its figures (default 0)")  # fmt: skip
    parser.add_argument("--timeout", type=float, default=900.0,
                        help="seconds allowed per size once its data is generated (default 900)")  # fmt: skip
    parser.add_argument("--generate-timeout", type=float, default=3600.0,
                        help="seconds allowed to generate the data of a size (default 3600)")  # fmt: skip
    parser.add_argument("--memory-mb", type=float, default=16384.0,
                        help="address-space limit of each child process, MiB (default 16384; 0 for none)")  # fmt: skip
    parser.add_argument("--no-tracemalloc", dest="trace", action="store_false",
                        help="simple shape: skip the second, traced run (faster)")  # fmt: skip
    parser.add_argument("--repeat-scaling", action="store_true",
                        help="instead: findings of check() on the bundled data copied 1..12 times")  # fmt: skip
    parser.add_argument("--workdir", type=Path, default=None, help="where the folders are written (default: temp)")
    parser.add_argument("--output", type=Path, help="also write all results to this file (JSON)")
    parser.add_argument("--child", type=_size, help=argparse.SUPPRESS)
    parser.add_argument("--child-repeat", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    inject = DEFAULT_INJECT[args.shape] if args.inject is None else args.inject

    if args.child is not None or args.child_repeat is not None:
        _limit_memory(args.memory_mb)
        try:
            if args.child_repeat is not None:
                result = measure_repeats(args.child_repeat, workdir=args.workdir)
            elif args.shape == "realistic":
                result = measure_realistic(args.child, seed=args.seed, inject=inject, truncate=args.truncate,
                                           workdir=args.workdir)  # fmt: skip
            else:
                result = measure_simple(args.child, seed=args.seed, inject=inject, trace=args.trace)
        except MemoryError:
            _emit({"stage": "memory_error"})
            return 3
        _emit(result)
        return 0

    # The children write under one folder of the parent's, removed at the end even if a child was killed.
    workdir = Path(tempfile.mkdtemp(prefix="kzlt-bench-", dir=args.workdir))
    common = ["--seed", str(args.seed), "--inject", str(inject), "--truncate", str(args.truncate),
              "--memory-mb", str(args.memory_mb), "--shape", args.shape, "--workdir", str(workdir)]  # fmt: skip
    if not args.trace:
        common.append("--no-tracemalloc")
    results: list[dict[str, Any]] = []
    if args.repeat_scaling:
        for k in REPEATS:
            r = _run_child(["--child-repeat", str(k), *common], timeout=args.timeout,
                           generate_timeout=args.generate_timeout, what={"repeat": k})  # fmt: skip
            results.append(r)
            print(json.dumps(r), flush=True)
        base = results[0].get("n_findings")
        summary = {"summary": True, "repeat_scaling": True, "repeats": list(REPEATS),
                   "n_findings": [r.get("n_findings") for r in results],
                   "findings_per_copy": [None if not r.get("n_findings") else round(r["n_findings"] / r["repeat"], 2)
                                         for r in results],
                   "findings_exponent": _exponent(REPEATS[0], base, REPEATS[-1], results[-1].get("n_findings")),
                   "relations": [r.get("findings", {}).get("relations") for r in results],
                   "relations_exponent": _exponent(REPEATS[0], results[0].get("findings", {}).get("relations"),
                                                   REPEATS[-1], results[-1].get("findings", {}).get("relations")),
                   "linear": None}  # fmt: skip
        if summary["findings_exponent"] is not None:
            summary["linear"] = summary["findings_exponent"] <= LINEAR_EXPONENT
    else:
        for n in args.sizes:
            r = _run_child(["--child", str(n), *common], timeout=args.timeout,
                           generate_timeout=args.generate_timeout, what={"n": n, "shape": args.shape})  # fmt: skip
            results.append(r)
            print(json.dumps(r), flush=True)
        summary = summarize(results)
    shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(summary), flush=True)
    if args.output:
        args.output.write_text(json.dumps({"results": results, "summary": summary}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
