"""PyInstaller entry point for the one-folder bundle (see packaging/tourmap.spec).

The same as ``python -m tourmap``: commands (validate, info, export) or, without one, the window.
"""

from tourmap.cli import main

raise SystemExit(main())
