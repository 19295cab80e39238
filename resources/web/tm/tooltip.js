/* tourmap page: A stop's tooltip that the map's edges never cut. */
(function (TM) {
  "use strict";
  var ARROW = 6;

  // Leaflet puts a tooltip on one fixed side of its point, and near an edge of the map
  // part of it is cut off. This one goes to the right of its point where it fits there,
  // else to the left, and is then moved in until all of it is inside the map. Leaflet
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
      var w = container.offsetWidth, h = container.offsetHeight;
      var offset = L.point(this.options.offset), anchor = this._getAnchor();
      // Leaflet's CSS moves a side tooltip ARROW px further out, for its arrow.
      var at = map.layerPointToContainerPoint(pos), gap = offset.x + anchor.x + ARROW;
      var direction = at.x + gap + w <= view.x || at.x < view.x / 2 ? "right" : "left";
      var x = direction === "right" ? at.x + gap : at.x - gap - w;
      var y = at.y - h / 2 + offset.y + anchor.y;
      x = Math.max(0, Math.min(x, view.x - w));
      y = Math.max(0, Math.min(y, view.y - h));
      L.DomUtil.removeClass(container, "leaflet-tooltip-" + (direction === "right" ? "left" : "right"));
      L.DomUtil.addClass(container, "leaflet-tooltip-" + direction);
      L.DomUtil.setPosition(container, map.containerPointToLayerPoint([x + (direction === "right" ? -ARROW : ARROW), y]).round());
    }
  });

  TM.tooltip = function (options) { return new Tooltip(options); };
})(window.TM);
