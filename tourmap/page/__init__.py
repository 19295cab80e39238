"""The map page: folium builds it, vendored files make it work offline.

This package knows which files the page needs and how tour data reaches JavaScript (as
JSON, through folium's ``tojson``); it does not know Qt.
"""

from tourmap.page.builder import PageOptions, build_page, build_shell, page_data, page_json

__all__ = ["PageOptions", "build_page", "build_shell", "page_data", "page_json"]
