/* tourmap page: Selection: the app decides, the page shows it and flies there. */
(function (TM) {
  "use strict";
  var state = TM.state, stopById = TM.stopById, domMarker = TM.domMarker;

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
    TM.scheduleLabels(); // the selected stop's label comes first
    if (!stop || fly === "stay") return;
    var target = L.latLng(stop.lat, stop.lon);
    afterZoomAnimation(function () {
      if (fly === "instant") {
        state.map.setView(target, Math.max(state.map.getZoom(), 5), { animate: false });
      } else if (fly) {
        state.map.flyTo(target, Math.max(state.map.getZoom(), 5), { duration: 0.6 });
      } else if (!state.map.getBounds().pad(-0.05).contains(target)) {
        state.map.panTo(target);
      }
    });
  }

  function fitAll(animate) {
    // Export frames keep the title box and legend clear of the route.
    var pad = state.data.mode === "export" ? { paddingTopLeft: [60, state.data.caption === false ? 60 : 110], paddingBottomRight: [60, 70] } : { padding: [64, 64] };
    afterZoomAnimation(function () {
      state.map.fitBounds(state.data.bounds, Object.assign({ maxZoom: 7, animate: !!animate }, pad));
    });
  }

  // A move asked for while Leaflet animates a zoom (a wheel step, the zoom buttons) waits
  // for the animation's end: Leaflet drops a new framing meanwhile, and the end of the
  // animation puts the map at the zoom's target, halfway through a flight or after a jump
  // begun meanwhile, leaving the land, the route and the markers each at another view.
  function afterZoomAnimation(move) {
    if (state.map._animatingZoom) state.map.once("moveend", move);
    else move();
  }

  TM.stopClicked = stopClicked; TM.select = select; TM.fitAll = fitAll;
})(window.TM);
