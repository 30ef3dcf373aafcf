"""A new release checked against the known figures, and added to a folder atomically."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from kzlt_trade.errors import UsageError
from kzlt_trade.io import load
from kzlt_trade.release import add_release, check_release

AGREES = "In 2022, trade turnover between Kazakhstan and Lithuania amounted to 584.3 million US dollars."
CONTRADICTS = "In 2022, trade turnover between Kazakhstan and Lithuania amounted to 900 million US dollars."
NEW = "In 2023, trade turnover between Kazakhstan and Germany amounted to 1.2 billion US dollars."


def _tree(folder: Path) -> dict[str, str]:
    """Every file of a folder and the SHA-256 of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


@pytest.mark.parametrize(("text", "verdict"), [(AGREES, "agrees"), (CONTRADICTS, "contradicts"), (NEW, "new")])
def test_each_figure_gets_its_verdict(text: str, verdict: str) -> None:
    result = check_release(text, published=date(2023, 3, 1))
    assert [f.verdict for f in result.figures] == [verdict]
    (figure,) = result.figures
    assert (figure.claim.indicator, figure.claim.text) == ("turnover", text.split(" to ")[1].split(maxsplit=1)[0])
    if verdict == "contradicts":
        assert figure.findings
        assert "584" in " ".join(f.arithmetic for f in figure.findings)
    if verdict != "new":
        assert "mfa-2023-10-10/turnover-2022" in figure.compared_with
    assert verdict in str(result)


def test_add_writes_the_text_its_row_and_the_drafted_claims(data_copy: Path, tmp_path: Path) -> None:
    release = tmp_path / "release.txt"
    release.write_text(NEW + " Exports reached 700 million US dollars in 2023.\n", encoding="utf-8")
    before = load(data_copy)
    dry = add_release(data_copy, release, publisher="Test Agency", published=date(2024, 1, 15), dry_run=True)
    assert not dry.written
    assert load(data_copy).claim_records == before.claim_records  # nothing written
    added = add_release(data_copy, release, publisher="Test Agency", published=date(2024, 1, 15))
    assert added.written
    ds = load(data_copy)
    assert len(ds.press) == len(before.press) + len(added.claims) >= len(before.press) + 1
    assert ds.source("test-agency-2024-01-15").sha256 == hashlib.sha256(release.read_bytes()).hexdigest()
    new = [c for c in ds if c.source == "test-agency-2024-01-15"]
    assert all(c.note.startswith("draft for review") for c in new)
    assert {c.partner for c in new} == {"DE"}
    # The same text again is refused, and the folder stays as it is.
    tree = _tree(data_copy)
    with pytest.raises(UsageError, match="does not hold yet"):
        add_release(data_copy, release, publisher="Test Agency", published=date(2024, 1, 15), source_id="again")
    assert _tree(data_copy) == tree


def test_add_refuses_a_file_that_is_not_text_and_writes_nothing(data_copy: Path, tmp_path: Path) -> None:
    bad = tmp_path / "release.txt"
    bad.write_bytes(b"\xff\xfe\x00 not text")
    tree = _tree(data_copy)
    with pytest.raises(UsageError, match="UTF-8"):
        add_release(data_copy, bad, publisher="Test Agency", published=date(2024, 1, 15))
    assert _tree(data_copy) == tree


def test_the_commands(data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    from kzlt_trade.cli import main

    release = tmp_path / "release.txt"
    release.write_text(CONTRADICTS + "\n", encoding="utf-8")
    out = io.StringIO()
    assert main(["--data", str(data_copy), "check-release", str(release)], stdout=out) == 1  # a contradiction
    assert "contradicts" in out.getvalue()
    out = io.StringIO()
    args = ["--data", str(data_copy), "add", str(release), "--publisher", "Test", "--published", "2024-01-15"]
    assert main([*args, "--dry-run"], stdout=out) == 0
    assert out.getvalue().startswith("would add source test-2024-01-15")
    assert main(args, stdout=io.StringIO()) == 0
    assert "test-2024-01-15" in {s.id for s in load(data_copy).source_records}
    # Without --data, add refuses: the bundled data is not changed.
    assert main(args[2:]) == 2
    assert "--data" in capsys.readouterr().err
