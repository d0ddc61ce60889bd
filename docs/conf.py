"""Sphinx configuration for accountkit's documentation.

The build is offline: no intersphinx inventories are downloaded. References to
the standard library and numpy are therefore left unresolved on purpose and
listed in ``nitpick_ignore_regex``; everything of accountkit's own must resolve
(the build runs with ``-n -W``).
"""

from pathlib import Path

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
myst_enable_extensions = ["colon_fence", "deflist"]
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
        r"(decimal|datetime|collections\.abc|typing|types|enum|fractions|numbers|json|numpy|attrs|cattrs|networkx|nx|matplotlib)(\..*)?",
    ),
    (
        r"py:(class|obj|exc)",
        r"(Decimal|date|datetime|timedelta|Any|T|TypeVar|Sequence|Iterable|Iterator|Mapping|Callable|Final|Literal|NDArray|Axes|ROUND_\w+)",
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
