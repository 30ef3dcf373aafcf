"""The notebooks run top to bottom in a real kernel, show what they promise, and are stored without outputs."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
TOUR = NOTEBOOKS / "01_tour.ipynb"
#: Every chart function twice, then a plain ``plt.plot``: each must show an image.
CHARTS = Path(__file__).resolve().parent / "notebooks" / "charts.ipynb"
CONTRADICTION = "kazinform-2023-02-24/lt-turnover-growth-2022"


def read(path: Path) -> Any:
    return nbformat.read(path, as_version=4)


def execute(path: Path) -> Any:
    """Run a notebook in a fresh python3 kernel with matplotlib's *default* backend, as Jupyter does.

    ``MPLBACKEND`` is taken out of the kernel's environment, so the kernel picks
    the inline backend as it does for a user: a forced ``Agg`` (as in CI) shows
    nothing at all, and so cannot tell a chart that displays from one that does not.
    Errors are recorded, not raised: each test says what it needs (one failing cell
    does not hide whether the charts after it show).
    """
    nb = read(path)
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    client = nbclient.NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute(env=env)
    return nb


def code_cells(nb: Any) -> list[Any]:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def images(cell: Any) -> int:
    """How many PNG images a cell displayed."""
    return sum(1 for out in cell.get("outputs", []) if "image/png" in out.get("data", {}))


def errors(nb: Any) -> list[str]:
    """Each error a code cell raised: the cell's first line, the exception and its message."""
    return [
        f"{cell.source.splitlines()[0]!r}: {out['ename']}: {out['evalue']}"
        for cell in code_cells(nb)
        for out in cell.outputs
        if out.get("output_type") == "error"
    ]


def output_text(nb: Any) -> str:
    """Everything the code cells printed or displayed (text and HTML), in order."""
    parts: list[str] = []
    for cell in code_cells(nb):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append(out["text"])
            for mime in ("text/plain", "text/html"):
                if mime in out.get("data", {}):
                    parts.append(out["data"][mime])
    return "\n".join(parts)


@pytest.fixture(scope="module")
def executed() -> Any:
    """The tour, executed once."""
    return execute(TOUR)


@pytest.fixture(scope="module")
def charts() -> Any:
    """The chart notebook, executed once."""
    return execute(CHARTS)


# -- every chart shows, in the kernel a user has ---------------------------------------------


def test_every_chart_displays_first_or_not(charts: Any) -> None:
    assert errors(charts) == []
    setup, *drawing, last = code_cells(charts)
    assert images(setup) == 0
    # One image per cell: the second chart of a kind shows as the first did, the user's own plot too,
    # and nothing shows twice (a returned object that the notebook would display again).
    assert len(drawing) == 9
    assert [(cell.source, images(cell)) for cell in drawing] == [(cell.source, 1) for cell in drawing]
    # Interactive mode is on, as the inline backend set it when the first chart imported pyplot.
    assert "".join(out.get("text", "") for out in last.outputs) == "interactive: True\n"


def test_tour_shows_every_chart(executed: Any) -> None:
    drawn = [cell for cell in code_cells(executed) if re.search(r"\bplot_\w+\(", cell.source)]
    assert len(drawn) == 4
    assert [images(cell) for cell in drawn] == [1, 1, 1, 1]
    # Only the chart cells show images.
    assert sum(images(cell) for cell in code_cells(executed)) == 4


# -- the tour -------------------------------------------------------------------------------


def test_tour_runs_without_errors(executed: Any) -> None:
    assert errors(executed) == []


def test_tour_shows_the_findings(executed: Any) -> None:
    text = output_text(executed)
    assert CONTRADICTION in text  # the contradiction's claim id, in the check and in the reconciliation
    (wrong,) = [line for line in text.splitlines() if line.startswith("most likely wrong: ")]
    assert CONTRADICTION in wrong
    assert "official_truncated" in text  # the office's verdicts on the press figures
    assert "same words:      True" in text
    assert "hash matches:    True" in text
    assert "+30 %" in text  # the chart's annotation, printed
    assert "<table>" in text  # the HTML tables rendered
    assert "USD billion" in text


@pytest.mark.parametrize("path", [TOUR, CHARTS], ids=["tour", "charts"])
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    for cell in code_cells(read(path)):
        assert cell.outputs == []
        assert cell.execution_count is None


def test_tour_prose_types_no_numbers() -> None:
    # Every figure a reader sees comes from a code cell; the prose names things, it does not quote numbers.
    for cell in read(TOUR).cells:
        if cell.cell_type == "markdown":
            prose = cell.source.replace("SHA-256", "")
            assert not re.search(r"\d", prose), prose


@pytest.mark.parametrize("path", [TOUR, CHARTS], ids=["tour", "charts"])
def test_notebook_is_valid(path: Path) -> None:
    nbformat.validate(read(path))
    assert read(path).metadata.kernelspec.name == "python3"
