"""data/official/ comes out of the shipped raw files byte for byte, and says where they come from.

The two tools are run as a maintainer runs them, on the copies in ``data/official/bns/`` and
``data/official/eurostat/``, into a temporary folder; every file they write must be the one
shipped. They need xlrd (the BNS .xls workbooks) and openpyxl (the Comext .xlsx), both in
the ``test`` extra.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OFFICIAL = ROOT / "data" / "official"
TOOLS = ROOT / "tools"
RAW = {
    "bns": [f"bns_foreign_trade_by_country_{y}.xls" for y in range(2019, 2024)],
    "eurostat": [
        "comext_ds045409_eu_exports_to_kz_monthly.csv",
        "comext_ds045409_eu_trade_extract_2023-01-22.xlsx",
    ],
}


def run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(TOOLS / tool), *args], capture_output=True, text=True, timeout=300, check=False, cwd=ROOT
    )


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("official")
    for tool in ("extract_official.py", "extract_comext.py"):
        done = run(tool, "--out", str(out))
        assert done.returncode == 0, done.stderr
    return out


def test_the_raw_folders_hold_the_raw_files_only() -> None:
    for folder, names in RAW.items():
        assert sorted(p.name for p in (OFFICIAL / folder).iterdir()) == sorted(names)


def test_every_output_file_is_byte_identical(regenerated: Path) -> None:
    written = sorted(p.name for p in regenerated.iterdir())
    shipped = sorted(p.name for p in OFFICIAL.iterdir() if p.is_file())
    assert written == shipped == [
        "README.md", "bns_trade_by_partner.csv", "comext_trade_with_kz.csv", "comext_years_with_kz.csv",
        "datapackage.json",
    ]  # fmt: skip
    for name in written:
        assert (regenerated / name).read_bytes() == (OFFICIAL / name).read_bytes(), (
            f"data/official/{name} is not what the tools make of the raw files: run "
            "python tools/extract_official.py && python tools/extract_comext.py"
        )


def test_the_check_mode_agrees() -> None:
    for tool in ("extract_official.py", "extract_comext.py"):
        done = run(tool, "--check")
        assert (done.returncode, done.stdout) == (0, ""), done.stderr


def test_the_check_mode_sees_a_stale_file(tmp_path: Path) -> None:
    for name in ("README.md", "bns_trade_by_partner.csv", "datapackage.json", "comext_trade_with_kz.csv"):
        (tmp_path / name).write_bytes((OFFICIAL / name).read_bytes())
    (tmp_path / "comext_trade_with_kz.csv").write_text("reporter\n", encoding="utf-8")
    done = run("extract_comext.py", "--check", "--out", str(tmp_path))
    assert done.returncode == 1
    assert "out of date" in done.stdout
    assert run("extract_official.py", "--check", "--out", str(tmp_path)).returncode == 0


def test_the_readme_gives_the_hash_of_every_raw_file() -> None:
    readme = (OFFICIAL / "README.md").read_text(encoding="utf-8")
    for folder, names in RAW.items():
        for name in names:
            digest = hashlib.sha256((OFFICIAL / folder / name).read_bytes()).hexdigest()
            (line,) = [line for line in readme.splitlines() if f"`{name}`" in line and digest in line]
            assert line.startswith("|"), line
    for processed in ("bns_trade_by_partner.csv", "comext_trade_with_kz.csv"):
        digest = hashlib.sha256((OFFICIAL / processed).read_bytes()).hexdigest()
        assert f"SHA-256 of `{processed}`: `{digest}`." in readme
    for fact in ("DS-045409", "Eurostat", "2024-11-17", "2023-01-22", "2023-01-13", "mary-lev/eu-export-sanctions",
                 "vzemlys/ruimpeks", "left out of the CSV by design"):  # fmt: skip
        assert fact in readme, fact


def test_the_descriptor_describes_every_file() -> None:
    package = json.loads((OFFICIAL / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    assert list(resources) == ["bns_trade_by_partner", "comext_trade_with_kz", "comext_years_with_kz"]
    for r in resources.values():
        data = (OFFICIAL / r["path"]).read_bytes()
        assert (r["bytes"], r["hash"]) == (len(data), "sha256:" + hashlib.sha256(data).hexdigest())
        header = data.decode("utf-8").splitlines()[0].split(",")
        assert [f["name"] for f in r["schema"]["fields"]] == header
    paths = [s["path"] for s in package["sources"]]
    assert paths == [f"{folder}/{name}" for folder, names in RAW.items() for name in names]
    for source in package["sources"]:
        digest = hashlib.sha256((OFFICIAL / source["path"]).read_bytes()).hexdigest()
        assert re.search(rf"\(sha256 {digest}\)$", source["title"]), source
