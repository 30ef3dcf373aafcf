"""The notebooks run top to bottom, show what they promise, and are stored without outputs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
TOUR = NOTEBOOKS / "01_tour.ipynb"
CONTRADICTION = "kazinform-2023-02-24/lt-turnover-growth-2022"


def read(path: Path) -> Any:
    return nbformat.read(path, as_version=4)


def output_text(nb: Any) -> str:
    """Everything the code cells printed or displayed (text and HTML), in order."""
    parts: list[str] = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append(out["text"])
            for mime in ("text/plain", "text/html"):
                if mime in out.get("data", {}):
                    parts.append(out["data"][mime])
    return "\n".join(parts)


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The tour, executed once in a fresh python3 kernel with a non-interactive matplotlib."""
    mp = pytest.MonkeyPatch()
    mp.setenv("MPLBACKEND", "Agg")
    try:
        nb = read(TOUR)
        client = nbclient.NotebookClient(
            nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
        )
        client.execute()
    finally:
        mp.undo()
    return nb


def test_tour_runs_without_errors(executed: Any) -> None:
    cells = [cell for cell in executed.cells if cell.cell_type == "code"]
    errors = [out for cell in cells for out in cell.outputs if out.get("output_type") == "error"]
    assert errors == []


def test_tour_shows_the_findings(executed: Any) -> None:
    text = output_text(executed)
    assert CONTRADICTION in text  # the contradiction's claim id, in the check and in the reconciliation
    assert "most likely wrong: " + CONTRADICTION in text
    assert "same words:      True" in text
    assert "hash matches:    True" in text
    assert "+30 %" in text  # the chart's annotation, printed
    assert "<table>" in text  # the HTML tables rendered
    assert "USD billion" in text


def test_tour_is_stored_without_outputs() -> None:
    nb = read(TOUR)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == []
            assert cell.execution_count is None


def test_tour_prose_types_no_numbers() -> None:
    # Every figure a reader sees comes from a code cell; the prose names things, it does not quote numbers.
    for cell in read(TOUR).cells:
        if cell.cell_type == "markdown":
            prose = cell.source.replace("SHA-256", "")
            assert not re.search(r"\d", prose), prose


def test_tour_is_valid() -> None:
    nbformat.validate(read(TOUR))
    assert read(TOUR).metadata.kernelspec.name == "python3"
