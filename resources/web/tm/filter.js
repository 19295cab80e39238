/* tourmap page: The agenda filter on the map: stops with no matching item are dimmed, as
 * in the app's stop list. The app decides which; the page only shows it. */
(function (TM) {
  "use strict";
  var state = TM.state;

  // lit: indexes (in tour order) of the stops that pass the filter, or null for no filter.
  function setFilter(lit) {
    var stops = state.data ? state.data.stops : [];
    var dimmed = null;
    if (lit) {
      dimmed = new Uint8Array(stops.length).fill(1);
      for (var i = 0; i < lit.length; i++) if (lit[i] >= 0 && lit[i] < stops.length) dimmed[lit[i]] = 0;
    }
    state.dimmed = dimmed;
    if (state.dots) state.dots.setDimmed(dimmed);
    stops.forEach(function (stop, i) {
      var m = state.markers[stop.id];
      var node = m && m.getElement && m.getElement();
      if (node && node.dataset) node.dataset.dimmed = String(!!(dimmed && dimmed[i]));
    });
    var selected = state.selectedMarker && state.selectedMarker.getElement();
    if (selected) selected.dataset.dimmed = String(isDimmed(state.selected));
  }

  function isDimmed(id) {
    if (!state.dimmed || !id || !state.data) return false;
    var stop = TM.stopById(id);
    return !!(stop && state.dimmed[stop.n - 1]);
  }

  TM.setFilter = setFilter; TM.isDimmed = isDimmed;
})(window.TM);
