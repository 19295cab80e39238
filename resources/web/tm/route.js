/* tourmap page: The route: geodesic legs with their distance labels, or great circles for big tours. */
(function (TM) {
  "use strict";
  var state = TM.state;

  // Big tours come without "legs": consecutive stops are joined here by great circles
  // (spherical; at these scales indistinguishable from the ellipsoid's geodesics). Each leg
  // starts at its stop's own longitude and unwraps within itself, so it may end past +-180.
  function greatCircle(a, b, stepKm, maxPoints) {
    var rad = Math.PI / 180;
    var la1 = a.lat * rad, lo1 = a.lon * rad, la2 = b.lat * rad, lo2 = b.lon * rad;
    var ax = Math.cos(la1) * Math.cos(lo1), ay = Math.cos(la1) * Math.sin(lo1), az = Math.sin(la1);
    var bx = Math.cos(la2) * Math.cos(lo2), by = Math.cos(la2) * Math.sin(lo2), bz = Math.sin(la2);
    var w = Math.acos(Math.max(-1, Math.min(1, ax * bx + ay * by + az * bz)));
    var count = Math.max(2, Math.min(maxPoints, Math.ceil(w * 6371.0088 / stepKm) + 1));
    var s = Math.sin(w), points = [[a.lat, a.lon]], lon = a.lon;
    for (var i = 1; i < count; i++) {
      var t = i / (count - 1);
      var fa = s < 1e-9 ? 1 - t : Math.sin((1 - t) * w) / s, fb = s < 1e-9 ? t : Math.sin(t * w) / s;
      var x = fa * ax + fb * bx, y = fa * ay + fb * by, z = fa * az + fb * bz;
      var next = Math.atan2(y, x) / rad;
      lon += ((next - lon) % 360 + 540) % 360 - 180; // the short way from the previous point
      points.push([i === count - 1 ? b.lat : Math.asin(Math.max(-1, Math.min(1, z / Math.sqrt(x * x + y * y + z * z)))) / rad, lon]);
    }
    return points;
  }

  function routeLines() {
    var data = state.data, options = data.greatCircles;
    if (!options) return data.legs.map(function (leg) { return { leg: leg, points: leg.points }; });
    var out = [];
    for (var i = 1; i < data.stops.length; i++) out.push({ leg: null, points: greatCircle(data.stops[i - 1], data.stops[i], options.stepKm, options.maxPoints) });
    return out;
  }

  // A leg that runs past +-180 is drawn again one world over, so all of it shows where the
  // stops are (only great-circle legs do: the others are unwrapped along the whole route).
  function withCopies(points) {
    if (!state.data.greatCircles) return points;
    var west = Infinity, east = -Infinity;
    for (var i = 0; i < points.length; i++) {
      if (points[i][1] < west) west = points[i][1];
      if (points[i][1] > east) east = points[i][1];
    }
    if (east <= 180 && west >= -180) return points;
    var lines = [points];
    if (east > 180) lines.push(points.map(function (p) { return [p[0], p[1] - 360]; }));
    if (west < -180) lines.push(points.map(function (p) { return [p[0], p[1] + 360]; }));
    return lines;
  }

  function buildRoute(group) {
    var lines = routeLines();
    if (state.data.canvas) {
      // Drawn under the dots, on their canvas (see buildStops); the group's check box in
      // the layer control shows and hides it there.
      state.routeLines = lines.map(function (line) { return line.points; });
      if (!group.tmToggles) { // the group is built again after edits (tm/edit.js)
        group.tmToggles = true;
        group.on("add", function () { if (state.dots) state.dots.showRoute(true); });
        group.on("remove", function () { if (state.dots) state.dots.showRoute(false); });
      }
      return;
    }
    // The legs' distance labels are placed with the stops' names (see labels.js). Each
    // leg's line, by leg index: a dragged stop hides its two (tm/edit.js).
    state.legLayers = lines.map(function (line) {
      var layer = L.polyline(withCopies(line.points), { pane: "tm-route", className: "tm-route", interactive: false, weight: 2.5 });
      group.addLayer(layer);
      return layer;
    });
  }

  TM.buildRoute = buildRoute; TM.greatCircle = greatCircle;
})(window.TM);
