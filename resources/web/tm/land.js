/* tourmap page: The basemap: baked Natural Earth levels, fetched lazily, drawn by LandLayer. */
(function (TM) {
  "use strict";
  var state = TM.state, markReady = TM.markReady, cssColor = TM.cssColor, PointCanvas = TM.PointCanvas, WorldLines = TM.WorldLines;

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
      state.land = level.layer; // a vector snapshot traces what it shows (see layout.js)
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


  // The basemap: land filled and its coasts stroked, then the borders dashed, on one
  // canvas (as SVG, Leaflet projected and rebuilt tens of thousands of points into path
  // text on every zoom). The points come projected already (see bakedBasemap); rings and
  // lines go on past +-180 degrees where they cross the antimeridian, and every world
  // copy in view is drawn.
  var LandLayer = PointCanvas.extend({
    // Less padding than the tour's canvases: a redraw of the land takes a few
    // milliseconds, and the canvas is a quarter smaller. That cheap, it also draws at each
    // frame of a flight (1-3 ms at either level, 1400x900).
    options: { pane: "tm-basemap", reach: 1, interactive: false, padding: 0.1, drawOnZoom: true },

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
      PointCanvas.prototype.onAdd.call(this, map);
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

  TM.graticule = graticule; TM.loadBasemap = loadBasemap; TM.fetchLevel = fetchLevel; TM.firstLevel = firstLevel;
})(window.TM);
