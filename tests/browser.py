"""Headless Chromium for the tests that look at pages: a screenshot and the console.

The tests that render HTML (the Jupyter reprs, the static report) go through
:func:`render`. Debian's ``chromium`` is the browser; ``.ci/run`` installs it
where it is absent. Outside CI a machine without it skips these tests; in CI
(``CI=true``) a missing browser fails them, so the check cannot pass unseen.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

# Flags for a closed network and a root user (see the machine notes in .ci/run).
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
)
# A page's console messages, as Chromium logs them on stderr.
_CONSOLE = re.compile(r":CONSOLE[^\]]*\] (.*)$")


def chromium() -> str:
    """The browser's path; skips the test where there is none (fails in CI)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed; .ci/run installs Debian's chromium package")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return path


@dataclass(frozen=True)
class Rendered:
    """What the browser made of a page."""

    #: The screenshot, a PNG file.
    png: Path
    #: The page's console messages (errors, warnings and logs alike).
    console: list[str]


def render(page: Path, png: Path, *, width: int = 1200, height: int = 900, dark: bool = False) -> Rendered:
    """Load ``page`` (a local HTML file) headless and screenshot it to ``png``.

    ``dark`` asks the page for ``prefers-color-scheme: dark``.
    """
    args = [chromium(), *_FLAGS, f"--window-size={width},{height}", f"--screenshot={png}"]
    if dark:
        args.append("--blink-settings=preferredColorScheme=0")
        args.append("--force-dark-mode")
    with tempfile.TemporaryDirectory() as profile:
        args.append(f"--user-data-dir={profile}")
        done = subprocess.run(
            [*args, page.resolve().as_uri()], capture_output=True, text=True, timeout=120, check=False
        )
    if not png.is_file():
        raise AssertionError(f"chromium wrote no screenshot (exit {done.returncode}):\n{done.stderr[-2000:]}")
    console = [m.group(1) for line in done.stderr.splitlines() if (m := _CONSOLE.search(line))]
    return Rendered(png, console)


def pixels(png: Path) -> object:
    """The screenshot as an array of RGB(A) floats in [0, 1] (height × width × channels)."""
    import matplotlib.image

    return matplotlib.image.imread(png)
