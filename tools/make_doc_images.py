"""Draw the charts shown in docs/charts.md from the bundled data, into docs/img/.

    python tools/make_doc_images.py            # write docs/img/*.png
    python tools/make_doc_images.py --out DIR  # somewhere else

Run it again whenever the data or the charts change, and look at the images
before committing them: the docs describe what they show.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no window

import matplotlib.pyplot as plt

import kzlt_trade

DOCS_IMG = Path(__file__).resolve().parent.parent / "docs" / "img"
DPI = 150


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DOCS_IMG, help=f"output folder (default: {DOCS_IMG})")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    ds = kzlt_trade.load()
    charts = {
        "turnover_LT.png": lambda: kzlt_trade.plot_turnover(ds, partner="LT"),
        "turnover_all.png": lambda: kzlt_trade.plot_turnover(ds, partner="all")[0],
        "growth_LT.png": lambda: kzlt_trade.plot_growth(ds, partner="LT"),
        "claims.png": lambda: kzlt_trade.plot_claims(ds),
    }
    for name, draw in charts.items():
        fig = draw().get_figure(root=True)
        assert fig is not None
        # No software version in the file, so that redrawing an unchanged chart changes no bytes.
        fig.savefig(out / name, dpi=DPI, bbox_inches="tight", metadata={"Software": None})
        plt.close(fig)
        print(f"wrote {out / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
