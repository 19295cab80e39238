/* tourmap's page script: builds the tour layers from one JSON value and talks to the app
 * through one QWebChannel object ("bridge"). Tour text only ever reaches the DOM through
 * textContent, never innerHTML: names like "<b>x</b>" are shown as typed. */
(function () {
  "use strict";

  var state = {
    map: null,
    data: null,
    markers: {},          // stop id -> L.Marker (DOM mode) or L.CircleMarker (canvas mode)
    index: {},            // stop id -> stop
    selectedMarker: null, // canvas mode: the one DOM marker for the selected stop
    selected: null,
    bridge: null,
    basemapReady: false,
    layersReady: false,
    bridgeReady: false,
    clicks: 0
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function stopById(id) {
    return Object.prototype.hasOwnProperty.call(state.index, id) ? state.index[id] : null;
  }

  function tooltipFor(stop) {
    var box = el("div", "tm-tip");
    box.appendChild(el("div", "tm-tip-name", stop.n + ". " + stop.name));
    if (stop.date) box.appendChild(el("div", "tm-tip-date", stop.date));
    return box;
  }

  // Ready: the tour's layers are drawn and, in the app, the bridge is connected. The app's
  // map is usable before its land is drawn, as a tiled map is before its tiles arrive:
  // the basemap follows a few frames later (data-basemap says when). A snapshot waits for it.
  function markReady() {
    if (!state.data) return; // the tour is still on its way (see init)
    var app = state.data.mode === "app";
    var needBridge = app && window.qt && window.qt.webChannelTransport;
    var ready = (app || state.basemapReady) && state.layersReady && (!needBridge || state.bridgeReady);
    document.documentElement.dataset.ready = ready ? "true" : "false";
    if (ready && state.bridge && !state.announced) {
      state.announced = true;
      state.bridge.pageReady();
    }
  }

  // -- basemap ------------------------------------------------------------------------

  function graticule(step) {
    var lines = [];
    for (var lon = -180; lon <= 180; lon += step) lines.push([[-85, lon], [85, lon]]);
    for (var lat = -75; lat <= 75; lat += step) lines.push([[lat, -180], [lat, 180]]);
    return L.polyline(lines, { pane: "tm-basemap", className: "tm-graticule", interactive: false, weight: 0.6 });
  }

  // Natural Earth at 1:50m, or in the app at zoom levels below data.basemap.coarse.belowZoom
  // the 1:110m version: a world view needs no more, and a tenth of the points makes every
  // zoom and pan cheaper. Each level is fetched the first time its zoom range is reached.
  // Levels by URL, each a promise: fetched and converted once, also before the tour is in.
  var basemapLevels = {};

  // The detailed level refines a map that is already usable: it is fetched and built when
  // the page has nothing more urgent to do (within a second at most).
  function whenIdle(work) {
    if (window.requestIdleCallback) window.requestIdleCallback(work, { timeout: 1000 });
    else setTimeout(work, 50);
  }
  function fetchLevel(url) {
    if (!basemapLevels[url]) {
      basemapLevels[url] = fetch(url)
        .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.arrayBuffer(); })
        .then(function (buffer) { return { layer: new LandLayer(bakedBasemap(buffer)) }; });
    }
    return basemapLevels[url];
  }

  // A level as tourmap.page.basemap bakes it: the rings of the land, then the border
  // lines, as offsets into one array of points in Web Mercator world units (0..1).
  function bakedBasemap(buffer) {
    var head = new DataView(buffer, 0, 16);
    if (head.getUint32(0, false) !== 0x544d4231) throw new Error("not a baked basemap"); // "TMB1"
    var rings = head.getUint32(4, true), lines = head.getUint32(8, true), points = head.getUint32(12, true);
    var starts = new Uint32Array(buffer, 16, rings + lines + 1);
    return { rings: rings, starts: starts, xy: new Float32Array(buffer, 16 + 4 * starts.length, 2 * points) };
  }
  // The level a page shows first: the coarse one in the app, else the detailed one.
  function firstLevel(info) {
    return info.coarse ? info.coarse.url : info.url;
  }

  function loadBasemap(group) {
    var info = state.data.basemap;
    document.documentElement.dataset.basemap = "loading";
    var current = null;

    function levelFor(zoom) {
      return info.coarse && zoom < info.coarse.belowZoom ? info.coarse.url : info.url;
    }
    function show(level) {
      if (current === level) return;
      if (current) group.removeLayer(current.layer);
      current = level;
      group.addLayer(level.layer);
    }
    function ensure() {
      var url = levelFor(state.map.getZoom());
      return fetchLevel(url).then(function (level) {
        if (levelFor(state.map.getZoom()) !== url) return ensure(); // zoomed across meanwhile
        show(level);
      });
    }
    function failed(err) {
      console.error("tourmap: basemap failed to load: " + err);
    }

    // The app starts on the coarse level whatever the zoom (a fifth of the work) and puts
    // the detailed one in place once the page is idle, if the zoom needs it.
    (info.coarse ? fetchLevel(firstLevel(info)).then(show) : ensure())
      .then(function () {
        state.basemapReady = true;
        document.documentElement.dataset.basemap = "loaded";
        markReady();
        if (info.coarse) {
          whenIdle(function () {
            ensure().catch(failed);
            state.map.on("zoomend", function () { ensure().catch(failed); });
          });
        }
      })
      .catch(function (err) {
        document.documentElement.dataset.basemap = "failed";
        failed(err);
        state.basemapReady = true;
        markReady();
      });
  }

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
    node.setAttribute("aria-label", stop.n + ". " + stop.name);
  }

  function domMarker(stop, pane) {
    var marker = L.marker([stop.lat, stop.lon], { icon: domIcon(stop), pane: pane || "markerPane", keyboard: true, riseOnHover: true });
    marker.bindTooltip(tooltipFor(stop), { direction: "right", className: "tm-tooltip", offset: [4, 0] });
    marker.on("add", function () { tagElement(marker, stop); });
    marker.on("click", function () { stopClicked(stop.id); });
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

  // Thousands of stops and legs: canvas layers that keep positions in typed arrays,
  // project them once per zoom level and draw every world copy in view as one path.
  // (A Leaflet CircleMarker per stop and an SVG route of 70,000 points took a quarter of a
  // second to build for 10,000 stops, a megabyte per thousand markers, and were projected
  // again on every zoom.) L.Canvas provides the canvas: sized, moved and zoom-animated
  // with the map; it calls _draw after every move, zoom and resize, with the context in
  // layer coordinates covering this._bounds.
  var PointCanvas = L.Canvas.extend({
    options: { padding: 0.2, reach: 0 },

    initialize: function (lats, lons, options) {
      L.Canvas.prototype.initialize.call(this, options);
      this._lat = lats;
      this._lon = lons;
      this._px = new Float64Array(lats.length);
      this._py = new Float64Array(lats.length);
      this._projectedZoom = null;
    },

    // A new size (or pixel ratio: a snapshot's zoom factor) draws at once; Leaflet only
    // tells renderers on the moveend it sends 200 ms after a resize.
    getEvents: function () {
      var events = L.Canvas.prototype.getEvents.call(this);
      events.resize = this._update;
      return events;
    },

    // A pan that leaves the view inside the canvas (its padding) needs no redraw: the
    // canvas moves with the map and still holds everything in view. A zoom, a new size
    // or pixel ratio, or a view reset (new layer coordinates) draws again.
    _update: function () {
      var map = this._map, size = map.getSize(), ratio = window.devicePixelRatio || 1;
      if (this._bounds && !this._stale && this._zoom === map.getZoom() && this._size && this._size.equals(size) && this._ratio === ratio && !map._animatingZoom) {
        if (this._bounds.contains(map.containerPointToLayerPoint([0, 0])) && this._bounds.contains(map.containerPointToLayerPoint(size))) return;
      }
      this._stale = false;
      this._size = size;
      this._ratio = ratio;
      if (map._animatingZoom && this._bounds) return;
      L.Renderer.prototype._update.call(this);
      this._resizeCanvas();
    },

    _reset: function () {
      this._stale = true;
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

  function cssColor(name, fallback) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
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

  // The basemap: land filled and its coasts stroked, then the borders dashed, on one
  // canvas (as SVG, Leaflet projected and rebuilt tens of thousands of points into path
  // text on every zoom). The points come projected already (see bakedBasemap); rings and
  // lines go on past +-180 degrees where they cross the antimeridian, and every world
  // copy in view is drawn.
  var LandLayer = PointCanvas.extend({
    // Less padding than the tour's canvases: a redraw of the land takes a few
    // milliseconds, and the canvas is a quarter smaller.
    options: { pane: "tm-basemap", reach: 1, interactive: false, padding: 0.1 },

    initialize: function (level) {
      PointCanvas.prototype.initialize.call(this, new Float64Array(0), new Float64Array(0), {});
      this._lines = new WorldLines(level);
      this._rings = level.rings;
      this._style = {
        land: cssColor("--tm-land", "#f6f3ea"),
        coast: cssColor("--tm-coast", "#b8b2a3"),
        border: cssColor("--tm-border", "#cfc8b8")
      };
    },

    onAdd: function (map) {
      L.Canvas.prototype.onAdd.call(this, map);
      L.DomUtil.addClass(this._container, "tm-land");
    },

    _draw: function () {
      if (!this._map || !this._bounds) return;
      var ctx = this._ctx, lines = this._lines, rings = this._rings, style = this._style;
      lines.project(this._map, this._map.getZoom());
      ctx.beginPath();
      this._eachCopy(function (dx, dy, box) { lines.trace(ctx, dx, dy, box, 0, rings); });
      ctx.fillStyle = style.land;
      ctx.fill("evenodd"); // lakes are holes
      ctx.lineJoin = "round";
      ctx.lineWidth = 0.7;
      ctx.strokeStyle = style.coast;
      ctx.stroke();
      ctx.beginPath();
      this._eachCopy(function (dx, dy, box) { lines.trace(ctx, dx, dy, box, rings, lines.count); });
      ctx.setLineDash([3, 2]);
      ctx.lineWidth = 0.6;
      ctx.strokeStyle = style.border;
      ctx.stroke();
      ctx.setLineDash([]);
    }
  });

  // The stops of a big tour, as dots, and under them its route (lines of [lat, lon]), on
  // one canvas: a canvas of its own for the route cost 20 MiB more at 10,000 stops (its
  // bitmap, and the compositor's copy in two processes). Finds the dot under the pointer
  // itself.
  var DotLayer = PointCanvas.extend({
    options: { pane: "tm-dots", radius: 4, tolerance: 4, reach: 5, fill: "#1f3b5a", stroke: "#ffffff" },

    initialize: function (stops, route, options) {
      var lats = new Float64Array(stops.length), lons = new Float64Array(stops.length);
      for (var i = 0; i < stops.length; i++) {
        lats[i] = stops[i].lat;
        lons[i] = stops[i].lon;
      }
      PointCanvas.prototype.initialize.call(this, lats, lons, options);
      this._stops = stops;
      this._route = route.length ? new GeoLines(route) : null;
      this._routeShown = true;
      this._routeColor = cssColor("--tm-route", "#2b6f94");
      this._hover = -1;
      this._tip = L.tooltip({ direction: "right", className: "tm-tooltip", offset: [4, 0] });
    },

    // The layer control's "Route" check box.
    showRoute: function (shown) {
      this._routeShown = shown;
      if (this._map) this._redraw();
    },

    _draw: function () {
      if (!this._map || !this._bounds) return;
      this._project();
      var ctx = this._ctx, self = this, route = this._route;
      if (route && this._routeShown) {
        // Hairlines: a 1 px stroke rasterises many times faster than a wider one, and
        // thousands of legs are a web of lines at this scale, not paths to follow.
        route.project(this._map, this._projectedZoom);
        ctx.beginPath();
        this._eachCopy(function (dx, dy, box) { route.trace(ctx, dx, dy, box, 0, route.count); });
        ctx.lineWidth = 1;
        ctx.lineCap = "round";
        ctx.lineJoin = "round";
        ctx.globalAlpha = 0.9;
        ctx.strokeStyle = this._routeColor;
        ctx.stroke();
        ctx.globalAlpha = 1;
      }
      this._eachCopy(function (dx, dy, box) { self._trace(ctx, dx, dy, box); });
    },

    onAdd: function (map) {
      L.Canvas.prototype.onAdd.call(this, map);
      L.DomEvent.on(this._container, "mousemove", this._onDotMove, this);
      L.DomEvent.on(this._container, "mouseout", this._onDotOut, this);
      L.DomEvent.on(this._container, "click", this._onDotClick, this);
    },

    // Each dot is one copy of a small pre-drawn image: blitting 10,000 of them costs a few
    // milliseconds, where one path of 10,000 circles took a quarter of a second to fill on
    // the first frame. Later dots cover earlier ones, each with its light outline.
    _trace: function (ctx, dx, dy, box) {
      var px = this._px, py = this._py, sprite = this._sprite(), size = this._spriteSize, half = size / 2;
      for (var i = 0; i < px.length; i++) {
        var x = px[i] + dx, y = py[i] + dy;
        if (x < box.minX || x > box.maxX || y < box.minY || y > box.maxY) continue;
        ctx.drawImage(sprite, x - half, y - half, size, size);
      }
    },

    _sprite: function () {
      if (!this._spriteImage) {
        var r = this.options.radius, size = 2 * r + 3, ratio = window.devicePixelRatio || 1;
        var image = document.createElement("canvas");
        image.width = image.height = Math.ceil(size * ratio);
        var ctx = image.getContext("2d");
        ctx.scale(ratio, ratio);
        ctx.beginPath();
        ctx.arc(size / 2, size / 2, r, 0, 2 * Math.PI);
        ctx.fillStyle = this.options.fill;
        ctx.fill();
        ctx.lineWidth = 1;
        ctx.strokeStyle = this.options.stroke;
        ctx.stroke();
        this._spriteImage = image;
        this._spriteSize = size;
      }
      return this._spriteImage;
    },

    // The dot under a mouse event (the one drawn last, when they overlap), or -1.
    _dotAt: function (e) {
      var map = this._map;
      this._project();
      var p = map.mouseEventToLayerPoint(e).add(map.getPixelOrigin());
      var ww = this._worldWidth(), reach = this.options.radius + this.options.tolerance;
      var best = -1, bestD = reach * reach, px = this._px, py = this._py;
      for (var i = 0; i < px.length; i++) {
        var dx = p.x - px[i], dy = p.y - py[i];
        if (ww) dx -= Math.round(dx / ww) * ww;
        var d = dx * dx + dy * dy;
        if (d <= bestD) { bestD = d; best = i; }
      }
      this._copy = best >= 0 && ww ? Math.round((p.x - px[best]) / ww) : 0;
      return best;
    },

    _onDotMove: function (e) {
      var i = this._dotAt(e);
      if (i === this._hover) return;
      this._hover = i;
      this._container.style.cursor = i >= 0 ? "pointer" : "";
      if (i < 0) { this._map.closeTooltip(this._tip); return; }
      var stop = this._stops[i];
      this._tip.setLatLng([stop.lat, stop.lon + 360 * this._copy]).setContent(tooltipFor(stop));
      this._map.openTooltip(this._tip);
    },

    _onDotOut: function () {
      this._hover = -1;
      this._container.style.cursor = "";
      this._map.closeTooltip(this._tip);
    },

    _onDotClick: function (e) {
      if (this._map.dragging && this._map.dragging.moved()) return; // the end of a drag
      var i = this._dotAt(e);
      if (i >= 0) stopClicked(this._stops[i].id);
    },

    // For tests and benchmarks: the dots in view, as [id, x, y] in container pixels.
    inView: function () {
      var map = this._map, size = map.getSize(), out = [];
      this._stops.forEach(function (stop) {
        var q = map.latLngToContainerPoint([stop.lat, stop.lon]);
        if (q.x >= 0 && q.y >= 0 && q.x <= size.x && q.y <= size.y) out.push([stop.id, q.x, q.y]);
      });
      return out;
    }
  });

  // Big tours come without "legs": consecutive stops are joined here by great circles
  // (spherical; at these scales indistinguishable from the ellipsoid's geodesics). Each leg
  // starts at its stop's own longitude and unwraps within itself, so it may end past +-180.
  function greatCircle(a, b, stepKm, maxPoints) {
    var rad = Math.PI / 180;
    var la1 = a.lat * rad, lo1 = a.lon * rad, la2 = b.lat * rad, lo2 = b.lon * rad;
    var ax = Math.cos(la1) * Math.cos(lo1), ay = Math.cos(la1) * Math.sin(lo1), az = Math.sin(la1);
    var bx = Math.cos(la2) * Math.cos(lo2), by = Math.cos(la2) * Math.sin(lo2), bz = Math.sin(la2);
    var w = Math.acos(Math.max(-1, Math.min(1, ax * bx + ay * by + az * bz)));
    var count = Math.max(2, Math.min(maxPoints, Math.ceil(w * 6371.0088 / stepKm) + 1));
    var s = Math.sin(w), points = [[a.lat, a.lon]], lon = a.lon;
    for (var i = 1; i < count; i++) {
      var t = i / (count - 1);
      var fa = s < 1e-9 ? 1 - t : Math.sin((1 - t) * w) / s, fb = s < 1e-9 ? t : Math.sin(t * w) / s;
      var x = fa * ax + fb * bx, y = fa * ay + fb * by, z = fa * az + fb * bz;
      var next = Math.atan2(y, x) / rad;
      lon += ((next - lon) % 360 + 540) % 360 - 180; // the short way from the previous point
      points.push([i === count - 1 ? b.lat : Math.asin(Math.max(-1, Math.min(1, z / Math.sqrt(x * x + y * y + z * z)))) / rad, lon]);
    }
    return points;
  }

  function routeLines() {
    var data = state.data, options = data.greatCircles;
    if (!options) return data.legs.map(function (leg) { return { leg: leg, points: leg.points }; });
    var out = [];
    for (var i = 1; i < data.stops.length; i++) out.push({ leg: null, points: greatCircle(data.stops[i - 1], data.stops[i], options.stepKm, options.maxPoints) });
    return out;
  }

  // A leg that runs past +-180 is drawn again one world over, so all of it shows where the
  // stops are (only great-circle legs do: the others are unwrapped along the whole route).
  function withCopies(points) {
    if (!state.data.greatCircles) return points;
    var west = Infinity, east = -Infinity;
    for (var i = 0; i < points.length; i++) {
      if (points[i][1] < west) west = points[i][1];
      if (points[i][1] > east) east = points[i][1];
    }
    if (east <= 180 && west >= -180) return points;
    var lines = [points];
    if (east > 180) lines.push(points.map(function (p) { return [p[0], p[1] - 360]; }));
    if (west < -180) lines.push(points.map(function (p) { return [p[0], p[1] + 360]; }));
    return lines;
  }

  function buildRoute(group) {
    var lines = routeLines();
    if (state.data.canvas) {
      // Drawn under the dots, on their canvas (see buildStops); the group's check box in
      // the layer control shows and hides it there.
      state.routeLines = lines.map(function (line) { return line.points; });
      group.on("add", function () { if (state.dots) state.dots.showRoute(true); });
      group.on("remove", function () { if (state.dots) state.dots.showRoute(false); });
      return;
    }
    lines.forEach(function (line) {
      group.addLayer(L.polyline(withCopies(line.points), { pane: "tm-route", className: "tm-route", interactive: false, weight: 2.5 }));
      var leg = line.leg;
      if (leg && leg.label) {
        var mid = leg.points[Math.floor(leg.points.length / 2)];
        var tip = L.tooltip({ permanent: true, direction: "center", className: "tm-leg-label", pane: "tm-labels", interactive: false })
          .setLatLng(mid)
          .setContent(el("span", null, leg.label));
        group.addLayer(tip);
      }
    });
  }

  // -- selection ------------------------------------------------------------------------

  function stopClicked(id) {
    state.clicks += 1;
    if (state.bridge) state.bridge.stopClicked(id); // the app decides; it answers with select()
    else select(id, false);
  }

  function setSelectedAttributes(id) {
    if (state.data.canvas) {
      // Canvas dots have no elements; the selected stop's DOM marker is the only one.
      var node = state.selectedMarker && state.selectedMarker.getElement();
      if (node) {
        node.dataset.selected = "true";
        node.classList.add("tm-selected");
      }
      return;
    }
    Object.keys(state.markers).forEach(function (key) {
      var m = state.markers[key];
      var node = m.getElement && m.getElement();
      if (node && node.dataset) {
        node.dataset.selected = String(key === id);
        node.classList.toggle("tm-selected", key === id);
      }
    });
  }

  function select(id, fly) {
    var stop = id ? stopById(id) : null;
    state.selected = stop ? stop.id : null;
    if (state.data.canvas) {
      if (state.selectedMarker) { state.map.removeLayer(state.selectedMarker); state.selectedMarker = null; }
      if (stop) {
        state.selectedMarker = domMarker(stop, "tm-selected-pane");
        state.selectedMarker.addTo(state.map);
      }
    }
    setSelectedAttributes(state.selected);
    if (!stop) return;
    var target = L.latLng(stop.lat, stop.lon);
    if (fly === "instant") {
      state.map.setView(target, Math.max(state.map.getZoom(), 5), { animate: false });
    } else if (fly) {
      state.map.flyTo(target, Math.max(state.map.getZoom(), 5), { duration: 0.6 });
    } else if (!state.map.getBounds().pad(-0.05).contains(target)) {
      state.map.panTo(target);
    }
  }

  function fitAll(animate) {
    // Export frames keep the title box and legend clear of the route.
    var pad = state.data.mode === "export" ? { paddingTopLeft: [60, state.data.caption === false ? 60 : 110], paddingBottomRight: [60, 70] } : { padding: [64, 64] };
    state.map.fitBounds(state.data.bounds, Object.assign({ maxZoom: 7, animate: !!animate }, pad));
  }

  // -- export furniture -----------------------------------------------------------------

  function exportFurniture() {
    var data = state.data;
    if (data.caption !== false) {
      var head = el("div", "tm-export-title");
      head.appendChild(el("div", "tm-export-title-text", data.title));
      if (data.dates) head.appendChild(el("div", "tm-export-dates", data.dates));
      document.body.appendChild(head);
    }

    var legend = el("div", "tm-legend");
    var row = el("div", "tm-legend-row");
    row.appendChild(el("span", "tm-legend-pin", "1"));
    row.appendChild(el("span", null, "Stop, in tour order"));
    legend.appendChild(row);
    var row2 = el("div", "tm-legend-row");
    row2.appendChild(el("span", "tm-legend-line"));
    var total = data.totalKm;
    row2.appendChild(el("span", null, "Route (geodesic)" + (total ? ", " + Math.round(total).toLocaleString("en-US") + " km" : "")));
    legend.appendChild(row2);
    document.body.appendChild(legend);
  }

  // -- wiring ---------------------------------------------------------------------------

  function connectBridge(mode) {
    if (state.bridgeStarted || mode !== "app" || !window.qt || !window.qt.webChannelTransport || typeof QWebChannel === "undefined") return;
    state.bridgeStarted = true;
    new QWebChannel(window.qt.webChannelTransport, function (channel) {
      var bridge = channel.objects.bridge;
      state.bridge = bridge;
      bridge.selectionChanged.connect(function (id, fly) { select(id || null, fly ? true : false); });
      bridge.fitAllRequested.connect(function () { fitAll(true); });
      state.bridgeReady = true;
      markReady();
    });
  }

  // data: the page data, JSON text of it (big tours), or, in the app, the page set-up and
  // a "fetch" URL for the whole page data: the app loads the page while it still reads the
  // tour file, and the handshake and the basemap get under way before the tour is in.
  function init(map, data) {
    if (typeof data === "string") data = JSON.parse(data);
    state.map = map;
    document.documentElement.dataset.mode = data.mode;
    document.documentElement.dataset.ready = "false";
    connectBridge(data.mode); // the channel's handshake with the app runs while the layers are built
    // For tests and benchmarks: whether a pan, zoom or flight is under way.
    map.on("movestart", function () { state.moving = true; });
    map.on("moveend", function () { state.moving = false; });
    fetchLevel(firstLevel(data.basemap)); // on its way while the layers are built
    if (!data.fetch) {
      build(data);
      return;
    }
    fetch(data.fetch)
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.text(); })
      .then(function (text) { build(JSON.parse(text)); }) // the whole page data (page_json)
      .catch(function (err) {
        console.error("tourmap: the tour did not load: " + err);
        document.documentElement.dataset.ready = "failed";
      });
  }

  function build(data) {
    var map = state.map;
    state.data = data;
    if (data.title) document.title = data.title; // text, never markup
    data.stops.forEach(function (stop) { state.index[stop.id] = stop; });
    map.createPane("tm-basemap").style.zIndex = 200;
    map.createPane("tm-route").style.zIndex = 410;
    map.createPane("tm-dots").style.zIndex = 450;
    map.createPane("tm-labels").style.zIndex = 620;
    map.createPane("tm-selected-pane").style.zIndex = 650;
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(escapeText(data.basemap.attribution));

    // Frame the tour before adding its layers: they are projected for the view they are
    // added to, and a change of zoom afterwards would project thousands of points again.
    fitAll(false);
    var basemap = L.layerGroup([graticule(15)]);
    basemap.addTo(map);
    loadBasemap(basemap);
    var route = L.layerGroup().addTo(map);
    var stops = L.layerGroup().addTo(map);
    buildRoute(route);
    buildStops(stops);

    if (data.mode === "app") {
      var bases = { "Natural Earth (offline)": basemap };
      data.online.forEach(function (o) {
        bases[o.name] = L.tileLayer(o.url, { attribution: escapeText(o.attribution), maxZoom: o.maxZoom });
      });
      L.control.layers(bases, { "Route": route, "Stops": stops }, { collapsed: true }).addTo(map);
      L.control.scale({ imperial: false }).addTo(map);
    } else {
      map.zoomControl.remove();
      exportFurniture();
    }

    if (data.selected) select(data.selected, "instant");
    if (data.mode === "app") reframeOnResize(map);
    state.layersReady = true;
    markReady();
  }

  // The app hands the tour over before its window is on screen (and window managers
  // resize new windows): until the user touches the map, a new size frames it again.
  function reframeOnResize(map) {
    var touched = false;
    var container = map.getContainer();
    ["mousedown", "wheel", "keydown", "touchstart"].forEach(function (type) {
      container.addEventListener(type, function () { touched = true; }, { capture: true, passive: true });
    });
    map.on("resize", function () {
      if (touched) return;
      if (state.selected) select(state.selected, "instant");
      else fitAll(false);
    });
  }

  // Leaflet's attribution and layer names are HTML; ours are text.
  function escapeText(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function markerInfo() {
    return Array.prototype.map.call(document.querySelectorAll("[data-stop-id]"), function (node) {
      var r = node.getBoundingClientRect();
      return { id: node.dataset.stopId, selected: node.dataset.selected, x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
  }

  window.tourmap = {
    init: init,
    select: select,
    fitAll: fitAll,
    // For tests and benchmarks: arrays go back to Python as JSON text (PySide6 6.12).
    dotsInView: function () { return JSON.stringify(state.dots ? state.dots.inView() : []); },
    stateJson: function () {
      return JSON.stringify({
        ready: document.documentElement.dataset.ready === "true",
        basemap: document.documentElement.dataset.basemap || null,
        selected: state.selected,
        clicks: state.clicks,
        zoom: state.map.getZoom(),
        center: [state.map.getCenter().lat, state.map.getCenter().lng],
        moving: !!state.moving,
        markers: markerInfo()
      });
    }
  };
})();
