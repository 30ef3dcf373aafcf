"""MkDocs hooks of the documentation site (``hooks:`` in mkdocs.yml).

* The tour notebook lives in ``notebooks/``, where ``tests/test_notebooks.py`` runs it and
  checks that it is stored without outputs. :func:`on_files` adds it to the site's files,
  read from where it is, so that mkdocs-jupyter executes and renders it at every build, and
  no copy of it, with or without outputs, is kept under ``docs/``.
* The pages under ``docs/`` are read on GitHub too, where a link such as
  ``../data/official/README.md`` opens that file of the repository. The site has no such
  file, so :func:`on_files` publishes each repository file a page links to under
  ``repository/`` (a markdown file becomes a page of its own), and
  :func:`on_page_markdown` points the link there. A link to a file that does not exist is
  left alone, for the strict build to report.
* The docstrings use Sphinx's roles (``:func:`check```, ``:data:`~kzlt_trade.x.Y```),
  which mkdocstrings passes through as text. :func:`on_page_content` turns each into its
  target in code formatting; a dotted target becomes a link where it is documented in
  the site (an *optional* cross-reference of mkdocs-autorefs, which stays code where it
  finds no target), and ``:pep:`562``` becomes "PEP 562".
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parent.parent
#: The folder of the notebooks that the site shows, each under its own file name.
NOTEBOOKS = ROOT / "notebooks"
#: The notebooks that the site shows.
SHOWN = ("01_tour.ipynb",)
#: Where the repository files that pages link to are published in the site.
REPOSITORY = "repository"
#: A Sphinx role as mkdocstrings renders it: the role's name, then its target as inline code.
_ROLE = re.compile(r":(?:py:)?(?P<role>func|meth|class|data|attr|mod|exc|obj|const|pep):<code>(?P<target>[^<]+)</code>")
#: A markdown link's target, up to an anchor or the closing parenthesis (titles are not used in docs/).
_LINK = re.compile(r"\]\((?P<target>[^)\s#]+)(?P<anchor>#[^)\s]*)?\)")


def _outside(page_uri: str, target: str, docs_dir: Path) -> str | None:
    """The repository path of the file that ``target``, linked from ``page_uri``, names outside docs/.

    ``None`` for a link that stays inside docs/, is absolute or a web address, leaves the
    repository, or names no file.
    """
    if "://" in target or target.startswith(("/", "mailto:")):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_uri), target))
    if not joined.startswith("../"):
        return None
    path = (docs_dir / joined).resolve()
    if not path.is_relative_to(ROOT) or path.is_relative_to(docs_dir.resolve()) or not path.is_file():
        return None
    return path.relative_to(ROOT).as_posix()


# Before mkdocs-jupyter's own on_files (priority 0), which turns the notebooks it finds
# among the files into pages.
@event_priority(100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    for name in SHOWN:
        if not (NOTEBOOKS / name).is_file():
            raise FileNotFoundError(f"{NOTEBOOKS / name}: a notebook that mkdocs.yml shows is missing")
        # A file with a source folder of its own, not File.generated: mkdocs-jupyter reads
        # the notebook's path from its source folder and name.
        files.append(
            File(name, src_dir=str(NOTEBOOKS), dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
        )
    docs_dir = Path(config.docs_dir)
    linked: set[str] = set()
    for file in list(files):
        if file.src_uri.endswith(".md") and file.abs_src_path is not None:
            for match in _LINK.finditer(file.content_string):
                repo_path = _outside(file.src_uri, match["target"], docs_dir)
                if repo_path is not None:
                    linked.add(repo_path)
    for repo_path in sorted(linked):
        # Reached by the links to it, not from the navigation.
        files.append(
            File.generated(
                config,
                f"{REPOSITORY}/{repo_path}",
                abs_src_path=str(ROOT / repo_path),
                inclusion=InclusionLevel.NOT_IN_NAV,
            )
        )
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    docs_dir = Path(config.docs_dir)
    here = posixpath.dirname(page.file.src_uri)

    def relink(match: re.Match[str]) -> str:
        repo_path = _outside(page.file.src_uri, match["target"], docs_dir)
        if repo_path is None:
            return match[0]
        target = posixpath.relpath(f"{REPOSITORY}/{repo_path}", here or ".")
        return f"]({target}{match['anchor'] or ''})"

    return _LINK.sub(relink, markdown)


def _role(match: re.Match[str]) -> str:
    """The HTML for one role: ``:pep:`N``` as text, any other as its target in code, cross-referenced."""
    target = match["target"]
    if match["role"] == "pep":
        return f"PEP {target}"
    # "~a.b.c" shows as "c"; "a.b.c()" refers to "a.b.c".
    identifier = target.lstrip("~").removesuffix("()")
    shown = identifier.rsplit(".", 1)[-1] if target.startswith("~") else identifier
    if "." not in identifier:
        # A name relative to the docstring's module or class; as an identifier it could
        # only match a heading of some page ("relations"), which is not what it names.
        return f"<code>{shown}</code>"
    return f'<autoref identifier="{identifier}" optional><code>{shown}</code></autoref>'


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _ROLE.sub(_role, html)
