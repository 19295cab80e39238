/* tourmap page: Edits. The tour's layers follow the app's document without a page reload,
 * and a stop's marker can be dragged: its two legs and their distances follow the
 * pointer, Esc puts it back, and the release tells the app (bridge.stopMoved), which
 * answers with the edited tour. */
(function (TM) {
  "use strict";
  var state = TM.state, el = TM.el;

  // -- the document's changes ---------------------------------------------------------

  function indexStops(data) {
    state.index = {};
    data.stops.forEach(function (stop) { state.index[stop.id] = stop; });
  }

  // New page data (the tour after an edit that adds, removes or reorders stops, or any
  // edit of a small tour): the route and the stops are built again; the view stays.
  function update(data) {
    if (typeof data === "string") data = JSON.parse(data);
    endDrag(false);
    state.data = data;
    if (data.title) document.title = data.title;
    indexStops(data);
    state.routeGroup.clearLayers();
    state.stopsGroup.clearLayers();
    state.markers = {};
    state.legLayers = [];
    state.routeLines = null;
    state.dots = null;
    TM.buildRoute(state.routeGroup);
    TM.buildStops(state.stopsGroup);
    TM.select(state.selected && TM.stopById(state.selected) ? state.selected : null, "stay");
    if (state.labelPane) state.labelPane.style.visibility = "";
    TM.scheduleLabels();
    return true;
  }

  // Stops changed in place in a big tour (moved, renamed, new dates): their dots move
  // and the great circles of their legs are drawn again; nothing else is rebuilt.
  function updateStops(stops, totalKm) {
    endDrag(false);
    var data = state.data, options = data.greatCircles;
    stops.forEach(function (stop) {
      var i = stop.n - 1;
      data.stops[i] = stop;
      state.index[stop.id] = stop;
      if (state.dots) state.dots.setStop(i, stop);
      if (state.routeLines && options) {
        if (i > 0) state.routeLines[i - 1] = TM.greatCircle(data.stops[i - 1], stop, options.stepKm, options.maxPoints);
        if (i + 1 < data.stops.length) state.routeLines[i] = TM.greatCircle(stop, data.stops[i + 1], options.stepKm, options.maxPoints);
      }
    });
    if (totalKm !== null && totalKm !== undefined) data.totalKm = totalKm;
    if (state.dots) state.dots.setRoute(state.routeLines || []);
    TM.select(state.selected, "stay");
    if (state.labelPane) state.labelPane.style.visibility = "";
    TM.scheduleLabels();
    return true;
  }

  // -- dragging a marker ----------------------------------------------------------------

  // The legs into and out of stop i while it is dragged to latlng: drawn as lines of
  // their own (a big tour's canvas route leaves them out meanwhile), each with its
  // distance on a great circle (the app works out the geodesic one on release).
  function dragLegs(drag, latlng) {
    var stops = state.data.stops, i = drag.index, moved = { lat: latlng.lat, lon: latlng.lng };
    var pairs = [];
    if (i > 0) pairs.push([stops[i - 1], moved]);
    if (i + 1 < stops.length) pairs.push([moved, stops[i + 1]]);
    pairs.forEach(function (pair, k) {
      var points = TM.greatCircle(pair[0], pair[1], 100, 64);
      var leg = drag.legs[k];
      if (!leg) {
        leg = drag.legs[k] = {
          line: L.polyline(points, { pane: "tm-route", className: "tm-route tm-drag-leg", interactive: false, weight: 2.5 }).addTo(state.map),
          tip: L.tooltip({ permanent: true, direction: "center", className: "tm-leg-label tm-drag-label", pane: "tm-dragging", interactive: false }).setLatLng(points[0]).setContent(el("span")).addTo(state.map)
        };
      } else {
        leg.line.setLatLngs(points);
      }
      leg.tip.setLatLng(points[Math.floor(points.length / 2)]);
      leg.tip.getElement().firstChild.textContent = Math.round(sphereKm(pair[0], pair[1])).toLocaleString("en-US") + " km";
    });
  }

  function sphereKm(a, b) {
    var rad = Math.PI / 180, dLat = (b.lat - a.lat) * rad, dLon = (b.lon - a.lon) * rad;
    var h = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  // The stop's own legs, hidden while their stand-ins follow the pointer.
  function showOwnLegs(index, shown) {
    var layers = state.legLayers || [];
    [index - 1, index].forEach(function (j) {
      var leg = layers[j];
      if (leg && shown) state.routeGroup.addLayer(leg);
      else if (leg) state.routeGroup.removeLayer(leg);
    });
    // The labels (the stop's name, its legs' distances) stay out of the way meanwhile.
    if (state.labelPane) state.labelPane.style.visibility = shown ? "" : "hidden";
    if (shown) TM.scheduleLabels();
    if (state.dots && state.routeLines) {
      var lines = state.routeLines.slice();
      if (!shown) {
        if (index > 0) lines[index - 1] = [];
        if (index < lines.length) lines[index] = [];
      }
      state.dots.setRoute(lines);
    }
  }

  function startDrag(marker, stop) {
    endDrag(false);
    var index = stop.n - 1;
    if (!state.map.getPane("tm-dragging")) state.map.createPane("tm-dragging").style.zIndex = 630; // above the (hidden) labels
    state.drag = { marker: marker, id: stop.id, index: index, from: marker.getLatLng(), legs: [], steps: [], work: [] };
    marker.closeTooltip();
    showOwnLegs(index, false);
    dragLegs(state.drag, marker.getLatLng());
  }

  function onDrag(e) {
    var drag = state.drag;
    if (!drag) return;
    var t0 = performance.now();
    dragLegs(drag, e.latlng);
    drag.work.push(performance.now() - t0);
    // For the benchmark: from the event to the frame that shows it.
    requestAnimationFrame(function () { drag.steps.push(performance.now() - t0); });
  }

  // The drag is over: ``commit`` tells the app where the stop went; otherwise (Esc, or a
  // new tour) the marker goes back where it was.
  function endDrag(commit) {
    var drag = state.drag;
    if (!drag) return;
    state.drag = null;
    state.dragSteps = drag.steps;
    state.dragWork = drag.work;
    var to = drag.marker.getLatLng().wrap();
    if (commit && state.bridge && (to.lat !== drag.from.lat || to.lng !== drag.from.lng)) {
      state.drags = (state.drags || 0) + 1;
      state.bridge.stopMoved(drag.id, to.lat, to.lng); // the stand-in legs stay until the app's update
      state.pendingLegs = drag.legs;
      return;
    }
    drag.legs.forEach(function (leg) { state.map.removeLayer(leg.line); state.map.removeLayer(leg.tip); });
    drag.marker.setLatLng(drag.from);
    showOwnLegs(drag.index, true);
  }

  function cancelDrag() {
    var drag = state.drag;
    if (!drag) return false;
    // Disabling the handler ends Leaflet's drag (its dragend comes while state.drag is
    // already null, so nothing is sent); the marker can be dragged again afterwards.
    endDrag(false);
    drag.marker.dragging.disable();
    drag.marker.setLatLng(drag.from);
    drag.marker.dragging.enable();
    return true;
  }

  function makeDraggable(marker, stop) {
    // The app's page only (it is built before the bridge's handshake ends; the drop is sent
    // once it has).
    if (state.data.mode !== "app" || !(window.qt && window.qt.webChannelTransport)) return;
    marker.options.draggable = true;
    marker.on("dragstart", function () { startDrag(marker, stop); });
    marker.on("drag", onDrag);
    marker.on("dragend", function () { if (state.drag && state.drag.marker === marker) endDrag(true); });
  }

  function clearPendingLegs() {
    (state.pendingLegs || []).forEach(function (leg) { state.map.removeLayer(leg.line); state.map.removeLayer(leg.tip); });
    state.pendingLegs = null;
  }

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && cancelDrag()) { e.preventDefault(); e.stopPropagation(); }
  }, true);

  TM.update = function (data) { clearPendingLegs(); return update(data); };
  TM.updateStops = function (stops, totalKm) { clearPendingLegs(); return updateStops(stops, totalKm); };
  TM.makeDraggable = makeDraggable;
})(window.TM);
