"""Draw the charts shown in docs/charts.md from the bundled data, into docs/img/.

    python tools/make_doc_images.py            # write docs/img/*.png
    python tools/make_doc_images.py --out DIR  # somewhere else

Run it again whenever the data or the charts change, and look at the images
before committing them: the docs describe what they show.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")  # files only, no window

import matplotlib.pyplot as plt

import kzlt_trade
from kzlt_trade.mirror import mirror_table
from kzlt_trade.plot import plot_claims, plot_growth, plot_mirror, plot_turnover, plot_turnover_panels

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DOCS_IMG = Path(__file__).resolve().parent.parent / "docs" / "img"
DPI = 150


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DOCS_IMG, help=f"output folder (default: {DOCS_IMG})")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    ds = kzlt_trade.load()
    # One check and one reconciliation for all the charts.
    report = kzlt_trade.check(ds)
    est = kzlt_trade.reconcile(ds, report=report)
    charts: dict[str, Callable[[], Figure | None]] = {
        "turnover_LT.png": lambda: plot_turnover(ds, partner="LT", report=report, estimates=est).get_figure(root=True),
        "turnover_all.png": lambda: plot_turnover_panels(ds, partner="all", report=report, estimates=est).figure,
        "growth_LT.png": lambda: plot_growth(ds, partner="LT", report=report, estimates=est).get_figure(root=True),
        "claims.png": lambda: plot_claims(ds, report=report, estimates=est).get_figure(root=True),
        "mirror_LT.png": lambda: plot_mirror("LT", table=mirror_table(ds, partner="LT")).get_figure(root=True),
    }
    for name, draw in charts.items():
        fig = draw()
        assert fig is not None  # the charts draw on figures of their own
        # No software version in the file, so that redrawing an unchanged chart changes no bytes.
        fig.savefig(out / name, dpi=DPI, bbox_inches="tight", metadata={"Software": None})
        plt.close(fig)
        print(f"wrote {out / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
