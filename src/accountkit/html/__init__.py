"""The review as pages people look at: a static site (optional: ``accountkit[html]``).

On floor 4 beside the command line: it reads reviews, never the internals of
the floors below. Pages are rendered with Jinja2, every value escaped.
"""

from accountkit._publish import publish
from accountkit.html._site import PAGE_ROWS, render_site

__all__ = ["PAGE_ROWS", "render_site"]

publish(__name__, globals(), __all__)
