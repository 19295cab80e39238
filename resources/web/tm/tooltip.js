/* tourmap page: A stop's tooltip that the map's edges never cut. */
(function (TM) {
  "use strict";
  var ARROW = 6;

  // A w x h box at (x, y) moved the least way that puts it inside the view.
  function inside(x, y, w, h, view) {
    return { x: Math.max(0, Math.min(x, view.x - w)), y: Math.max(0, Math.min(y, view.y - h)), w: w, h: h };
  }

  // The map's controls as boxes in container pixels (a tooltip is drawn under them).
  function controlBoxes(map) {
    var origin = map.getContainer().getBoundingClientRect(), out = [];
    var nodes = map.getContainer().querySelectorAll(".leaflet-control");
    for (var i = 0; i < nodes.length; i++) {
      var r = nodes[i].getBoundingClientRect();
      if (r.width && r.height) out.push({ x0: r.left - origin.left, y0: r.top - origin.top, x1: r.right - origin.left, y1: r.bottom - origin.top });
    }
    return out;
  }

  // The first control box that b overlaps, or null.
  function hit(b, boxes) {
    for (var i = 0; i < boxes.length; i++) {
      var c = boxes[i];
      if (b.x < c.x1 && c.x0 < b.x + b.w && b.y < c.y1 && c.y0 < b.y + b.h) return c;
    }
    return null;
  }

  // Leaflet puts a tooltip on one fixed side of its point, and near an edge of the map
  // part of it is cut off. This one goes to the right of its point where it fits there,
  // else to the left, and is then moved in until all of it is inside the map, clear of
  // the map's controls where it can be (the other side, else below or above). Leaflet
  // places tooltips again on zoom and view reset; this one also when a pan or a resize
  // ends. (The stops' names and the legs' distances are labels: see labels.js.)
  var Tooltip = L.Tooltip.extend({
    getEvents: function () {
      var events = L.Tooltip.prototype.getEvents.call(this);
      events.moveend = this._updatePosition;
      events.resize = this._updatePosition;
      return events;
    },

    _setPosition: function (pos) {
      var map = this._map, container = this._container, view = map.getSize();
      var rect = container.getBoundingClientRect(), w = Math.ceil(rect.width), h = Math.ceil(rect.height);
      var offset = L.point(this.options.offset), anchor = this._getAnchor();
      // Leaflet's CSS moves a side tooltip ARROW px further out, for its arrow.
      var at = map.layerPointToContainerPoint(pos), gap = offset.x + anchor.x + ARROW;
      var y = at.y - h / 2 + offset.y + anchor.y;
      var sides = at.x + gap + w <= view.x || at.x < view.x / 2 ? ["right", "left"] : ["left", "right"];
      var controls = controlBoxes(map), place = null;
      sides.forEach(function (side) {
        var b = inside(side === "right" ? at.x + gap : at.x - gap - w, y, w, h, view);
        if (!place || (place.hit && !hit(b, controls))) place = { side: side, box: b, hit: hit(b, controls) };
      });
      var b = place.box;
      // Both sides under a control (the zoom buttons, the layer switch): just below or above it.
      if (place.hit) b = inside(b.x, place.hit.y1 + h <= view.y ? place.hit.y1 : place.hit.y0 - h, w, h, view);
      L.DomUtil.removeClass(container, "leaflet-tooltip-" + (place.side === "right" ? "left" : "right"));
      L.DomUtil.addClass(container, "leaflet-tooltip-" + place.side);
      L.DomUtil.setPosition(container, map.containerPointToLayerPoint([b.x + (place.side === "right" ? -ARROW : ARROW), b.y]).round());
    }
  });

  TM.tooltip = function (options) { return new Tooltip(options); };
})(window.TM);
