/* tourmap page: The stops of a big tour as dots on one canvas, with the route under them. */
(function (TM) {
  "use strict";
  var PointCanvas = TM.PointCanvas, GeoLines = TM.GeoLines, cssColor = TM.cssColor, tooltipFor = TM.tooltipFor;

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
      this._tip = TM.tooltip({ direction: "right", className: "tm-tooltip", offset: [4, 0] });
    },

    // A stop moved (tm/edit.js): its dot is projected again with the others on the next draw.
    setStop: function (i, stop) {
      this._stops[i] = stop;
      this._lat[i] = stop.lat;
      this._lon[i] = stop.lon;
      this._projectedZoom = null;
      if (this._map) this._redraw();
    },

    // New route lines (a moved stop's legs, or none for a dragged stop's while it moves).
    setRoute: function (lines) {
      this._route = lines.length ? new GeoLines(lines) : null;
      if (this._map) this._redraw();
    },

    // The agenda filter: dimmed[i] set for a stop with no matching item (null: no filter).
    setDimmed: function (dimmed) {
      this._dimmed = dimmed;
      if (this._map) this._redraw();
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
      PointCanvas.prototype.onAdd.call(this, map);
      L.DomEvent.on(this._container, "mousemove", this._onDotMove, this);
      L.DomEvent.on(this._container, "mouseout", this._onDotOut, this);
      L.DomEvent.on(this._container, "click", this._onDotClick, this);
    },

    // Each dot is one copy of a small pre-drawn image: blitting 10,000 of them costs a few
    // milliseconds, where one path of 10,000 circles took a quarter of a second to fill on
    // the first frame. Later dots cover earlier ones, each with its light outline.
    _trace: function (ctx, dx, dy, box) {
      var px = this._px, py = this._py, sprite = this._sprite(), size = this._spriteSize, half = size / 2;
      var dimmed = this._dimmed;
      for (var i = 0; i < px.length; i++) {
        var x = px[i] + dx, y = py[i] + dy;
        if (x < box.minX || x > box.maxX || y < box.minY || y > box.maxY) continue;
        ctx.globalAlpha = dimmed && dimmed[i] ? 0.25 : 1;
        ctx.drawImage(sprite, x - half, y - half, size, size);
      }
      ctx.globalAlpha = 1;
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
      if (i >= 0) TM.stopClicked(this._stops[i].id);
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

  TM.DotLayer = DotLayer;
})(window.TM);
