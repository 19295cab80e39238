/* tourmap page: Labels: each stop's name beside its marker and each leg's distance, placed
 * so that no label overlaps another label, a marker or the map's furniture (controls,
 * an export's title, legend, scale bar and credit). A label that finds no free place is
 * left out; the selected stop's label always shows; leg labels give way to markers and
 * stop labels. Every box is worked out from the stops' positions and the text's measured
 * width, in container pixels, with a grid for the overlap tests: no layout is read back
 * from the DOM, so a tour of thousands of stops costs a few milliseconds per placement. */
(function (TM) {
  "use strict";
  var state = TM.state, el = TM.el;

  var GAP = 3;            // between a marker and its label
  var EDGE = 2;           // labels keep this far inside the map
  var MAX_TRIES = 3000;   // stops tried per placement: big tours label what fits, cheaply
  var MAX_LABELS = 300;
  var STOP_LABEL = { height: 16, padding: 9 };  // see .tm-stop-label
  var LEG_LABEL = { height: 20, padding: 16 };  // see .tm-leg-label
  var LEG_SPOTS = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8];

  // -- boxes ------------------------------------------------------------------------------

  function box(x0, y0, x1, y1) { return { x0: x0, y0: y0, x1: x1, y1: y1 }; }
  // Box b moved the least way that puts it inside area (its top left corner, if too big).
  function movedInto(b, area) {
    var dx = Math.max(area.x0 - b.x0, Math.min(0, area.x1 - b.x1)), dy = Math.max(area.y0 - b.y0, Math.min(0, area.y1 - b.y1));
    return box(b.x0 + dx, b.y0 + dy, b.x1 + dx, b.y1 + dy);
  }
  function overlaps(a, b) { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1; }

  // Boxes in cells of a grid over the view: a test looks only at the cells it touches.
  function Grid(w, h) {
    this.size = 48;
    this.cols = Math.max(1, Math.ceil(w / this.size));
    this.rows = Math.max(1, Math.ceil(h / this.size));
    this.cells = new Array(this.cols * this.rows);
  }
  Grid.prototype._span = function (b, fn) {
    var s = this.size, c0 = Math.max(0, Math.floor(b.x0 / s)), c1 = Math.min(this.cols - 1, Math.floor(b.x1 / s));
    var r0 = Math.max(0, Math.floor(b.y0 / s)), r1 = Math.min(this.rows - 1, Math.floor(b.y1 / s));
    for (var r = r0; r <= r1; r++) for (var c = c0; c <= c1; c++) if (fn(r * this.cols + c)) return true;
    return false;
  };
  Grid.prototype.add = function (b) {
    var cells = this.cells;
    this._span(b, function (i) { (cells[i] || (cells[i] = [])).push(b); return false; });
  };
  // How many boxes b overlaps (a box in several cells counts once per cell: enough to rank).
  Grid.prototype.count = function (b) {
    var cells = this.cells, n = 0;
    this._span(b, function (i) {
      var list = cells[i];
      if (list) for (var k = 0; k < list.length; k++) if (overlaps(b, list[k])) n++;
      return false;
    });
    return n;
  };
  Grid.prototype.hits = function (b) {
    var cells = this.cells;
    return this._span(b, function (i) {
      var list = cells[i];
      if (list) for (var k = 0; k < list.length; k++) if (overlaps(b, list[k])) return true;
      return false;
    });
  };

  // -- text widths ------------------------------------------------------------------------

  var measure = (function () {
    var ctx = null, cache = {};
    return function (text, font) {
      var key = font + "\u0000" + text;
      if (cache[key] === undefined) {
        if (!ctx) ctx = document.createElement("canvas").getContext("2d");
        ctx.font = font;
        cache[key] = ctx.measureText(text).width;
      }
      return cache[key];
    };
  })();

  function fontOf(className) {
    var probe = el("div", className, "x");
    probe.style.position = "absolute";
    probe.style.visibility = "hidden";
    document.body.appendChild(probe);
    var style = getComputedStyle(probe), font = style.fontWeight + " " + style.fontSize + " " + style.fontFamily;
    document.body.removeChild(probe);
    return font;
  }

  // -- what is on the map -----------------------------------------------------------------

  function stopText(stop) {
    // A numbered pin says the number already; a dot does not.
    return state.data.canvas ? stop.n + ". " + stop.name : stop.name;
  }

  function markerBox(stop, p) {
    var selected = stop.id === state.selected;
    if (state.data.canvas && !selected) return box(p.x - 5, p.y - 5, p.x + 5, p.y + 5);
    var w = Math.max(28, 12 + 8 * String(stop.n).length), h = 28, k = selected ? 1.25 : 1;
    return box(p.x - k * w / 2, p.y - k * h / 2, p.x + k * w / 2, p.y + k * h / 2);
  }

  // Controls and export furniture, in container pixels.
  function furnitureBoxes(map) {
    var origin = map.getContainer().getBoundingClientRect();
    var nodes = map.getContainer().querySelectorAll(".leaflet-control, .tm-furniture");
    var out = [];
    for (var i = 0; i < nodes.length; i++) {
      var r = nodes[i].getBoundingClientRect();
      if (r.width && r.height) out.push(box(r.left - origin.left - GAP, r.top - origin.top - GAP, r.right - origin.left + GAP, r.bottom - origin.top + GAP));
    }
    return out;
  }

  function shown(layer) { return !!layer && state.map.hasLayer(layer); }

  // The stops whose markers show, each with its marker's box; the selected stop first.
  function stopsInView() {
    var map = state.map, size = map.getSize(), out = [];
    if (!shown(state.stopsGroup)) return out;
    state.data.stops.forEach(function (stop) {
      var p = map.latLngToContainerPoint([stop.lat, stop.lon]);
      if (p.x < -20 || p.y < -20 || p.x > size.x + 20 || p.y > size.y + 20) return;
      var item = { stop: stop, m: markerBox(stop, p) };
      if (stop.id === state.selected) out.unshift(item);
      else out.push(item);
    });
    return out;
  }

  // -- placement --------------------------------------------------------------------------

  // Where a label of w x h may go around marker box m: right, left, above, below, then the corners.
  function spots(m, w, h) {
    var cx = (m.x0 + m.x1) / 2, cy = (m.y0 + m.y1) / 2;
    return [
      box(m.x1 + GAP, cy - h / 2, m.x1 + GAP + w, cy + h / 2),
      box(m.x0 - GAP - w, cy - h / 2, m.x0 - GAP, cy + h / 2),
      box(cx - w / 2, m.y0 - GAP - h, cx + w / 2, m.y0 - GAP),
      box(cx - w / 2, m.y1 + GAP, cx + w / 2, m.y1 + GAP + h),
      box(m.x1, m.y0 - h, m.x1 + w, m.y0),
      box(m.x1, m.y1, m.x1 + w, m.y1 + h),
      box(m.x0 - w, m.y0 - h, m.x0, m.y0),
      box(m.x0 - w, m.y1, m.x0, m.y1 + h)
    ];
  }

  function leastCovered(choices, grid) {
    var best = null, fewest = Infinity;
    choices.forEach(function (b) {
      var n = grid.count(b);
      if (n < fewest) { fewest = n; best = b; }
    });
    return best;
  }

  // Every label's place for the current view: [{kind, id, text, box}], stop labels first.
  function layout() {
    var map = state.map, data = state.data, size = map.getSize();
    var inside = box(EDGE, EDGE, size.x - EDGE, size.y - EDGE);
    var within = function (b) { return b.x0 >= inside.x0 && b.y0 >= inside.y0 && b.x1 <= inside.x1 && b.y1 <= inside.y1; };
    var grid = new Grid(size.x, size.y), placed = [];
    furnitureBoxes(map).forEach(function (b) { grid.add(b); });

    var stopsOn = shown(state.stopsGroup), inView = stopsInView();
    inView.forEach(function (item) { grid.add(item.m); });

    if (stopsOn && state.labelsOn) {
      var font = state.labelFont || (state.labelFont = fontOf("tm-stop-label"));
      var tries = Math.min(inView.length, MAX_TRIES);
      for (var i = 0; i < tries && placed.length < MAX_LABELS; i++) {
        var stop = inView[i].stop, m = inView[i].m, text = stopText(stop);
        var w = Math.ceil(measure(text, font)) + STOP_LABEL.padding, h = STOP_LABEL.height;
        var choices = spots(m, w, h), chosen = null;
        for (var k = 0; k < choices.length && !chosen; k++) if (within(choices[k]) && !grid.hits(choices[k])) chosen = choices[k];
        // The selected stop's label always shows, where it covers least, never cut by an edge.
        if (!chosen && stop.id === state.selected) chosen = leastCovered(choices.filter(within), grid) || movedInto(choices[0], inside);
        if (!chosen) continue;
        grid.add(chosen);
        placed.push({ kind: "stop", id: stop.id, text: text, box: chosen });
      }
    }

    if (shown(state.routeGroup) && data.legs.length) {
      var legFont = state.legFont || (state.legFont = fontOf("tm-leg-label"));
      data.legs.forEach(function (leg, index) {
        if (!leg.label) return;
        var lw = Math.ceil(measure(leg.label, legFont)) + LEG_LABEL.padding, lh = LEG_LABEL.height;
        var last = leg.points.length - 1;
        for (var s = 0; s < LEG_SPOTS.length; s++) {
          var at = Math.round(LEG_SPOTS[s] * last), q = map.latLngToContainerPoint(leg.points[at]);
          // On the line, else just beside it on either side (the box's reach along the normal).
          var r = map.latLngToContainerPoint(leg.points[Math.min(last, at + 1)]), p0 = map.latLngToContainerPoint(leg.points[Math.max(0, at - 1)]);
          var dx = r.x - p0.x, dy = r.y - p0.y, len = Math.sqrt(dx * dx + dy * dy) || 1, nx = -dy / len, ny = dx / len;
          var reach = Math.abs(nx) * lw / 2 + Math.abs(ny) * lh / 2 + 2;
          for (var side = 0; side < 3; side++) {
            var off = side === 0 ? 0 : side === 1 ? reach : -reach, cx = q.x + nx * off, cy = q.y + ny * off;
            var b = box(cx - lw / 2, cy - lh / 2, cx + lw / 2, cy + lh / 2);
            if (within(b) && !grid.hits(b)) {
              grid.add(b);
              placed.push({ kind: "leg", id: String(index), text: leg.label, box: b });
              return;
            }
          }
        }
      });
    }
    return placed;
  }

  // -- the DOM ----------------------------------------------------------------------------

  var nodes = { stop: {}, leg: {} };

  function nodeFor(kind, id, text) {
    var node = nodes[kind][id];
    if (!node) {
      node = el("div", kind === "stop" ? "tm-stop-label" : "tm-leg-label", text);
      if (kind === "stop") node.dataset.labelFor = id;
      else node.dataset.leg = id;
      state.labelPane.appendChild(node);
      nodes[kind][id] = node;
    } else if (node.textContent !== text) {
      node.textContent = text;
    }
    return node;
  }

  function place() {
    state.labelFrame = null;
    if (!state.map || !state.labelPane || state.labelsHeld) return;
    var map = state.map, used = { stop: {}, leg: {} };
    TM.arrangeFurniture(); // the labels keep clear of it
    state.labels = layout();
    state.labels.forEach(function (label) {
      var node = nodeFor(label.kind, label.id, label.text), b = label.box;
      used[label.kind][label.id] = true;
      L.DomUtil.setPosition(node, map.containerPointToLayerPoint([b.x0, b.y0]));
      node.style.width = (b.x1 - b.x0) + "px";
      node.style.height = (b.y1 - b.y0) + "px";
      node.style.display = "";
    });
    ["stop", "leg"].forEach(function (kind) {
      Object.keys(nodes[kind]).forEach(function (id) { if (!used[kind][id]) nodes[kind][id].style.display = "none"; });
    });
    state.labelPane.style.visibility = "";
  }

  // After a move, a zoom, a resize, a new selection or a layer shown or hidden: once per frame.
  function schedule() {
    if (state.labelFrame) return;
    state.labelFrame = requestAnimationFrame(place);
  }

  // The layer control's "Stop names": a layer of its own, with no drawing of its own.
  var LabelToggle = L.Layer.extend({
    onAdd: function () { state.labelsOn = true; schedule(); },
    onRemove: function () { state.labelsOn = false; schedule(); }
  });

  function buildLabels(map) {
    var pane = map.createPane("tm-labels");
    pane.style.zIndex = 620;
    L.DomUtil.addClass(pane, "leaflet-zoom-hide"); // placed again when a zoom ends
    state.labelPane = pane;
    var toggle = new LabelToggle();
    if (state.data.labels !== false) toggle.addTo(map);
    // Hidden from a zoom's start to the end of the move (a flight is one): a placement on
    // the way (a new selection asks for one) would stay where the flight left it.
    map.on("zoomstart", function () { state.labelsHeld = true; pane.style.visibility = "hidden"; });
    map.on("moveend", function () { state.labelsHeld = false; });
    map.on("moveend zoomend resize layeradd layerremove", schedule);
    return toggle;
  }

  TM.buildLabels = buildLabels; TM.placeLabels = place; TM.scheduleLabels = schedule;
  TM.stopsInView = stopsInView;
  TM.markerBoxes = function () { return stopsInView().map(function (item) { return item.m; }); };
})(window.TM);
