/* tourmap page: Wiring: the bridge to the app, the page's start-up and the public window.tourmap API. */
(function (TM) {
  "use strict";
  var state = TM.state, markReady = TM.markReady, escapeText = TM.escapeText, graticule = TM.graticule, loadBasemap = TM.loadBasemap, fetchLevel = TM.fetchLevel, firstLevel = TM.firstLevel, buildRoute = TM.buildRoute, buildStops = TM.buildStops, buildLabels = TM.buildLabels, select = TM.select, fitAll = TM.fitAll;

  // -- wiring ---------------------------------------------------------------------------

  function connectBridge(mode) {
    if (state.bridgeStarted || mode !== "app" || !window.qt || !window.qt.webChannelTransport || typeof QWebChannel === "undefined") return;
    state.bridgeStarted = true;
    new QWebChannel(window.qt.webChannelTransport, function (channel) {
      var bridge = channel.objects.bridge;
      state.bridge = bridge; // the page's events go out through it; the app calls window.tourmap
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
    map.createPane("tm-selected-pane").style.zIndex = 650;
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(escapeText(data.basemap.attribution));

    // Frame the tour before adding its layers: they are projected for the view they are
    // added to, and a change of zoom afterwards would project thousands of points again.
    // A snapshot of the window's view shows exactly its bounds (at any zoom, not in steps).
    if (data.view) map.options.zoomSnap = 0;
    frame();
    state.graticule = graticule(15);
    var basemap = L.layerGroup([state.graticule]);
    basemap.addTo(map);
    loadBasemap(basemap);
    if (data.basemap.inset) loadInset(data.basemap.inset);
    var route = L.layerGroup().addTo(map);
    var stops = L.layerGroup().addTo(map);
    state.routeGroup = route;
    state.stopsGroup = stops;
    buildRoute(route);
    buildStops(stops);
    var labels = buildLabels(map);

    if (data.mode === "app") {
      var bases = { "Natural Earth (offline)": basemap };
      data.online.forEach(function (o) {
        bases[o.name] = L.tileLayer(o.url, { attribution: escapeText(o.attribution), maxZoom: o.maxZoom });
      });
      L.control.layers(bases, { "Route": route, "Stops": stops, "Stop names": labels }, { collapsed: true }).addTo(map);
      L.control.scale({ imperial: false }).addTo(map);
    } else {
      map.zoomControl.remove();
      map.attributionControl.remove(); // the credit line names the basemap (see furniture.js)
    }

    if (data.view) showAsInWindow(data.view, route, stops, labels);
    if (data.selected) select(data.selected, data.view ? "stay" : "instant");
    reframeOnResize(map); // a snapshot's page may be laid out before its view has its size
    state.layersReady = true;
    markReady();
  }

  // The app hands the tour over before its window is on screen (and window managers
  // resize new windows), and a snapshot's view may get its size after the page is built:
  // until the user touches the map, a new size frames it again.
  function reframeOnResize(map) {
    var touched = false;
    var container = map.getContainer();
    ["mousedown", "wheel", "keydown", "touchstart"].forEach(function (type) {
      container.addEventListener(type, function () { touched = true; }, { capture: true, passive: true });
    });
    map.on("resize", function () { if (!touched) frame(); });
  }

  // The inset locator's world (see furniture.js); a snapshot waits for it.
  function loadInset(url) {
    state.insetPending = true;
    fetchLevel(url)
      .then(function (level) { state.insetLevel = level.layer; })
      .catch(function (err) { console.error("tourmap: the inset's basemap failed to load: " + err); })
      .then(function () {
        state.insetPending = false;
        TM.scheduleLabels(); // the furniture is arranged with the labels
        markReady();
      });
  }

  // The frame a page starts with: the window's view for a snapshot of it, else the
  // selected stop, else the whole tour.
  function frame() {
    var view = state.data.view;
    if (view) state.map.fitBounds(view.bounds, { animate: false, padding: [0, 0] });
    else if (state.selected) select(state.selected, "instant");
    else fitAll(false);
  }

  // A snapshot of the window's view: its layers and its filter too.
  function showAsInWindow(view, route, stops, labels) {
    if (view.labels === false) state.map.removeLayer(labels);
    if (view.route === false) state.map.removeLayer(route);
    if (view.stops === false) state.map.removeLayer(stops);
    if (view.lit) TM.setFilter(view.lit);
  }

  // What the window's map shows, for a snapshot of it (see showAsInWindow).
  function viewJson() {
    var map = state.map, b = map.getBounds(), lit = null;
    if (state.dimmed) {
      lit = [];
      for (var i = 0; i < state.dimmed.length; i++) if (!state.dimmed[i]) lit.push(i);
    }
    return JSON.stringify({
      bounds: [[b.getSouth(), b.getWest()], [b.getNorth(), b.getEast()]],
      selected: state.selected,
      route: map.hasLayer(state.routeGroup),
      stops: map.hasLayer(state.stopsGroup),
      labels: !!state.labelsOn,
      lit: lit
    });
  }

  function markerInfo() {
    return Array.prototype.map.call(document.querySelectorAll("[data-stop-id]"), function (node) {
      var r = node.getBoundingClientRect();
      return { id: node.dataset.stopId, selected: node.dataset.selected, dimmed: node.dataset.dimmed, x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
  }

  window.tourmap = {
    init: init,
    select: select,
    fitAll: fitAll,
    setFilter: TM.setFilter,
    update: TM.update,
    // The map's [lat, lon] under a point of the view (the app's "Add Stop Here").
    latLngAt: function (x, y) {
      var at = state.map.containerPointToLatLng([x, y]).wrap();
      return JSON.stringify([at.lat, at.lng]);
    },
    updateStops: TM.updateStops,
    // Whether the tour's layers are built: calls from the app wait for it (tourmap._qt.page_api).
    built: function () { return !!state.layersReady; },
    // For tests and benchmarks: arrays go back to Python as JSON text (PySide6 6.12).
    // For tests: the ids of the stops the filter dims.
    dimmedJson: function () {
      var stops = state.data ? state.data.stops : [];
      return JSON.stringify(stops.filter(function (stop) { return TM.isDimmed(stop.id); }).map(function (stop) { return stop.id; }));
    },
    // The view's centre, for the add-stop flow's ranking (nearer places first on ties).
    centerJson: function () { var c = state.map.getCenter(); return JSON.stringify([c.lat, c.lng]); },
    dotsInView: function () { return JSON.stringify(state.dots ? state.dots.inView() : []); },
    // The frame as drawn, for the vector writer (tourmap._qt.vector).
    layoutJson: function () { return JSON.stringify(TM.layout()); },
    // Each stop's point in the map's container, in tour order: a briefing marks the stop
    // of each page on one shared map (see MapRenderer.briefing_pdf).
    stopPointsJson: function () {
      return JSON.stringify(state.data.stops.map(function (stop) {
        var p = state.map.latLngToContainerPoint([stop.lat, stop.lon]);
        return [p.x, p.y];
      }));
    },
    viewJson: viewJson,
    frame: frame,
    stateJson: function () {
      return JSON.stringify({
        ready: document.documentElement.dataset.ready === "true",
        basemap: document.documentElement.dataset.basemap || null,
        selected: state.selected,
        clicks: state.clicks,
        zoom: state.map.getZoom(),
        center: [state.map.getCenter().lat, state.map.getCenter().lng],
        moving: !!state.moving,
        dragging: !!state.drag,
        drags: state.drags || 0,
        dragSteps: state.dragSteps || [],
        dragWork: state.dragWork || [],
        markers: markerInfo()
      });
    }
  };
})(window.TM);
