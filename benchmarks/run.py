"""Benchmark the checker and the reconciler on synthetic claim sets; print the results as JSON.

One command::

    python benchmarks/run.py                      # 10^4, 10^5 and 10^6 claims
    python benchmarks/run.py --sizes 1e4 1e5      # some sizes only

Each size runs in a fresh Python process, so that its peak memory is its own. The
process generates a claim set (:mod:`generate`, not timed), then times
:func:`kzlt_trade.checker.check_frame` and :func:`kzlt_trade.reconciler.reconcile_frame`
separately with :func:`time.perf_counter`, and measures memory three ways:

``rss_peak_mb``
    the peak resident set size while checking and reconciling (``VmHWM`` and
    ``ru_maxrss``, reset after generating the set; the set itself is resident and
    counted);
``rss_peak_process_mb``
    the peak of the whole process, generation included;
``tracemalloc_peak_mb``
    the peak of memory allocated by check and reconcile, traced by :mod:`tracemalloc`
    in a second, untimed run of both (the claim set, allocated before, is not counted).

It then scores the injected contradictions: ``recall`` is the fraction of injected
claims that the reconciler finds most likely wrong, ``precision`` the fraction of
claims it finds most likely wrong that were injected, ``checker_recall`` the
fraction of injected claims named in some contradiction the checker reports.

One JSON object is printed per size as it finishes, one line each, then a summary
with the scaling exponents ``log(t2 / t1) / log(n2 / n1)`` between consecutive sizes
and whether the targets are met.
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
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

#: Targets for the largest size (10^6 claims on 2 cores).
TARGET_SECONDS = 60.0
TARGET_MB = 4096.0
#: Time grows "no faster than linearly" when the exponent stays below this (timing noise allowed for).
LINEAR_EXPONENT = 1.1


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


def _reset_peak() -> bool:
    """Reset the peak resident set size (VmHWM and ru_maxrss) of this process (Linux 4.0+)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        return False
    return True


def measure(n: int, *, seed: int, inject: float, trace: bool) -> dict[str, Any]:
    """Generate, check, reconcile and score one claim set of ``n`` claims (in this process)."""
    sys.path.insert(0, str(HERE))
    from generate import generate

    from kzlt_trade.checker import check_frame
    from kzlt_trade.reconciler import reconcile_frame

    t = time.perf_counter()
    synthetic = generate(n, seed=seed, inject=inject)
    generate_s = time.perf_counter() - t
    frame = synthetic.frame
    gc.collect()
    rss_generated = _status_mb("VmRSS")
    peak_generate = _maxrss_mb()
    reset = _reset_peak()

    t0 = time.perf_counter()
    report = check_frame(frame)
    t1 = time.perf_counter()
    estimates = reconcile_frame(frame, report)
    t2 = time.perf_counter()
    peak_run = _maxrss_mb()
    hwm = _status_mb("VmHWM")

    injected = set(synthetic.injected)
    wrong = set(estimates.most_likely_wrong)
    named = {c for f in report.contradictions for c in f.claims}
    hit = injected & wrong
    kinds: dict[str, dict[str, int]] = {}
    for claim, kind in synthetic.injected.items():
        k = kinds.setdefault(kind, {"injected": 0, "recovered": 0})
        k["injected"] += 1
        k["recovered"] += claim in wrong
    result: dict[str, Any] = {
        "claims": synthetic.n_claims,
        "partners": synthetic.partners,
        "seed": seed,
        "injected": len(injected),
        "injected_by_kind": kinds,
        "injection_skipped": synthetic.skipped,
        "check_s": round(t1 - t0, 3),
        "reconcile_s": round(t2 - t1, 3),
        "total_s": round(t2 - t0, 3),
        "generate_s": round(generate_s, 3),
        "rss_after_generate_mb": None if rss_generated is None else round(rss_generated, 1),
        "rss_peak_mb": round(max(peak_run, hwm or 0.0), 1) if reset else None,
        "rss_peak_process_mb": round(max(peak_generate, peak_run, hwm or 0.0), 1),
        "tracemalloc_peak_mb": None,
        "recall": len(hit) / len(injected) if injected else None,
        "precision": len(hit) / len(wrong) if wrong else (1.0 if not injected else None),
        "checker_recall": len(injected & named) / len(injected) if injected else None,
        "most_likely_wrong": len(wrong),
        "missed": sorted(injected - wrong)[:10],
        "false_alarms": sorted(wrong - injected)[:10],
        "relation_groups": len(report.relations),
        "findings": report.counts(),
        "estimates": len(estimates),
    }
    if trace:
        del report, estimates
        gc.collect()
        tracemalloc.start()
        t = time.perf_counter()
        report = check_frame(frame)
        estimates = reconcile_frame(frame, report)
        result["traced_run_s"] = round(time.perf_counter() - t, 3)
        result["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    return result


def _exponent(n1: float, t1: float, n2: float, t2: float) -> float | None:
    if min(n1, n2, t1, t2) <= 0 or n1 == n2:
        return None
    return round(math.log(t2 / t1) / math.log(n2 / n1), 3)


def summarize(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Scaling exponents between consecutive sizes, and the targets for the largest size."""
    import numpy
    import pandas

    scaling = []
    for a, b in itertools.pairwise(results):
        scaling.append(
            {
                "from": a["claims"],
                "to": b["claims"],
                **{
                    f"{k}_exponent": _exponent(a["claims"], a[f"{k}_s"], b["claims"], b[f"{k}_s"])
                    for k in ("check", "reconcile", "total")
                },
            }
        )
    if len(results) > 2:
        a, b = results[0], results[-1]
        scaling.append(
            {
                "from": a["claims"],
                "to": b["claims"],
                "overall": True,
                **{
                    f"{k}_exponent": _exponent(a["claims"], a[f"{k}_s"], b["claims"], b[f"{k}_s"])
                    for k in ("check", "reconcile", "total")
                },
            }
        )
    largest = max(results, key=lambda r: r["claims"])
    peak = largest["rss_peak_process_mb"]
    # Linear means between every two consecutive sizes, not only overall.
    exponents = [s["total_exponent"] for s in scaling if s["total_exponent"] is not None and not s.get("overall")]
    exact = all(r["recall"] in (None, 1.0) and r["precision"] in (None, 1.0) for r in results)
    return {
        "summary": True,
        "sizes": [r["claims"] for r in results],
        "check_s": [r["check_s"] for r in results],
        "reconcile_s": [r["reconcile_s"] for r in results],
        "total_s": [r["total_s"] for r in results],
        "rss_peak_mb": [r["rss_peak_mb"] for r in results],
        "rss_peak_process_mb": [r["rss_peak_process_mb"] for r in results],
        "tracemalloc_peak_mb": [r["tracemalloc_peak_mb"] for r in results],
        "recall": [r["recall"] for r in results],
        "precision": [r["precision"] for r in results],
        "checker_recall": [r["checker_recall"] for r in results],
        "scaling": scaling,
        "targets": {
            "largest_claims": largest["claims"],
            "under_60_s": largest["total_s"] < TARGET_SECONDS,
            "under_4_gb": peak < TARGET_MB,
            "linear": bool(exponents) and max(exponents) <= LINEAR_EXPONENT,
            "exact_recovery": exact,
        },
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "numpy": numpy.__version__,
            "pandas": pandas.__version__,
            "platform": platform.platform(),
        },
    }


def _size(text: str) -> int:
    value = float(text)
    if value < 1 or value != int(value):
        raise argparse.ArgumentTypeError(f"not a whole number of claims: {text}")
    return int(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", type=_size, default=[10**4, 10**5, 10**6], metavar="N",
                        help="numbers of claims, e.g. 1e4 1e5 1e6 (the default)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=0, help="random seed of the claim sets (default 0)")
    parser.add_argument("--inject", type=float, default=0.25,
                        help="fraction of partners given one contradiction (default 0.25)")  # fmt: skip
    parser.add_argument("--no-tracemalloc", dest="trace", action="store_false",
                        help="skip the second, traced run (faster)")  # fmt: skip
    parser.add_argument("--output", type=Path, help="also write all results to this file (JSON)")
    parser.add_argument("--child", type=_size, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child is not None:
        print(json.dumps(measure(args.child, seed=args.seed, inject=args.inject, trace=args.trace)), flush=True)
        return 0

    results = []
    for n in args.sizes:
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(n), "--seed", str(args.seed),
               "--inject", str(args.inject)]  # fmt: skip
        if not args.trace:
            cmd.append("--no-tracemalloc")
        done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=False)
        if done.returncode != 0:
            print(json.dumps({"claims": n, "error": f"exit status {done.returncode}"}), flush=True)
            return 1
        result = json.loads(done.stdout.strip().splitlines()[-1])
        results.append(result)
        print(json.dumps(result), flush=True)
    summary = summarize(results)
    print(json.dumps(summary), flush=True)
    if args.output:
        args.output.write_text(json.dumps({"results": results, "summary": summary}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
