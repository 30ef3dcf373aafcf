"""Fill in or check the start/end offsets of the quotes in a claims file.

Maintainers write a claim's quote by copying the source's words; this tool
finds them in the source text and writes the character offsets, so nobody
counts characters by hand. It refuses a quote that is absent or that occurs
more than once without offsets to choose between.

    python tools/locate_quotes.py data            # check, report mismatches
    python tools/locate_quotes.py data --write    # fill in start/end
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--write", action="store_true", help="rewrite claims.csv with the offsets found")
    args = parser.parse_args(argv)
    folder: Path = args.folder
    with open(folder / "sources.csv", encoding="utf-8", newline="") as f:
        files = {row["id"]: row["file"] for row in csv.DictReader(f)}
    with open(folder / "claims.csv", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    texts: dict[str, str] = {}
    failures = 0
    for n, row in enumerate(rows, start=1):
        source = row["source"]
        if source not in texts:
            texts[source] = (folder / "sources" / files[source]).read_text(encoding="utf-8")
        text, quote = texts[source], row["quote"]
        first = text.find(quote)
        if first < 0:
            print(f"row {n} ({row['id']}): quote not found in {files[source]}", file=sys.stderr)
            failures += 1
            continue
        if text.find(quote, first + 1) >= 0 and not row.get("start"):
            print(f"row {n} ({row['id']}): quote occurs more than once; set start by hand", file=sys.stderr)
            failures += 1
            continue
        start = int(row["start"]) if row.get("start") and text[int(row["start"]) :].startswith(quote) else first
        if row.get("start") and (int(row["start"]), int(row["end"])) != (start, start + len(quote)):
            print(f"row {n} ({row['id']}): offsets {row['start']}..{row['end']}, found {start}..{start + len(quote)}")
        row["start"], row["end"] = str(start), str(start + len(quote))
    if args.write and not failures:
        with open(folder / "claims.csv", "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
