/* tourmap page: The frame as drawn, for vector snapshots (SVG, PDF): land, borders, the
 * graticule and the route as lines in container pixels, then every box and line of text on
 * top (labels, markers, furniture) where the page put it. The writer on the Qt side paints
 * exactly this: the page's placement is the only one. */
(function (TM) {
  "use strict";
  var state = TM.state;

  var STEP = 0.4; // points closer than this (pixels) to the last one kept are dropped

  function round(v) { return Math.round(v * 10) / 10; }

  // Lines of a canvas layer (TM.Lines, projected in world pixels) from..to-1 that meet
  // the view, every world copy, as flat [x, y, ...] arrays in container pixels.
  function traceLines(lines, from, to, out) {
    var map = state.map, zoom = map.getZoom(), size = map.getSize(), min = map.getPixelBounds().min;
    var world = map.getPixelWorldBounds(), ww = world ? world.getSize().x : 0;
    lines.project(map, zoom);
    var px = lines.px, py = lines.py, starts = lines.starts, boxes = lines.boxes;
    var first = ww ? Math.floor(min.x / ww) - 1 : 0, last = ww ? Math.floor((min.x + size.x) / ww) + 1 : 0;
    for (var k = first; k <= last; k++) {
      var dx = k * ww - min.x, dy = -min.y;
      for (var j = from; j < to; j++) {
        if (boxes[4 * j + 1] + dx < 0 || boxes[4 * j] + dx > size.x || boxes[4 * j + 3] + dy < 0 || boxes[4 * j + 2] + dy > size.y) continue;
        var line = [], lx = Infinity, ly = Infinity;
        for (var i = starts[j]; i < starts[j + 1]; i++) {
          var x = px[i] + dx, y = py[i] + dy;
          if (Math.abs(x - lx) < STEP && Math.abs(y - ly) < STEP && i < starts[j + 1] - 1) continue;
          line.push(round(x), round(y));
          lx = x; ly = y;
        }
        if (line.length >= 4) out.push(line);
      }
    }
    return out;
  }

  // An SVG polyline's drawn parts (projected and clipped by Leaflet), in container pixels.
  function polylineParts(layer, out) {
    var pane = state.map._getMapPanePos();
    (layer._parts || []).forEach(function (part) {
      var line = [];
      part.forEach(function (p) { line.push(round(p.x + pane.x), round(p.y + pane.y)); });
      if (line.length >= 4) out.push(line);
    });
    return out;
  }

  function routeLines() {
    var out = [];
    if (!state.map.hasLayer(state.routeGroup)) return out;
    if (state.dots) return state.dots._route ? traceLines(state.dots._route, 0, state.dots._route.count, out) : out;
    state.routeGroup.eachLayer(function (layer) { if (layer._parts) polylineParts(layer, out); });
    return out;
  }

  function dots() {
    var out = [];
    var layer = state.dots;
    if (!layer || !state.map.hasLayer(state.stopsGroup)) return out;
    var map = state.map, size = map.getSize(), min = map.getPixelBounds().min;
    var world = map.getPixelWorldBounds(), ww = world ? world.getSize().x : 0;
    layer._project();
    for (var i = 0; i < layer._px.length; i++) {
      for (var k = -1; k <= 1; k++) {
        var x = layer._px[i] + k * ww - min.x, y = layer._py[i] - min.y;
        if (x < -5 || y < -5 || x > size.x + 5 || y > size.y + 5) continue;
        out.push(round(x), round(y), state.dimmed && state.dimmed[i] ? 1 : 0);
      }
    }
    return out;
  }

  // -- boxes and text, as laid out ------------------------------------------------------------

  function alpha(color) {
    var m = /rgba\([^)]*,\s*([\d.]+)\)/.exec(color);
    return m ? parseFloat(m[1]) : color === "transparent" ? 0 : 1;
  }

  function opacity(node) {
    var value = 1;
    for (var n = node; n && n.nodeType === 1; n = n.parentNode) value *= parseFloat(getComputedStyle(n).opacity);
    return value;
  }

  function length(value, whole) {
    return /%$/.test(value) ? parseFloat(value) * whole / 100 : parseFloat(value) || 0;
  }

  // Lines of a text node as the page broke them: words grouped by the line box they sit on.
  function textLines(node) {
    var text = node.nodeValue, range = document.createRange(), lines = [], words = /[^\s-]+-?|-/g, m;
    while ((m = words.exec(text))) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      var r = range.getBoundingClientRect();
      if (!r.width) continue;
      var line = lines[lines.length - 1];
      if (line && Math.abs(line.top - r.top) < 1) {
        line.end = m.index + m[0].length;
        line.right = r.right;
        line.bottom = Math.max(line.bottom, r.bottom);
      } else {
        lines.push({ start: m.index, end: m.index + m[0].length, left: r.left, top: r.top, right: r.right, bottom: r.bottom });
      }
    }
    return lines.map(function (l) { return { text: text.slice(l.start, l.end), rect: [round(l.left), round(l.top), round(l.right - l.left), round(l.bottom - l.top)] }; });
  }

  function walk(node, items, origin) {
    if (node.nodeType !== 1) return;
    var cs = getComputedStyle(node);
    if (cs.display === "none" || cs.visibility === "hidden") return;
    var r = node.getBoundingClientRect();
    if (!r.width && !r.height) return;
    var k = node.offsetWidth ? r.width / node.offsetWidth : 1; // a scaled pin (the selected stop)
    var x = r.left - origin.left, y = r.top - origin.top, fade = opacity(node);
    var widths = [cs.borderTopWidth, cs.borderRightWidth, cs.borderBottomWidth, cs.borderLeftWidth].map(function (w) { return parseFloat(w) * k; });
    var even = widths.every(function (w) { return w === widths[0]; });
    if (alpha(cs.backgroundColor) > 0 || (even && widths[0] > 0)) {
      items.push({
        kind: "box",
        rect: [round(x), round(y), round(r.width), round(r.height)],
        radius: Math.min(length(cs.borderTopLeftRadius, node.offsetWidth) * k, r.width / 2, r.height / 2),
        fill: cs.backgroundColor,
        stroke: even && widths[0] > 0 ? cs.borderTopColor : null,
        width: even ? widths[0] : 0,
        opacity: fade
      });
    }
    if (!even) {
      var sides = [[x, y, x + r.width, y], [x + r.width, y, x + r.width, y + r.height], [x, y + r.height, x + r.width, y + r.height], [x, y, x, y + r.height]];
      var colors = [cs.borderTopColor, cs.borderRightColor, cs.borderBottomColor, cs.borderLeftColor];
      widths.forEach(function (w, i) {
        if (!w) return;
        var s = sides[i], inset = w / 2, h = i % 2 === 0;
        var line = h ? [s[0], s[1] + (i === 0 ? inset : -inset), s[2], s[3] + (i === 0 ? inset : -inset)] : [s[0] + (i === 3 ? inset : -inset), s[1], s[2] + (i === 3 ? inset : -inset), s[3]];
        items.push({ kind: "line", points: line.map(round), stroke: colors[i], width: w, opacity: fade });
      });
    }
    if (node.tmShapes) { // a canvas that kept its drawing as shapes (the inset locator)
      node.tmShapes.forEach(function (shape) {
        items.push({
          kind: "shape", x: round(x), y: round(y), clip: [round(r.width), round(r.height)], lines: shape.lines, closed: shape.closed,
          fill: shape.fill, stroke: shape.stroke, width: shape.width, opacity: fade
        });
      });
    }
    for (var c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3 && c.nodeValue.trim()) {
        textLines(c).forEach(function (line) {
          items.push({
            kind: "text", text: line.text,
            rect: [round(line.rect[0] - origin.left), round(line.rect[1] - origin.top), line.rect[2], line.rect[3]],
            size: parseFloat(cs.fontSize) * k, weight: parseInt(cs.fontWeight, 10) || 400, italic: cs.fontStyle === "italic",
            family: cs.fontFamily, color: cs.color, opacity: fade
          });
        });
      } else {
        walk(c, items, origin);
      }
    }
  }

  // The frame as a JSON-ready value (see tourmap._qt.vector).
  function layout() {
    var map = state.map, size = map.getSize(), container = map.getContainer(), origin = container.getBoundingClientRect();
    var land = [], borders = [], graticule = [];
    if (state.land && map.hasLayer(state.land)) {
      traceLines(state.land._lines, 0, state.land._rings, land);
      traceLines(state.land._lines, state.land._rings, state.land._lines.count, borders);
    }
    if (state.graticule && map.hasLayer(state.graticule)) polylineParts(state.graticule, graticule);
    var items = [];
    // In the order the page stacks them: labels, markers, the selected marker, furniture.
    // Within a pane, by z-index (Leaflet stacks markers by latitude, the selected one on top).
    [".leaflet-tm-labels-pane", ".leaflet-marker-pane", ".leaflet-tm-selected-pane-pane", ".tm-corner"].forEach(function (selector) {
      Array.prototype.forEach.call(container.querySelectorAll(selector), function (pane) {
        if (getComputedStyle(pane).visibility === "hidden") return;
        var children = Array.prototype.slice.call(pane.children).map(function (node, i) { return { node: node, z: parseInt(getComputedStyle(node).zIndex, 10) || 0, i: i }; });
        children.sort(function (a, b) { return a.z - b.z || a.i - b.i; });
        children.forEach(function (child) { walk(child.node, items, origin); });
      });
    });
    return {
      size: [size.x, size.y],
      colors: {
        sea: TM.cssColor("--tm-sea", "#dbe7ef"), land: TM.cssColor("--tm-land", "#f6f3ea"), coast: TM.cssColor("--tm-coast", "#b8b2a3"),
        border: TM.cssColor("--tm-border", "#cfc8b8"), route: TM.cssColor("--tm-route", "#2b6f94"), pin: TM.cssColor("--tm-pin", "#1f3b5a"),
        graticule: "#c7d6e0"
      },
      land: land, borders: borders, graticule: graticule,
      route: routeLines(), routeWidth: state.dots ? 1 : 2.5,
      dots: dots(),
      items: items
    };
  }

  TM.layout = layout;
})(window.TM);
