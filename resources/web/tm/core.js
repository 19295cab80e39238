/* tourmap page: The page's namespace and its one state object; small helpers every layer uses.
 * Tour text only ever reaches the DOM through textContent, never innerHTML: names like
 * "<b>x</b>" are shown as typed. */
(function (TM) {
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
    var ready = (app || state.basemapReady) && state.layersReady && !state.insetPending && (!needBridge || state.bridgeReady);
    document.documentElement.dataset.ready = ready ? "true" : "false";
    if (ready && state.bridge && !state.announced) {
      state.announced = true;
      state.bridge.pageReady();
    }
  }


  function cssColor(name, fallback) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
  }


  // Leaflet's attribution and layer names are HTML; ours are text.
  function escapeText(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  TM.state = state; TM.el = el; TM.stopById = stopById; TM.tooltipFor = tooltipFor; TM.markReady = markReady; TM.cssColor = cssColor; TM.escapeText = escapeText;
})(window.TM = window.TM || {});
