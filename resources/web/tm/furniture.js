/* tourmap page: Export furniture: the title, a legend of every symbol shown, a scale bar,
 * a credit line (the tour's sources and the basemap's) and, when asked for, an inset world
 * map locating the frame; each in a corner that covers no stop; the labels then keep clear
 * of them (see labels.js). */
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
    var routeOn = state.map.hasLayer(state.routeGroup), inView = TM.stopsInView();
    var selected = inView.length && inView[0].stop.id === state.selected ? inView[0].stop : null; // first when in view
    if (inView.length > (selected ? 1 : 0)) legendRow(legend, data.canvas ? el("span", "tm-legend-dot") : el("span", "tm-legend-pin", "1"), data.canvas ? "Stop" : "Stop, in tour order");
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

  // -- the inset locator ----------------------------------------------------------------

  var INSET = { width: 180, top: 0.2, bottom: 0.8 }; // Web Mercator world units, about 72 N to 72 S
  var INSET_BELOW = 1 / 6; // of the world's width: frames closer than a continent get one

  // The frame's outline in world units (0..1 across), or null when the frame is wide enough
  // to need no locator.
  function frameInWorld() {
    var map = state.map, world = map.getPixelWorldBounds(), b = map.getPixelBounds();
    if (!world) return null;
    var ww = world.getSize().x;
    if (b.getSize().x / ww > INSET_BELOW) return null;
    var shift = Math.floor(b.min.x / ww);
    return { x0: b.min.x / ww - shift, x1: b.max.x / ww - shift, y0: b.min.y / ww, y1: b.max.y / ww };
  }

  // A small world map, land filled, with the frame outlined; drawn on a canvas, and kept as
  // shapes for the vector writer (see layout.js).
  function insetMap(frame) {
    var level = state.insetLevel, lines = level._lines, xy = lines.xy, starts = lines.starts;
    var w = INSET.width, h = Math.round(w * (INSET.bottom - INSET.top)), k = w;
    var rings = [];
    for (var j = 0; j < level._rings; j++) {
      var ring = [], lx = Infinity, ly = Infinity;
      for (var i = starts[j]; i < starts[j + 1]; i++) {
        var x = xy[2 * i] * k, y = (xy[2 * i + 1] - INSET.top) * k;
        if (Math.abs(x - lx) < 0.5 && Math.abs(y - ly) < 0.5) continue;
        ring.push(Math.round(x * 10) / 10, Math.round(y * 10) / 10);
        lx = x; ly = y;
      }
      if (ring.length >= 6) rings.push(ring);
    }
    var boxes = [];
    [0, -1].forEach(function (copy) { // a frame across the antimeridian shows at both edges
      var x0 = (frame.x0 + copy) * k, x1 = (frame.x1 + copy) * k;
      if (x1 > 0 && x0 < w) boxes.push([x0, (frame.y0 - INSET.top) * k, x1, (frame.y1 - INSET.top) * k]);
    });
    var outline = boxes.map(function (b) { return [b[0], b[1], b[2], b[1], b[2], b[3], b[0], b[3], b[0], b[1]]; });
    var style = { sea: TM.cssColor("--tm-sea", "#dbe7ef"), land: TM.cssColor("--tm-land", "#f6f3ea"), coast: TM.cssColor("--tm-coast", "#b8b2a3"), frame: TM.cssColor("--tm-pin-selected", "#c8451b") };
    var shapes = [
      { lines: [[0, 0, w, 0, w, h, 0, h]], closed: true, fill: style.sea, stroke: null, width: 0 },
      { lines: rings, closed: true, fill: style.land, stroke: style.coast, width: 0.5 },
      { lines: outline, closed: false, fill: null, stroke: style.frame, width: 1.5 }
    ];

    var node = el("div", "tm-inset tm-furniture"), canvas = document.createElement("canvas"), ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
    canvas.style.width = w + "px";
    canvas.style.height = h + "px";
    var ctx = canvas.getContext("2d");
    ctx.scale(ratio, ratio);
    ctx.beginPath();
    ctx.rect(0, 0, w, h);
    ctx.clip();
    shapes.forEach(function (shape) {
      ctx.beginPath();
      shape.lines.forEach(function (line) {
        ctx.moveTo(line[0], line[1]);
        for (var i = 2; i < line.length; i += 2) ctx.lineTo(line[i], line[i + 1]);
        if (shape.closed) ctx.closePath();
      });
      if (shape.fill) { ctx.fillStyle = shape.fill; ctx.fill("evenodd"); }
      if (shape.stroke) { ctx.lineWidth = shape.width; ctx.strokeStyle = shape.stroke; ctx.stroke(); }
    });
    canvas.tmShapes = shapes; // for the vector writer
    node.appendChild(canvas);
    return node;
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
    var frame = state.insetLevel && frameInWorld();
    if (frame) pieces.push([insetMap(frame), "tr"]);
    var markers = TM.markerBoxes(), origin = state.map.getContainer().getBoundingClientRect();
    pieces.forEach(function (piece) {
      var node = piece[0], own = piece[1];
      var order = [own].concat(CORNERS.filter(function (c) { return c !== own; }));
      for (var i = 0; i < order.length; i++) {
        var home = corner(order[i]);
        home.appendChild(node);
        if (!clashes(home, markers, origin)) return;
        home.removeChild(node);
      }
      corner(own).appendChild(node); // nowhere free: the fit keeps its own corner clear
    });
  }

  // A corner whose pieces cover a stop or run into another corner's (a narrow frame).
  function clashes(home, markers, origin) {
    if (Array.prototype.some.call(home.children, function (child) { return covers(child, markers, origin); })) return true;
    var mine = home.getBoundingClientRect();
    return CORNERS.some(function (name) {
      var other = corner(name);
      if (other === home || !other.children.length) return false;
      var r = other.getBoundingClientRect();
      return mine.left < r.right && r.left < mine.right && mine.top < r.bottom && r.top < mine.bottom;
    });
  }

  TM.arrangeFurniture = arrangeFurniture;
})(window.TM);
