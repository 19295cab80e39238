/* tourmap page: Canvas layers for big data: projection into typed arrays and the PointCanvas base. */
(function (TM) {
  "use strict";


  // Thousands of stops and legs: canvas layers that keep positions in typed arrays,
  // project them once per zoom level and draw every world copy in view as one path.
  // (A Leaflet CircleMarker per stop and an SVG route of 70,000 points took a quarter of a
  // second to build for 10,000 stops, a megabyte per thousand markers, and were projected
  // again on every zoom.) L.Canvas provides the canvas: sized, moved and zoom-animated
  // with the map; it calls _draw after every move, zoom and resize, with the context in
  // layer coordinates covering this._bounds.
  var PointCanvas = L.Canvas.extend({
    // drawOnZoom: draw at every zoom step (each frame of a flight) instead of scaling the
    // last picture, for a layer cheap enough to draw; the land is, the dots are not.
    options: { padding: 0.2, reach: 0, drawOnZoom: false },

    initialize: function (lats, lons, options) {
      L.Canvas.prototype.initialize.call(this, options);
      this._lat = lats;
      this._lon = lons;
      this._px = new Float64Array(lats.length);
      this._py = new Float64Array(lats.length);
      this._projectedZoom = null;
    },

    // A new size draws at once; Leaflet only tells renderers on the moveend it sends
    // 200 ms after a resize.
    getEvents: function () {
      var events = L.Canvas.prototype.getEvents.call(this);
      events.resize = this._update;
      return events;
    },

    // Added (again): draw for the view of now, whatever was drawn before the removal. A
    // new pixel ratio (another screen, a snapshot's zoom factor) draws at once: the map's
    // size in CSS pixels may not change, and then Leaflet says nothing.
    onAdd: function (map) {
      this._drawn = null;
      this._unwatchRatio = onPixelRatioChange(L.bind(this._update, this));
      L.Canvas.prototype.onAdd.call(this, map);
    },

    onRemove: function (map) {
      this._unwatchRatio();
      L.Canvas.prototype.onRemove.call(this, map);
    },

    // Every move ends here (moveend, resize, view reset), and the canvas then holds the
    // view the map is in: drawn again unless a pan left the whole view inside what was
    // drawn (the padding), at the same zoom, size, pixel ratio and pixel origin. The
    // origin matters: a flight moves it without moving the map's panes, so layer
    // coordinates mean other places afterwards, and a canvas kept from before the flight
    // showed the land (or the route and dots) of the place it left.
    _update: function () {
      var map = this._map;
      if (map._animatingZoom && this._bounds) return; // the animation scales the old picture; its moveend draws
      if (this._holdsView()) return;
      L.Renderer.prototype._update.call(this);
      this._drawn = { zoom: map.getZoom(), origin: map.getPixelOrigin(), size: map.getSize(), ratio: window.devicePixelRatio || 1 };
      this._resizeCanvas();
    },

    _holdsView: function () {
      var map = this._map, drawn = this._drawn, size = map.getSize();
      return !!drawn && drawn.zoom === map.getZoom() && drawn.origin.equals(map.getPixelOrigin()) && drawn.size.equals(size) &&
        drawn.ratio === (window.devicePixelRatio || 1) &&
        this._bounds.contains(map.containerPointToLayerPoint([0, 0])) && this._bounds.contains(map.containerPointToLayerPoint(size));
    },

    // Leaflet scales the last picture at each zoom step; a flight zooms out and back in,
    // and a scaled picture leaves most of the view empty on the way.
    _onZoom: function () {
      if (this.options.drawOnZoom) this._update();
      else L.Canvas.prototype._onZoom.call(this);
    },

    // A view reset (setView without animation, a new CRS origin) draws anew.
    _reset: function () {
      this._drawn = null;
      L.Canvas.prototype._reset.call(this);
    },

    // L.Canvas's own sizing, at the page's real pixel ratio: Leaflet draws at 2x on any
    // screen above 1x, and a 3x snapshot of the map would come out soft.
    _resizeCanvas: function () {
      var b = this._bounds, container = this._container, size = b.getSize(), ratio = window.devicePixelRatio || 1;
      L.DomUtil.setPosition(container, b.min);
      container.width = Math.round(ratio * size.x);
      container.height = Math.round(ratio * size.y);
      container.style.width = size.x + "px";
      container.style.height = size.y + "px";
      this._ctx.setTransform(ratio, 0, 0, ratio, -ratio * b.min.x, -ratio * b.min.y);
      this.fire("update");
    },

    _project: function () {
      var zoom = this._map.getZoom();
      if (this._projectedZoom === zoom) return;
      projectAll(this._map, zoom, this._lat, this._lon, this._px, this._py);
      this._projectedZoom = zoom;
    },

    _worldWidth: function () {
      var world = this._map.getPixelWorldBounds();
      return world ? world.getSize().x : 0;
    },

    // fn(dx, dy, box) once per world copy that may show: (dx, dy) takes projected points
    // to layer coordinates, box is the canvas's area in layer coordinates.
    _eachCopy: function (fn) {
      var map = this._map, b = this._bounds;
      var origin = map.getPixelOrigin(), ww = this._worldWidth(), reach = this.options.reach;
      // Points may lie up to a world east or west of [-180, 180] (unwrapped legs and coasts).
      var first = ww ? Math.floor((b.min.x + origin.x - reach) / ww) - 1 : 0;
      var last = ww ? Math.floor((b.max.x + origin.x + reach) / ww) + 1 : 0;
      var box = { minX: b.min.x - reach, maxX: b.max.x + reach, minY: b.min.y - reach, maxY: b.max.y + reach };
      for (var k = first; k <= last; k++) fn(k * ww - origin.x, -origin.y, box);
    }
    // Subclasses define _draw.
  });


  // fn() whenever the page's pixel ratio changes; returns what stops it.
  function onPixelRatioChange(fn) {
    var query = null;
    function watch() {
      query = window.matchMedia("(resolution: " + (window.devicePixelRatio || 1) + "dppx)");
      query.addEventListener("change", changed);
    }
    function changed() {
      query.removeEventListener("change", changed);
      watch();
      fn();
    }
    watch();
    return function () { query.removeEventListener("change", changed); };
  }

  // Positions to pixels at a zoom level, into px and py.
  function projectAll(map, zoom, lat, lon, px, py) {
    var i;
    if (map.options.crs === L.CRS.EPSG3857) {
      // Web Mercator written out: map.project() makes a LatLng and two Points per call.
      var size = map.options.crs.scale(zoom), limit = L.Projection.SphericalMercator.MAX_LATITUDE, rad = Math.PI / 180;
      for (i = 0; i < lat.length; i++) {
        var sin = Math.sin(Math.max(-limit, Math.min(limit, lat[i])) * rad);
        px[i] = size * (lon[i] / 360 + 0.5);
        py[i] = size * (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI));
      }
    } else {
      for (i = 0; i < lat.length; i++) {
        var p = map.project([lat[i], lon[i]], zoom);
        px[i] = p.x;
        py[i] = p.y;
      }
    }
  }

  // Lines (or rings) for a canvas: every line's points in one pair of typed arrays, with
  // each line's box in pixels at the zoom they were projected for, so that only the lines
  // near the view are traced. Made by GeoLines (from [lat, lon] points) or WorldLines
  // (points baked in Web Mercator world units).
  function Lines(starts, points) {
    this.starts = starts;
    this.count = starts.length - 1;
    this.px = new Float64Array(points);
    this.py = new Float64Array(points);
    this.boxes = new Float64Array(4 * this.count);
    this.zoom = null;
  }
  Lines.prototype.measure = function () {
    var px = this.px, py = this.py, starts = this.starts, boxes = this.boxes;
    for (var j = 0; j < this.count; j++) {
      var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
      for (var i = starts[j]; i < starts[j + 1]; i++) {
        if (px[i] < x0) x0 = px[i];
        if (px[i] > x1) x1 = px[i];
        if (py[i] < y0) y0 = py[i];
        if (py[i] > y1) y1 = py[i];
      }
      boxes[4 * j] = x0; boxes[4 * j + 1] = x1; boxes[4 * j + 2] = y0; boxes[4 * j + 3] = y1;
    }
  };
  // Lines from..to-1 whose box meets ``box`` into the current path, moved by (dx, dy).
  Lines.prototype.trace = function (ctx, dx, dy, box, from, to) {
    var px = this.px, py = this.py, starts = this.starts, boxes = this.boxes;
    for (var j = from; j < to; j++) {
      if (boxes[4 * j + 1] + dx < box.minX || boxes[4 * j] + dx > box.maxX || boxes[4 * j + 3] + dy < box.minY || boxes[4 * j + 2] + dy > box.maxY) continue;
      ctx.moveTo(px[starts[j]] + dx, py[starts[j]] + dy);
      for (var i = starts[j] + 1; i < starts[j + 1]; i++) ctx.lineTo(px[i] + dx, py[i] + dy);
    }
  };

  function GeoLines(lines) {
    var n = 0, j, i;
    for (j = 0; j < lines.length; j++) n += lines[j].length;
    var lats = new Float64Array(n), lons = new Float64Array(n), starts = new Uint32Array(lines.length + 1);
    for (j = 0, n = 0; j < lines.length; j++) {
      starts[j] = n;
      for (i = 0; i < lines[j].length; i++, n++) {
        lats[n] = lines[j][i][0];
        lons[n] = lines[j][i][1];
      }
    }
    starts[lines.length] = n;
    Lines.call(this, starts, n);
    this.lat = lats;
    this.lon = lons;
  }
  GeoLines.prototype = Object.create(Lines.prototype);
  GeoLines.prototype.project = function (map, zoom) {
    if (this.zoom === zoom) return;
    projectAll(map, zoom, this.lat, this.lon, this.px, this.py);
    this.measure();
    this.zoom = zoom;
  };

  function WorldLines(level) {
    Lines.call(this, level.starts, level.xy.length / 2);
    this.xy = level.xy;
  }
  WorldLines.prototype = Object.create(Lines.prototype);
  // World units to pixels: a multiplication (the app's maps are EPSG:3857).
  WorldLines.prototype.project = function (map, zoom) {
    if (this.zoom === zoom) return;
    var size = map.options.crs.scale(zoom), xy = this.xy, px = this.px, py = this.py;
    for (var i = 0; i < px.length; i++) {
      px[i] = size * xy[2 * i];
      py[i] = size * xy[2 * i + 1];
    }
    this.measure();
    this.zoom = zoom;
  };

  TM.PointCanvas = PointCanvas; TM.onPixelRatioChange = onPixelRatioChange; TM.projectAll = projectAll; TM.Lines = Lines; TM.GeoLines = GeoLines; TM.WorldLines = WorldLines;
})(window.TM);
