"""Everything that needs Qt: the window, the web view and its bridge, offscreen export.

Private: the rest of tourmap never imports it at module level (import-linter checks).
"""
