"""Run the ``accountkit`` command with ``python -m accountkit``."""

import sys

from accountkit.cli import main

sys.exit(main())
