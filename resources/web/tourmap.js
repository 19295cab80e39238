/* tourmap's page script: builds the tour layers from one JSON value and talks to the app
 * through one QWebChannel object ("bridge"). Tour text only ever reaches the DOM through
 * textContent, never innerHTML: names like "<b>x</b>" are shown as typed. */
(function () {
  "use strict";

  var state = {
    map: null,
    data: null,
    markers: {},          // stop id -> L.Marker (DOM mode) or L.CircleMarker (canvas mode)
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
    var stops = state.data.stops;
    for (var i = 0; i < stops.length; i++) if (stops[i].id === id) return stops[i];
    return null;
  }

  function tooltipFor(stop) {
    var box = el("div", "tm-tip");
    box.appendChild(el("div", "tm-tip-name", stop.n + ". " + stop.name));
    if (stop.date) box.appendChild(el("div", "tm-tip-date", stop.date));
    return box;
  }

  function markReady() {
    var needBridge = state.data.mode === "app" && window.qt && window.qt.webChannelTransport;
    var ready = state.basemapReady && state.layersReady && (!needBridge || state.bridgeReady);
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

  function loadBasemap(group) {
    var info = state.data.basemap;
    fetch(info.url)
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (topo) {
        var land = topojson.feature(topo, topo.objects.land);
        var borders = topojson.mesh(topo, topo.objects.countries, function (a, b) { return a !== b; });
        // Copies east and west so that routes across the antimeridian have land under them.
        [-360, 0, 360].forEach(function (shift) {
          var opts = { pane: "tm-basemap", interactive: false, coordsToLatLng: function (c) { return L.latLng(c[1], c[0] + shift); } };
          group.addLayer(L.geoJSON(land, Object.assign({ className: "tm-land", style: { weight: 0.7 } }, opts)));
          group.addLayer(L.geoJSON(borders, Object.assign({ className: "tm-border", style: { weight: 0.6 } }, opts)));
        });
        state.basemapReady = true;
        document.documentElement.dataset.basemap = "loaded";
        markReady();
      })
      .catch(function (err) {
        document.documentElement.dataset.basemap = "failed";
        console.error("tourmap: basemap failed to load: " + err);
        state.basemapReady = true;
        markReady();
      });
  }

  // -- stops and route ------------------------------------------------------------------

  function domIcon(stop) {
    var node = el("div", "tm-pin", stop.n);
    return L.divIcon({ className: "tm-marker", html: node, iconSize: [28, 28], iconAnchor: [14, 14], tooltipAnchor: [14, 0] });
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
    // Thousands of stops: one canvas, one hit test; only the selected stop gets a DOM marker.
    var renderer = L.canvas({ padding: 0.2, tolerance: 4 });
    data.stops.forEach(function (stop) {
      var m = L.circleMarker([stop.lat, stop.lon], { renderer: renderer, radius: 4, weight: 1, color: "#ffffff", fillColor: "#1f3b5a", fillOpacity: 1, className: "tm-dot" });
      m.on("click", function () { stopClicked(stop.id); });
      m.bindTooltip(function () { return tooltipFor(stop); }, { direction: "right", className: "tm-tooltip" });
      state.markers[stop.id] = m;
      group.addLayer(m);
    });
  }

  function buildRoute(group) {
    state.data.legs.forEach(function (leg) {
      var line = L.polyline(leg.points, { pane: "tm-route", className: "tm-route", interactive: false, weight: 2.5 });
      group.addLayer(line);
      if (leg.label) {
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
    var pad = state.data.mode === "export" ? { paddingTopLeft: [60, 110], paddingBottomRight: [60, 70] } : { padding: [48, 48] };
    state.map.fitBounds(state.data.bounds, Object.assign({ maxZoom: 7, animate: !!animate }, pad));
  }

  // -- export furniture -----------------------------------------------------------------

  function exportFurniture() {
    var data = state.data;
    var head = el("div", "tm-export-title");
    head.appendChild(el("div", "tm-export-title-text", data.title));
    if (data.dates) head.appendChild(el("div", "tm-export-dates", data.dates));
    document.body.appendChild(head);

    var legend = el("div", "tm-legend");
    var row = el("div", "tm-legend-row");
    row.appendChild(el("span", "tm-legend-pin", "1"));
    row.appendChild(el("span", null, "Stop, in tour order"));
    legend.appendChild(row);
    var row2 = el("div", "tm-legend-row");
    row2.appendChild(el("span", "tm-legend-line"));
    var total = data.legs.reduce(function (sum, leg) { return sum + leg.km; }, 0);
    row2.appendChild(el("span", null, "Route (geodesic)" + (total ? ", " + Math.round(total).toLocaleString("en-US") + " km" : "")));
    legend.appendChild(row2);
    document.body.appendChild(legend);
  }

  // -- wiring ---------------------------------------------------------------------------

  function connectBridge() {
    if (state.data.mode !== "app" || !window.qt || !window.qt.webChannelTransport || typeof QWebChannel === "undefined") return;
    new QWebChannel(window.qt.webChannelTransport, function (channel) {
      var bridge = channel.objects.bridge;
      state.bridge = bridge;
      bridge.selectionChanged.connect(function (id, fly) { select(id || null, fly ? true : false); });
      bridge.fitAllRequested.connect(function () { fitAll(true); });
      state.bridgeReady = true;
      markReady();
    });
  }

  function init(map, data) {
    state.map = map;
    state.data = data;
    document.documentElement.dataset.mode = data.mode;
    document.documentElement.dataset.ready = "false";
    map.createPane("tm-basemap").style.zIndex = 200;
    map.createPane("tm-route").style.zIndex = 410;
    map.createPane("tm-labels").style.zIndex = 620;
    map.createPane("tm-selected-pane").style.zIndex = 650;
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(escapeText(data.basemap.attribution));

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

    fitAll(false);
    if (data.selected) select(data.selected, "instant");
    state.layersReady = true;
    markReady();
    connectBridge();
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
    stateJson: function () {
      return JSON.stringify({
        ready: document.documentElement.dataset.ready === "true",
        basemap: document.documentElement.dataset.basemap || null,
        selected: state.selected,
        clicks: state.clicks,
        zoom: state.map.getZoom(),
        center: [state.map.getCenter().lat, state.map.getCenter().lng],
        markers: markerInfo()
      });
    }
  };
})();
