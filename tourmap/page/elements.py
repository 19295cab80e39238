"""folium elements for tourmap's page. Small Jinja templates; values only through tojson."""

from __future__ import annotations

from typing import Any

import folium
from branca.element import CssLink, Element, Figure, JavascriptLink, MacroElement
from jinja2 import Template


class OfflineMap(folium.Map):
    """A folium map whose page loads Leaflet from the app, not from a CDN.

    folium's defaults pull Leaflet, jQuery, Bootstrap and Font Awesome from CDNs; the page
    needs only Leaflet, vendored under ``resources/web/vendor``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Per map, not per class: folium's add_js_link appends to these lists in place.
        self.default_js = [("leaflet", "vendor/leaflet/leaflet.js")]
        self.default_css = [("leaflet_css", "vendor/leaflet/leaflet.css")]


class Assets(MacroElement):
    """The page's own script and style, and the libraries they use, in load order."""

    def __init__(self, scripts: list[str], styles: list[str]) -> None:
        super().__init__()
        self._name = "TourmapAssets"
        self.scripts = scripts
        self.styles = styles

    def render(self, **kwargs: Any) -> str:
        figure = self.get_root()
        assert isinstance(figure, Figure)
        for index, url in enumerate(self.styles):
            figure.header.add_child(CssLink(url), name=f"tourmap_css_{index}")
        for index, url in enumerate(self.scripts):
            figure.header.add_child(JavascriptLink(url), name=f"tourmap_js_{index}")
        return super().render(**kwargs)


class PageMeta(MacroElement):
    """A content security policy: the page may load only from itself.

    Tour text is data; even if a payload slipped into markup, no script from elsewhere runs
    and nothing is fetched from the network except the optional online tiles.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <meta http-equiv="Content-Security-Policy" content="{{ this.policy|e }}">
        <title>{{ this.title|e }}</title>
        {% endmacro %}
        """
    )

    def __init__(self, title: str, tile_hosts: list[str]) -> None:
        super().__init__()
        self._name = "TourmapMeta"
        self.title = title
        images = " ".join(["'self'", "data:", *tile_hosts])
        self.policy = (
            "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            f"img-src {images}; connect-src 'self'; object-src 'none'; base-uri 'self'"
        )


class TourLayer(MacroElement):
    """Hands the whole tour to the page script (``resources/web/tm/``) as one JSON value.

    One data layer instead of one folium object per stop: the page builds markers from the
    data, which keeps a tour of thousands of stops fast to build and to load.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.tourmap.init({{ this._parent.get_name() }}, {{ this.data|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__()
        self._name = "TourLayer"
        self.data = data


__all__ = ["Assets", "Element", "OfflineMap", "PageMeta", "TourLayer"]
