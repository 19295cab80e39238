/* tourmap page: Export furniture: the title, a legend of every symbol shown, a scale bar
 * and a credit line (the tour's sources and the basemap's), each in a corner that covers
 * no stop; the labels then keep clear of them (see labels.js). */
(function (TM) {
  "use strict";
  var state = TM.state, el = TM.el;

  var CORNERS = ["tl", "tr", "bl", "br"];
  var NICE = [1, 2, 5];

  function corner(name) {
    var node = document.querySelector(".tm-corner[data-corner='" + name + "']");
    if (!node) {
      node = el("div", "tm-corner");
      node.dataset.corner = name;
      state.map.getContainer().appendChild(node);
    }
    return node;
  }

  function legendRow(legend, symbol, text) {
    var row = el("div", "tm-legend-row");
    row.appendChild(symbol);
    row.appendChild(el("span", "tm-legend-text", text));
    legend.appendChild(row);
  }

  // Every symbol the frame shows, the selected stop's too.
  function buildLegend() {
    var data = state.data, legend = el("div", "tm-legend tm-furniture");
    var routeOn = state.map.hasLayer(state.routeGroup), stopsOn = state.map.hasLayer(state.stopsGroup);
    if (stopsOn) legendRow(legend, data.canvas ? el("span", "tm-legend-dot") : el("span", "tm-legend-pin", "1"), data.canvas ? "Stop" : "Stop, in tour order");
    var selected = state.selected && TM.stopById(state.selected);
    if (selected) legendRow(legend, el("span", "tm-legend-pin tm-legend-selected", String(selected.n)), "Selected: " + selected.name);
    if (routeOn) {
      var total = data.totalKm;
      legendRow(legend, el("span", "tm-legend-line"), (data.greatCircles ? "Route (great circles)" : "Route (geodesic)") + (total ? ", " + Math.round(total).toLocaleString("en-US") + " km" : ""));
      if (data.legs.some(function (leg) { return leg.label; })) legendRow(legend, el("span", "tm-legend-leg", "km"), "Leg distance");
    }
    return legend;
  }

  // The longest round distance (1, 2 or 5 times a power of ten) that fits in ``room`` pixels
  // across the middle of the map, and its length in pixels.
  function scaleBar(room) {
    var map = state.map, y = map.getSize().y / 2;
    var metres = map.distance(map.containerPointToLatLng([0, y]), map.containerPointToLatLng([room, y]));
    var power = Math.pow(10, Math.floor(Math.log(metres) / Math.LN10)), nice = power;
    NICE.forEach(function (k) { if (k * power <= metres) nice = k * power; });
    var node = el("div", "tm-scale tm-furniture");
    var bar = el("div", "tm-scale-bar");
    bar.style.width = Math.round(room * nice / metres) + "px";
    node.appendChild(bar);
    node.appendChild(el("span", "tm-scale-text", nice >= 1000 ? (nice / 1000).toLocaleString("en-US") + " km" : nice + " m"));
    return node;
  }

  function creditLine() {
    var data = state.data, parts = [];
    if (data.sources && data.sources.length) parts.push("Sources: " + data.sources.join(", "));
    parts.push("Basemap: " + data.basemap.attribution);
    return el("div", "tm-credit tm-furniture", parts.join(" · "));
  }

  function titleBox() {
    var data = state.data, head = el("div", "tm-export-title tm-furniture");
    head.appendChild(el("div", "tm-export-title-text", data.title));
    if (data.dates) head.appendChild(el("div", "tm-export-dates", data.dates));
    return head;
  }

  function covers(node, markers, origin) {
    var r = node.getBoundingClientRect();
    for (var i = 0; i < markers.length; i++) {
      var m = markers[i];
      if (r.left - origin.left < m.x1 && m.x0 < r.right - origin.left && r.top - origin.top < m.y1 && m.y0 < r.bottom - origin.top) return true;
    }
    return false;
  }

  // Built again for each frame of a snapshot (a new stop, a new view): each piece goes to
  // the first corner, from its own, where nothing in that corner covers a stop.
  function arrangeFurniture() {
    if (state.data.mode !== "export") return;
    CORNERS.forEach(function (name) { corner(name).textContent = ""; });
    var pieces = [];
    if (state.data.caption !== false) pieces.push([titleBox(), "tl"]);
    pieces.push([buildLegend(), "bl"]);
    pieces.push([scaleBar(140), "br"]);
    pieces.push([creditLine(), "br"]);
    var markers = TM.markerBoxes(), origin = state.map.getContainer().getBoundingClientRect();
    pieces.forEach(function (piece) {
      var node = piece[0], own = piece[1];
      var order = [own].concat(CORNERS.filter(function (c) { return c !== own; }));
      for (var i = 0; i < order.length; i++) {
        var home = corner(order[i]);
        home.appendChild(node);
        var clash = Array.prototype.some.call(home.children, function (child) { return covers(child, markers, origin); });
        if (!clash) return;
        home.removeChild(node);
      }
      corner(own).appendChild(node); // nowhere free: the fit keeps its own corner clear
    });
  }

  TM.arrangeFurniture = arrangeFurniture;
})(window.TM);
