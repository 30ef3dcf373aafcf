"""The Jupyter reprs in a real browser, inside the pages of the notebooks that show them.

Each host page embeds the fragments of the bundled data (a claim, the dataset, the
report, the estimates) the way a notebook front end does: inside JupyterLab's
output wrapper with its competing table rules and its light or dark theme
variables, inside a VS Code dark webview (its ``--vscode-*`` variables), and in a
bare page asking for ``prefers-color-scheme: dark``. Headless Chromium
(:mod:`tests.browser`) renders each one; a script on the page reports, on the
console, where every marked figure is and the computed alignment of every cell.
From the screenshot, the marked figure's text must contrast with its own
background by the WCAG 2 ratio of at least 4.5 (the level AA for body text);
the cells must be aligned as ours say despite the host's ``text-align: right``;
no claim id may be broken across lines; the console must hold nothing else.

The host rules and variables below are copied from JupyterLab 4's
``packages/rendermime/style/base.css`` and its ``theme-light-extension`` and
``theme-dark-extension`` ``variables.css`` (the few that touch a table), and
from VS Code's Dark+ theme colours (as a notebook webview exposes them).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import kzlt_trade
from kzlt_trade.display import claim_html, dataset_html, estimates_html, report_html
from tests.browser import render

#: WCAG 2.x, success criterion 1.4.3 (contrast, minimum): 4.5 for normal text.
MIN_CONTRAST = 4.5
#: The marker of the page's measurement on the console.
MEASURED = "KZLT-MEASURED "

# JupyterLab's rules for rendered HTML that compete with ours (rendermime/style/base.css).
JUPYTERLAB_RULES = """
.jp-RenderedHTMLCommon {color: var(--jp-content-font-color1); font-family: var(--jp-content-font-family);
  font-size: var(--jp-content-font-size1); line-height: var(--jp-content-line-height); padding-right: 20px}
.jp-ThemedContainer .jp-RenderedHTMLCommon pre, .jp-ThemedContainer .jp-RenderedHTMLCommon code {border: 0;
  background-color: var(--jp-layout-color0); color: var(--jp-content-font-color1);
  font-family: var(--jp-code-font-family); font-size: inherit; padding: 0; white-space: pre-wrap}
.jp-ThemedContainer .jp-RenderedHTMLCommon :not(pre) > code {background-color: var(--jp-layout-color2);
  padding: 1px 5px}
.jp-RenderedHTMLCommon table {border-collapse: collapse; border-spacing: 0; border: none;
  color: var(--jp-ui-font-color1); font-size: var(--jp-ui-font-size1); table-layout: fixed;
  margin-left: auto; margin-bottom: 1em; margin-right: auto}
.jp-RenderedHTMLCommon thead {border-bottom: var(--jp-border-width) solid var(--jp-border-color1);
  vertical-align: bottom}
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th, .jp-RenderedHTMLCommon tr {vertical-align: middle;
  padding: 0.5em; line-height: normal; white-space: normal; max-width: none; border: none}
:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td, :not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon th,
:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon tr {text-align: right}
.jp-RenderedHTMLCommon th {font-weight: bold}
.jp-RenderedHTMLCommon tbody tr:nth-child(odd) {background: var(--jp-layout-color0)}
.jp-RenderedHTMLCommon tbody tr:nth-child(even) {background: var(--jp-rendermime-table-row-background)}
.jp-RenderedHTMLCommon p {text-align: left; margin: 0; margin-bottom: 1em}
"""

JUPYTERLAB_LIGHT = """:root {
  --jp-content-font-color1: rgba(0, 0, 0, 0.87); --jp-content-font-color2: rgba(0, 0, 0, 0.54);
  --jp-ui-font-color1: rgba(0, 0, 0, 0.87); --jp-layout-color0: white; --jp-layout-color1: white;
  --jp-layout-color2: #eeeeee; --jp-border-width: 1px; --jp-border-color1: #bdbdbd; --jp-border-color2: #e0e0e0;
  --jp-rendermime-table-row-background: #f5f5f5; --jp-error-color0: #d32f2f; --jp-warn-color0: #f57c00;
  --jp-brand-color0: #1976d2; --jp-content-line-height: 1.6;
}"""

JUPYTERLAB_DARK = """:root {
  --jp-content-font-color1: rgba(255, 255, 255, 1); --jp-content-font-color2: rgba(255, 255, 255, 0.7);
  --jp-ui-font-color1: rgba(255, 255, 255, 0.87); --jp-layout-color0: #111; --jp-layout-color1: #212121;
  --jp-layout-color2: #424242; --jp-border-width: 1px; --jp-border-color1: #616161; --jp-border-color2: #424242;
  --jp-rendermime-table-row-background: #212121; --jp-error-color0: #d32f2f; --jp-warn-color0: #f57c00;
  --jp-brand-color0: #1976d2; --jp-content-line-height: 1.6;
}
body {background: #111}"""

VSCODE_DARK = """:root {
  --vscode-editor-foreground: #cccccc; --vscode-editor-background: #1e1e1e;
  --vscode-descriptionForeground: rgba(204, 204, 204, 0.7); --vscode-editorWidget-background: #252526;
  --vscode-panel-border: rgba(128, 128, 128, 0.35); --vscode-errorForeground: #f48771;
  --vscode-editorWarning-foreground: #cca700; --vscode-textLink-foreground: #3794ff;
}
body {background: #1e1e1e; color: #cccccc; font-family: system-ui, sans-serif}
td, th {text-align: right}"""

# Reports, for every marked figure, its box and how many line boxes it takes; for every cell its
# computed alignment (counted by whether ours right-align it); every claim id that spans lines.
MEASURE = """<script>
const out = {marks: [], cells: {}, broken: [], root: []};
for (const m of document.querySelectorAll(".kzlt-trade mark")) {
  const r = m.getBoundingClientRect();
  out.marks.push([r.left, r.top, r.right, r.bottom, m.getClientRects().length]);
}
for (const c of document.querySelectorAll(".kzlt-trade td, .kzlt-trade th")) {
  const key = (c.classList.contains("num") ? "num" : c.classList.contains("more") ? "more" : "text")
    + ":" + getComputedStyle(c).textAlign;
  out.cells[key] = (out.cells[key] || 0) + 1;
}
for (const e of document.querySelectorAll(".kzlt-trade .kzlt-id")) {
  if (e.getClientRects().length > 1) out.broken.push(e.textContent);
}
for (const e of document.querySelectorAll(".kzlt-trade")) {
  const s = getComputedStyle(e);
  out.root.push([s.color, s.backgroundColor]);
}
out.viewport = [innerWidth, innerHeight];
console.log("KZLT-MEASURED " + JSON.stringify(out));
</script>"""


@dataclass(frozen=True)
class Host:
    """A page that shows the fragments as one notebook front end does."""

    css: str
    #: The classes of the wrapper around the fragments.
    wrapper: str
    #: Whether the browser is asked for ``prefers-color-scheme: dark``.
    dark: bool = False


HOSTS = {
    "jupyterlab-light": Host(JUPYTERLAB_RULES + JUPYTERLAB_LIGHT, "jp-RenderedHTMLCommon jp-OutputArea-output"),
    "jupyterlab-dark": Host(JUPYTERLAB_RULES + JUPYTERLAB_DARK, "jp-RenderedHTMLCommon jp-OutputArea-output"),
    "vscode-dark": Host(VSCODE_DARK, "output_html"),
    "bare-dark": Host("", "", dark=True),
}


def page(host: Host, fragments: list[str]) -> str:
    # A large font, so the marked figure's glyphs have solid pixels of the text's own colour.
    big = ":root {--jp-content-font-size1: 28px; --jp-ui-font-size1: 28px} body {font-size: 28px; margin: 8px}"
    body_class = ' class="jp-ThemedContainer"' if "jp-" in host.wrapper else ""
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><style>{host.css}\n{big}</style></head>'
        f'<body{body_class}><div class="{host.wrapper}">{"".join(fragments)}</div>{MEASURE}</body></html>'
    )


def luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG 2 relative luminance of sRGB colours in [0, 1] (last axis: R, G, B)."""
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return np.asarray(linear @ np.array([0.2126, 0.7152, 0.0722]))


def contrast(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """WCAG 2 contrast ratio of colours ``a`` and ``b`` (1 to 21)."""
    la, lb = luminance(a), luminance(b)
    return np.asarray((np.maximum(la, lb) + 0.05) / (np.minimum(la, lb) + 0.05))


def css_colour(text: str, over: np.ndarray | None = None) -> np.ndarray:
    """A computed CSS colour (``rgb(...)``/``rgba(...)``) as RGB in [0, 1], blended over ``over``."""
    numbers = [float(x) for x in re.findall(r"[\d.]+", text)]
    rgb = np.array(numbers[:3]) / 255
    alpha = numbers[3] if len(numbers) > 3 else 1.0
    return rgb if over is None else alpha * rgb + (1 - alpha) * over


def mark_contrast(image: np.ndarray, box: list[float]) -> tuple[float, float]:
    """The contrast of a marked figure's text with its background, and the share of that background.

    The background is the most frequent colour inside the mark's box; the text is the pixel that
    contrasts with it most (a glyph's solid core, at the page's large font).
    """
    left, top, right, bottom = (int(np.ceil(box[0])) + 1, int(np.ceil(box[1])) + 1, int(box[2]) - 1, int(box[3]) - 1)
    crop = image[top:bottom, left:right, :3].reshape(-1, 3)
    quantised = np.round(crop * 255).astype(int)
    (background, count), *_ = Counter(map(tuple, quantised)).most_common(1)
    bg = np.array(background) / 255
    ratios = contrast(crop, np.broadcast_to(bg, crop.shape))
    return float(ratios.max()), count / len(crop)


@pytest.fixture(scope="module")
def fragments() -> list[str]:
    ds = kzlt_trade.load()
    report = kzlt_trade.check(ds)
    est = kzlt_trade.reconcile(ds, report=report)
    claim = ds.claim("mfa-2023-10-10/turnover-2022")
    return [claim_html(claim), dataset_html(ds), report_html(report), estimates_html(est)]


def rendered(name: str, fragments: list[str], folder: Path) -> tuple[np.ndarray, dict[str, Any], list[str]]:
    """Render ``fragments`` in host ``name``: the screenshot, the page's measurement, the other console lines."""
    from tests.browser import pixels

    host = HOSTS[name]
    html_file = folder / f"{name}.html"
    html_file.write_text(page(host, fragments), encoding="utf-8")
    shot = render(html_file, folder / f"{name}.png", width=2600, height=2400, dark=host.dark)
    measured = [m for m in shot.console if m.startswith(f'"{MEASURED}')]
    others = [m for m in shot.console if not m.startswith(f'"{MEASURED}')]
    assert len(measured) == 1, shot.console
    payload = re.match(rf'"{MEASURED}(.*)", source: ', measured[0])
    assert payload is not None, measured[0]
    image = np.asarray(pixels(shot.png), dtype=float)
    return image, json.loads(payload.group(1)), others


@pytest.mark.parametrize("name", list(HOSTS))
def test_the_reprs_read_well_in_the_host(name: str, fragments: list[str], tmp_path: Path) -> None:
    image, measured, console = rendered(name, fragments, tmp_path)
    assert console == []  # no error, warning or log of the page's own
    height, width = image.shape[:2]
    height = min(height, measured["viewport"][1])

    # The marked figures on screen: one line each, the text readable on the mark's background.
    marks = [m for m in measured["marks"] if m[3] <= height and m[2] <= width and m[2] - m[0] > 4]
    assert len(marks) >= 3, measured["marks"][:5]
    for box in marks:
        assert box[4] == 1, box  # a figure is never split across lines
        ratio, share = mark_contrast(image, box)
        assert share > 0.4, (box, share)  # the box is mostly the mark's background
        assert ratio >= MIN_CONTRAST, f"{name}: marked figure at {box[:4]} has contrast {ratio:.2f}"

    # The fragment's own text against its own background (computed colours, alpha blended).
    for colour, background in measured["root"]:
        bg = css_colour(background, over=np.ones(3))
        assert float(contrast(css_colour(colour, over=bg), bg)) >= MIN_CONTRAST, (colour, background)

    # Ours say: text cells left, numbers right, the "more" row centred; the host's rule loses.
    cells = measured["cells"]
    assert set(cells) <= {"text:left", "num:right", "more:center"}, cells
    assert cells["text:left"] > 100
    assert cells["num:right"] > 50

    assert measured["broken"] == []  # no claim id broken across lines


def test_the_contrast_check_sees_an_unreadable_mark(fragments: list[str], tmp_path: Path) -> None:
    # The check itself: white text on pale yellow (the old CSS in a dark theme) must fail it.
    bad = [f.replace("</style>", ".kzlt-trade.kzlt-trade mark {color: #fff; background: #fff0a0}</style>", 1)
           for f in fragments[:1]]  # fmt: skip
    image, measured, _ = rendered("jupyterlab-dark", bad, tmp_path)
    ratio, _ = mark_contrast(image, measured["marks"][0])
    assert ratio < 1.5
