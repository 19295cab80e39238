"""PyInstaller entry point for the one-folder bundle (see packaging/tourmap.spec).

The same as ``python -m tourmap``: commands (validate, info, export) or, without one, the window.
"""

import sys
from pathlib import Path

from tourmap.cli import gui_main, main

# Linked as tourmap-gui (what the desktop entry runs), a bad file is shown in a dialog too.
raise SystemExit(gui_main() if Path(sys.argv[0]).name.startswith("tourmap-gui") else main())
