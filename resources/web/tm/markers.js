/* tourmap page: Stop markers: a numbered DOM pin per stop, or DotLayer for big tours. */
(function (TM) {
  "use strict";
  var state = TM.state, el = TM.el, tooltipFor = TM.tooltipFor, DotLayer = TM.DotLayer;

  // -- stops and route ------------------------------------------------------------------

  function domIcon(stop) {
    var node = el("div", "tm-pin", stop.n);
    // A round pin up to two digits; a pill, as wide as the number needs, after that.
    var width = Math.max(28, 12 + 8 * String(stop.n).length);
    return L.divIcon({ className: "tm-marker", html: node, iconSize: [width, 28], iconAnchor: [width / 2, 14], tooltipAnchor: [width / 2, 0] });
  }

  function tagElement(marker, stop) {
    var node = marker.getElement();
    if (!node) return;
    node.dataset.stopId = stop.id;
    node.dataset.stopNumber = String(stop.n);
    node.dataset.selected = String(state.selected === stop.id);
    node.dataset.dimmed = String(TM.isDimmed(stop.id));
    node.setAttribute("aria-label", stop.n + ". " + stop.name);
  }

  function domMarker(stop, pane) {
    var marker = L.marker([stop.lat, stop.lon], { icon: domIcon(stop), pane: pane || "markerPane", keyboard: true, riseOnHover: true });
    marker.bindTooltip(TM.tooltip({ direction: "right", className: "tm-tooltip", offset: [4, 0] }).setContent(tooltipFor(stop)));
    marker.on("add", function () { tagElement(marker, stop); });
    marker.on("click", function () { TM.stopClicked(stop.id); });
    TM.makeDraggable(marker, stop);
    return marker;
  }

  function buildStops(group) {
    var data = state.data;
    if (!data.canvas) {
      data.stops.forEach(function (stop) {
        var m = domMarker(stop);
        state.markers[stop.id] = m;
        group.addLayer(m);
      });
      return;
    }
    // Thousands of stops: one canvas layer for all of them and the route (see DotLayer);
    // only the selected stop gets a DOM marker.
    state.dots = new DotLayer(data.stops, state.routeLines || []);
    group.addLayer(state.dots);
  }

  TM.domMarker = domMarker; TM.buildStops = buildStops;
})(window.TM);
