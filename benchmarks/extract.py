"""Speed and dev-set accuracy of :func:`kzlt_trade.extract`, beside quantulum3 when it is installed.

    python benchmarks/extract.py              # one JSON object on stdout
    python benchmarks/extract.py --chars 2e6  # a longer text
    python benchmarks/extract.py --skip-quantulum  # seconds instead of minutes

Speed: the five bundled sources, joined and repeated to about ``--chars`` characters,
extracted once untimed (lazy imports, pint's registry) and then timed ``--repeat`` times;
the best run counts. quantulum3 is timed once (about 8 minutes for 10^6 characters) on the English sources only (it
reads no Russian). Accuracy: recall and precision on the English paragraphs of
``tests/extract_devset``: a figure is found when a mention overlaps its span with the same
value; ``strict`` also wants the currency and the hedge right (quantulum3 knows no hedges,
so ``loose`` is the fair comparison for it).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import kzlt_trade
from kzlt_trade.mentions import extract

DEVSET = Path(__file__).resolve().parent.parent / "tests" / "extract_devset"
# (start, end, value, currency, hedge) of one found figure.
Found = tuple[int, int, float, str, str]


def _ours(text: str) -> list[Found]:
    return [(m.start, m.end, float(m.value), m.currency or "", m.hedge) for m in extract(text, lang="en")]


def _quantulum() -> Callable[[str], list[Found]] | None:
    try:
        from quantulum3 import parser  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError:
        return None

    def run(text: str) -> list[Found]:
        out: list[Found] = []
        for q in parser.parse(text):
            name = (q.unit.name or "").lower()
            currency = "USD" if "dollar" in name else "EUR" if "euro" in name else ""
            out.append((q.span[0], q.span[1], float(q.value), currency, "none"))
        return out

    return run


def _speed(fn: Callable[[str], object], text: str, repeat: int) -> dict[str, float]:
    fn(text[:10_000])
    best = math.inf
    for _ in range(repeat):
        started = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - started)
    return {"characters": len(text), "seconds": round(best, 4), "chars_per_second": round(len(text) / best)}


def _accuracy(fn: Callable[[str], list[Found]], lang: str) -> dict[str, Any]:
    with (DEVSET / "devset.csv").open(encoding="utf-8", newline="") as f:
        files = [r["file"] for r in csv.DictReader(f) if r["lang"] == lang]
    with (DEVSET / "annotations.csv").open(encoding="utf-8", newline="") as f:
        gold = [a for a in csv.DictReader(f) if a["file"] in files]
    found_total = loose = strict = 0
    for file in files:
        found = fn((DEVSET / file).read_text(encoding="utf-8"))
        found_total += len(found)
        for a in (g for g in gold if g["file"] == file):
            start, end, value = int(a["start"]), int(a["end"]), float(Decimal(a["value"]))
            hits = [f for f in found if f[0] < end and start < f[1] and math.isclose(f[2], value, rel_tol=1e-9)]
            loose += bool(hits)
            strict += any(f[3] == a["currency"] and f[4] == a["hedge"] for f in hits)
    n = len(gold)
    return {
        "paragraphs": len(files),
        "figures": n,
        "found": found_total,
        "recall_loose": round(loose / n, 3),
        "precision_loose": round(loose / found_total, 3) if found_total else None,
        "recall_strict": round(strict / n, 3),
        "precision_strict": round(strict / found_total, 3) if found_total else None,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=float, default=1e6, help="length of the timed text (default 1e6)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs; the best counts (default 3)")
    ap.add_argument("--skip-quantulum", action="store_true", help="do not run quantulum3 even if it is installed")
    args = ap.parse_args(argv)
    ds = kzlt_trade.load()
    texts: dict[str, tuple[str, str]] = {s.id: (s.language, ds.text(s.id)) for s in ds.source_records}

    def repeated(langs: set[str]) -> str:
        joined = "\n\n".join(t for lang, t in texts.values() if lang in langs)
        copies = max(1, round(float(args.chars) / (len(joined) + 2)))
        return (joined + "\n\n") * copies

    result: dict[str, Any] = {
        "kzlt_trade": {
            "speed_all_sources": _speed(extract, repeated({"en", "ru"}), args.repeat),
            "speed_english_sources": _speed(lambda t: extract(t, lang="en"), repeated({"en"}), args.repeat),
            "devset_en": _accuracy(_ours, "en"),
        }
    }
    quantulum = None if args.skip_quantulum else _quantulum()
    if args.skip_quantulum:
        result["quantulum3"] = "skipped (--skip-quantulum)"
    elif quantulum is None:
        result["quantulum3"] = "not installed (pip install quantulum3 to compare)"
    else:
        result["quantulum3"] = {
            "speed_english_sources": _speed(quantulum, repeated({"en"}), 1),  # about 8 minutes a run
            "devset_en": _accuracy(quantulum, "en"),
        }
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
