"""Sphinx configuration for accountkit's documentation.

The build is offline: no intersphinx inventories are downloaded. References to
the standard library and numpy are therefore left unresolved on purpose and
listed in ``nitpick_ignore_regex``; everything of accountkit's own must resolve
(the build runs with ``-n -W``).
"""

import enum
import importlib.util
import re
import shutil
from pathlib import Path

import attrs
from sphinx.application import Sphinx

import accountkit

project = "accountkit"
author = "accountkit developers"
copyright = "2026, accountkit developers"
release = accountkit.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.napoleon",
    "matplotlib.sphinxext.plot_directive",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
root_doc = "index"

# --- autodoc and napoleon (numpy-style docstrings, types from annotations) ---
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_preserve_defaults = True
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_preprocess_types = False
napoleon_attr_annotations = True

# --- MyST -------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "dollarmath"]
myst_heading_anchors = 3

# --- doctest ----------------------------------------------------------------
# Docstring examples run under pytest (--doctest-modules) with their module's
# globals; the Sphinx doctest builder runs the examples of the narrative pages,
# written in explicit doctest directives.
doctest_test_doctest_blocks = ""
# Pages that read an example file find it beside them, whatever the cwd.
doctest_global_setup = (
    f"from pathlib import Path\nDOCS = Path({str(Path(__file__).parent)!r})"
)

# --- nitpicky references ------------------------------------------------------
# Offline build: names from the standard library, numpy, attrs and cattrs have
# no inventory to resolve against. Everything under accountkit must resolve.
nitpick_ignore_regex = [
    (
        r"py:(class|obj|exc|func|data|meth|mod)",
        r"(decimal|datetime|collections\.abc|typing|types|enum|fractions|numbers|json|numpy|attrs|cattrs|networkx|nx|matplotlib|pandas|pd|concurrent|io|dask|pathlib|csv)(\..*)?",
    ),
    (
        r"py:(class|obj|exc)",
        r"(Decimal|date|datetime|timedelta|Any|T|TypeVar|Executor|Sequence|Iterable|Iterator|Mapping|Callable|Final|Literal|NDArray|Axes|ROUND_\w+)",
    ),
    (
        r"py:(class|obj|exc)",
        r"(str|int|float|bool|bytes|object|list|tuple|dict|set|frozenset|type|None|NoneType|Exception|ValueError|TypeError|ArithmeticError|KeyError)",
    ),
    (r"py:(class|obj)", r"(optional|default|callable)"),
    # Type variables of generic functions are not documented objects.
    (r"py:(class|obj)", r"accountkit(\.\w+)*\._?[TN]"),
]

# --- pictures ---------------------------------------------------------------
# The how-tos draw their figures at build time (matplotlib's plot directive),
# so a picture never drifts from the code that makes it.
plot_formats = [("png", 110)]
plot_html_show_formats = False
plot_html_show_source_link = False
plot_include_source = True
plot_rcparams = {"figure.figsize": (10, 6.5)}

# --- HTML -------------------------------------------------------------------
html_theme = "furo"
html_title = f"accountkit {release}"

# --- maths, offline -----------------------------------------------------------
# MathJax is served from the built site, never from a CDN: the pages render
# with no network. The script and its fonts come from the django-static-mathjax
# wheel (MathJax 3, Apache 2.0; a docs dependency) and are copied next to the
# pages when the build finishes.
_MATHJAX = "mathjax/tex-chtml.js"
mathjax_path = _MATHJAX


def _mathjax_files() -> Path:
    spec = importlib.util.find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        message = "MathJax for the docs: pip install -e '.[docs]'"
        raise RuntimeError(message)
    return Path(next(iter(spec.submodule_search_locations))) / "static/mathjax/es5"


def _copy_mathjax(app: Sphinx, error: Exception | None) -> None:
    if error is not None or app.builder.format != "html":
        return
    source, target = _mathjax_files(), Path(app.outdir) / "_static" / "mathjax"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "tex-chtml.js", target / "tex-chtml.js")
    fonts = "output/chtml/fonts/woff-v2"
    shutil.copytree(source / fonts, target / fonts, dirs_exist_ok=True)


# --- attrs signatures ---------------------------------------------------------
# With autodoc_preserve_defaults, an attrs class's generated __init__ shows
# its defaults as ``attr_dict['due_on'].default``; show the default itself.
_ATTR_DEFAULT = re.compile(r"attr_dict\['(\w+)'\]\.default")


def _attrs_signature(
    _app: Sphinx,
    _what: str,
    _name: str,
    obj: object,
    _options: object,
    signature: str | None,
    annotation: str | None,
) -> tuple[str | None, str | None] | None:
    if signature is None or not (isinstance(obj, type) and attrs.has(obj)):
        return None
    fields = attrs.fields_dict(obj)

    def default(match: re.Match[str]) -> str:
        value = fields[match.group(1)].default
        if isinstance(value, enum.Enum):
            return f"{type(value).__name__}.{value.name}"
        shown = repr(value)
        # a computed default, or one whose repr is not an expression
        computed = isinstance(value, attrs.Factory) or "<" in shown
        return "..." if computed else shown

    # a default computed when the record is built (attrs.Factory) shows as NOTHING
    shown = _ATTR_DEFAULT.sub(default, signature).replace("= NOTHING", "= ...")
    return shown, annotation


def setup(app: Sphinx) -> None:
    """Connect the offline MathJax copy and the attrs signature clean-up."""
    app.connect("build-finished", _copy_mathjax)
    app.connect("autodoc-process-signature", _attrs_signature)
