"""The documentation site builds with ``mkdocs build --strict`` and holds what it promises.

Any warning of MkDocs, of griffe about a docstring, or of a plugin fails the build. The
tests below then read the built site: the key pages, the API reference, the tour with its
outputs, the gallery's images, and every link.

The build runs once per module. Measured on the two cores of this machine while other jobs
ran (load average about 5): 30 s of wall time and 12 s of CPU, of which executing the tour
notebook (mkdocs-jupyter) is about 12 s of wall time and 6 s of CPU.
"""

from __future__ import annotations

import html.parser
import importlib.util
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
#: Never hang: the build takes about half a minute on two shared cores.
TIMEOUT = 600


@dataclass(frozen=True)
class Build:
    """One strict build of the site."""

    site: Path
    returncode: int
    output: str
    seconds: float


def _tools_missing() -> str | None:
    missing = [m for m in ("mkdocs", "material", "mkdocstrings_handlers.python", "mkdocs_jupyter")
               if importlib.util.find_spec(m.split(".")[0]) is None]  # fmt: skip
    return ", ".join(missing) or None


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    missing = _tools_missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the docs tools are not installed ({missing}): they are in the test extra of pyproject.toml")
        pytest.skip(f"the docs tools are not installed ({missing}): pip install '.[test]'")
    site = tmp_path_factory.mktemp("docs") / "site"
    # The kernel that runs the tour must pick matplotlib's inline backend, as Jupyter does;
    # a forced Agg (as in CI) would show no chart at all.
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env["NO_MKDOCS_2_WARNING"] = "1"  # Material's banner about MkDocs 2, printed at every build
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(ROOT / "mkdocs.yml"),
         "--site-dir", str(site)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False,
    )  # fmt: skip
    return Build(site, done.returncode, done.stdout + done.stderr, time.perf_counter() - start)


def page(build: Build, path: str) -> str:
    """The HTML of the built page at ``path`` (a directory URL such as ``concepts/relations/``)."""
    file = build.site / path / "index.html"
    assert file.is_file(), f"the site has no page {path}"
    return file.read_text(encoding="utf-8")


def test_the_strict_build_passes(build: Build) -> None:
    warnings = [line for line in build.output.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert build.returncode == 0, "mkdocs build --strict failed:\n" + "\n".join(warnings or [build.output[-3000:]])
    assert warnings == []
    print(f"mkdocs build --strict: {build.seconds:.1f} s")


def test_the_build_is_strict_in_the_configuration_too() -> None:
    # `mkdocs build` and `mkdocs serve` without --strict are strict as well.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^strict: true$", config, flags=re.MULTILINE)


@pytest.mark.parametrize(
    "path",
    [
        "",
        "getting-started/",
        "concepts/sources-and-claims/",
        "concepts/readings-and-intervals/",
        "concepts/relations/",
        "concepts/findings/",
        "concepts/estimates/",
        "concepts/official-press-mirror/",
        "howto/add-a-release/",
        "howto/acknowledge-a-finding/",
        "howto/pytest-plugin/",
        "howto/compare-official/",
        "howto/draw-charts/",
        "gallery/",
        "01_tour/",
        "architecture/",
        "data-model/",
        "sources/",
        "real-releases/",
        "checking/",
        "charts/",
        "pytest/",
        "official/",
        "report/",
        "reference/",
    ],
)
def test_key_pages_exist(build: Build, path: str) -> None:
    assert "<h1" in page(build, path)


def test_the_readme_is_not_a_page(build: Build) -> None:
    # docs/README.md is about building the site; index.md is the home page.
    assert not (build.site / "README" / "index.html").exists()
    assert not (build.site / "README.md").exists()


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("reference/loading/", ["kzlt_trade.load", "kzlt_trade.Dataset", "kzlt_trade.Claim", "kzlt_trade.Source"]),
        ("reference/checking/", ["kzlt_trade.check", "kzlt_trade.Report", "kzlt_trade.Finding"]),
        ("reference/reconciling/", ["kzlt_trade.reconcile", "kzlt_trade.Estimates", "kzlt_trade.Estimate"]),
        ("reference/reading/", ["kzlt_trade.read_number", "kzlt_trade.Interval", "kzlt_trade.Period"]),
        ("reference/official/", ["kzlt_trade.compare_official", "kzlt_trade.load_official"]),
        ("reference/extraction/", ["kzlt_trade.extract", "kzlt_trade.release.check_release"]),
        ("reference/charts/", ["kzlt_trade.plot_turnover", "kzlt_trade.plot_turnover_panels"]),
        ("reference/testing/", ["kzlt_trade.testing.assert_consistent", "kzlt_trade.testing.load_acknowledgements"]),
        ("reference/errors/", ["kzlt_trade.errors.DataFileError", "kzlt_trade.vocabulary.Severity"]),
    ],
)
def test_the_api_reference_lists_the_public_names(build: Build, path: str, names: list[str]) -> None:
    text = page(build, path)
    missing = [name for name in names if f'id="{name}"' not in text]
    assert missing == [], f"{path} documents none of {missing}"


def test_the_api_reference_shows_the_docstrings(build: Build) -> None:
    # The text of load()'s docstring, its numpy sections read as sections, its example as highlighted code.
    text = page(build, "reference/loading/")
    assert "Load and verify a data folder" in text
    assert '<span class="doc-section-title">Raises:</span>' in text
    assert '<span class="gp">&gt;&gt;&gt; </span>' in text


def test_the_fields_of_the_records_are_documented(build: Build) -> None:
    # The "#:" comment above Source.id and Claim.quote in kzlt_trade/model.py (read by griffe-sphinx).
    text = page(build, "reference/loading/")
    assert 'id="kzlt_trade.Source.id"' in text
    assert 'id="kzlt_trade.Claim.quote"' in text


def test_doctests_show_as_code_wherever_they_stand(build: Build) -> None:
    # ">>>" outside an Examples section would render as nested block quotes.
    for file in (build.site / "reference").rglob("*.html"):
        assert "<blockquote>\n<blockquote>" not in file.read_text(encoding="utf-8"), file


def test_sphinx_roles_do_not_show_as_text(build: Build) -> None:
    # ":func:`check`" in a docstring must read as `check`, not as ":func:check".
    shown = {m for f in (build.site / "reference").rglob("*.html") for m in re.findall(
        r":(?:func|meth|class|data|attr|mod|exc|obj|pep):<code>", f.read_text(encoding="utf-8"))}  # fmt: skip
    assert shown == set()


def test_the_tour_shows_its_outputs(build: Build) -> None:
    text = page(build, "01_tour/")
    assert text.count('src="data:image/png;base64,') >= 1, "the tour page shows no chart"
    assert "<table" in text, "the tour page shows no table"
    assert "A tour of" in text
    # The outputs are those of today's code: the claim the tour shows, with its interval.
    assert "584.25" in text


def test_getting_started_gives_the_readme_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme[readme.index("## Quick start") :]
    commands = re.search(r"```bash\n(.*?)```", quick_start, flags=re.DOTALL)
    assert commands is not None, "README.md has no bash block under Quick start"
    assert f"```bash\n{commands[1]}```" in (DOCS / "getting-started.md").read_text(encoding="utf-8")


def test_the_notebook_is_not_copied_into_docs() -> None:
    assert list(DOCS.rglob("*.ipynb")) == []


def test_the_gallery_shows_every_image(build: Build) -> None:
    text = page(build, "gallery/")
    images = sorted(p.name for p in (DOCS / "img").glob("*.png"))
    assert images, "docs/img holds no chart"
    for name in images:
        assert f'src="../img/{name}"' in text, f"the gallery does not show img/{name}"
        assert (build.site / "img" / name).is_file()


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {"a": "href", "img": "src", "link": "href", "script": "src"}
        if tag in names:
            value = dict(attrs).get(names[tag])
            if value:
                self.targets.append(value)


def test_every_link_of_the_site_leads_to_a_file_of_the_site(build: Build) -> None:
    broken: list[str] = []
    for file in build.site.rglob("*.html"):
        parser = _Links()
        parser.feed(file.read_text(encoding="utf-8"))
        for target in parser.targets:
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            # 404.html is served at any address, so its links start at the site's root.
            base = build.site if parts.path.startswith("/") else file.parent
            resolved = (base / unquote(parts.path).lstrip("/")).resolve()
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.is_file():
                broken.append(f"{file.relative_to(build.site)}: {target}")
    assert broken == []


# -- the hooks and the griffe extension --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hooks() -> ModuleType:
    pytest.importorskip("mkdocs")
    spec = importlib.util.spec_from_file_location("docs_hooks", ROOT / "tools" / "docs_hooks.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("page_uri", "target", "expected"),
    [
        ("official.md", "../data/official/README.md", "data/official/README.md"),
        ("concepts/x.md", "../../README.md", "README.md"),
        ("concepts/x.md", "../data-model.md", None),  # a page of the site
        ("official.md", "../data/official/no-such-file.md", None),  # left for the strict build to report
        ("official.md", "../../outside.md", None),  # outside the repository
        ("official.md", "https://example.org/a.md", None),
    ],
)
def test_links_to_repository_files_are_found(hooks: ModuleType, page_uri: str, target: str, expected: str) -> None:
    assert hooks._outside(page_uri, target, DOCS) == expected


def _ref(identifier: str, shown: str) -> str:
    return f'<autoref identifier="{identifier}" optional><code>{shown}</code></autoref>'


@pytest.mark.parametrize(
    ("html_in", "html_out"),
    [
        (":func:<code>kzlt_trade.check</code>", _ref("kzlt_trade.check", "kzlt_trade.check")),
        (
            ":data:<code>~kzlt_trade.official_claims.OFFICIAL_WEIGHT</code>",
            _ref("kzlt_trade.official_claims.OFFICIAL_WEIGHT", "OFFICIAL_WEIGHT"),
        ),
        (":meth:<code>kzlt_trade.Dataset.claim()</code>", _ref("kzlt_trade.Dataset.claim", "kzlt_trade.Dataset.claim")),
        (":attr:<code>relations</code>", "<code>relations</code>"),
        (":pep:<code>562</code>", "PEP 562"),
        ("a <code>:func:</code> in code stays", "a <code>:func:</code> in code stays"),
    ],
)
def test_roles_become_code_or_links(hooks: ModuleType, html_in: str, html_out: str) -> None:
    assert hooks._ROLE.sub(hooks._role, html_in) == html_out


@pytest.fixture(scope="module")
def doctests() -> ModuleType:
    pytest.importorskip("griffe")
    spec = importlib.util.spec_from_file_location("griffe_doctests", ROOT / "tools" / "griffe_doctests.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_doctest_in_the_text_is_fenced_in_place(doctests: ModuleType) -> None:
    text = "Say what.\n\n>>> 1 + 1\n2\n\nMore text."
    assert doctests.rearrange(text) == "Say what.\n\n```python\n>>> 1 + 1\n2\n```\n\nMore text."


def test_a_doctest_inside_a_section_moves_to_examples(doctests: ModuleType) -> None:
    text = "Say what.\n\nRaises\n------\nUsageError\n    When.\n\n>>> f()\n1"
    expected = "Say what.\n\nRaises\n------\nUsageError\n    When.\n\nExamples\n--------\n\n>>> f()\n1"
    assert doctests.rearrange(text) == expected


def test_a_doctest_moves_into_the_examples_already_there(doctests: ModuleType) -> None:
    text = "Say.\n\nParameters\n----------\nx\n    X.\n\n>>> f(1)\n1\n\nExamples\n--------\n>>> f(2)\n2"
    expected = "Say.\n\nParameters\n----------\nx\n    X.\n\nExamples\n--------\n>>> f(2)\n2\n\n>>> f(1)\n1"
    assert doctests.rearrange(text) == expected


def test_examples_and_prose_are_left_alone(doctests: ModuleType) -> None:
    text = "Say.\n\nExamples\n--------\n>>> f()\n1\n\nA sentence with >>> in it."
    assert doctests.rearrange(text) == text
