/* tourmap page: Export furniture: title box and legend on snapshot pages. */
(function (TM) {
  "use strict";
  var state = TM.state, el = TM.el;

  // -- export furniture -----------------------------------------------------------------

  function exportFurniture() {
    var data = state.data;
    if (data.caption !== false) {
      var head = el("div", "tm-export-title");
      head.appendChild(el("div", "tm-export-title-text", data.title));
      if (data.dates) head.appendChild(el("div", "tm-export-dates", data.dates));
      document.body.appendChild(head);
    }

    var legend = el("div", "tm-legend");
    var row = el("div", "tm-legend-row");
    row.appendChild(el("span", "tm-legend-pin", "1"));
    row.appendChild(el("span", null, "Stop, in tour order"));
    legend.appendChild(row);
    var row2 = el("div", "tm-legend-row");
    row2.appendChild(el("span", "tm-legend-line"));
    var total = data.totalKm;
    row2.appendChild(el("span", null, "Route (geodesic)" + (total ? ", " + Math.round(total).toLocaleString("en-US") + " km" : "")));
    legend.appendChild(row2);
    document.body.appendChild(legend);
  }

  TM.exportFurniture = exportFurniture;
})(window.TM);
