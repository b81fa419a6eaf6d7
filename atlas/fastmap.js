/* Incident Atlas: a compact client-side incident layer for Leaflet (inlined by atlas/fastmap.py).
 *
 * Incidents arrive as one base64 block of typed arrays (BYTES_PER_INCIDENT each, see fastmap.py) and
 * are drawn on one canvas: individual circles (uncertainty rings for approximate places) when few are
 * in view, a screen-grid aggregation (count per cell, coloured by the cell's commonest group) when
 * many are. The canvas is redrawn on Leaflet's view events (moveend, zoomend, resize, viewreset) and
 * when a layer is added (first draw, new data); nothing runs while the map is idle. A click opens a
 * popup at once and asks Python for the incident's card (atlas/card.py) through streamlit-folium's
 * component value; the card arrives as JSON and is drawn with textContent only: no text from data is
 * ever parsed as HTML.
 *
 * Leaflet is used through its public API (L.Layer, panes, events, projections) only; what the layer
 * needs from streamlit-folium is in the one marked section below (report).
 *
 * The numbers and words that are rules of the atlas (uncertainty ring radii, marker size scale, the
 * card's labels) come from Python through window.atlasFast.configure (fastmap.library_options).
 */
(function () {
  if (window.atlasFast) return;
  var AGG_MIN = 2500;      // aggregate when more incidents than this are in view…
  var AGG_MAX_ZOOM = 11;   // …and the map is zoomed out further than this
  var CELL = 46;           // aggregation cell, CSS pixels
  var VIEW_EVENTS = 'moveend zoomend resize viewreset';  // the view changed: redraw the canvas
  var opts = null;         // window.atlasFast.configure(...): {ring_m, size_scale, card}
  var decoded = {};        // token -> decoded arrays (a re-evaluated layer reuses them)
  var fitted = {};         // token -> the view was fitted once

  function decode(h, b64) {
    if (decoded[h.token]) return decoded[h.token];
    var bin = atob(b64), n = h.n, buf = new ArrayBuffer(bin.length), u8 = new Uint8Array(buf);
    for (var k = 0; k < bin.length; k++) u8[k] = bin.charCodeAt(k);
    var latHi = new Uint16Array(buf, 0, n), lonHi = new Uint16Array(buf, 2 * n, n);
    var fine = new Uint8Array(buf, 4 * n, n), group = new Uint8Array(buf, 5 * n, n);
    var size = new Uint8Array(buf, 6 * n, n), prec = new Uint8Array(buf, 7 * n, n);
    var lat = new Float64Array(n), lon = new Float64Array(n), mx = new Float64Array(n), my = new Float64Array(n);
    var b = h.bbox, Q = 1048575;  // 20-bit grid over the data's bounding box
    for (var i = 0; i < n; i++) {
      lat[i] = b[0] + ((latHi[i] * 16 + (fine[i] & 15)) / Q) * (b[2] - b[0]);
      lon[i] = b[1] + ((lonHi[i] * 16 + (fine[i] >> 4)) / Q) * (b[3] - b[1]);
      var s = Math.sin(lat[i] * Math.PI / 180);  // Web Mercator, 0..1
      mx[i] = (lon[i] + 180) / 360;
      my[i] = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
    }
    return (decoded[h.token] = {n: n, lat: lat, lon: lon, mx: mx, my: my, group: group, size: size, prec: prec});
  }

  function el(tag, cls, text, parent) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (parent) parent.appendChild(e);
    return e;
  }

  /* A second guard on the card's links (atlas.card.is_link decides them): never an href but http(s). */
  function isLink(url) { return typeof url === 'string' && /^https?:\/\//i.test(url); }

  function label(text, parent) { return el('b', null, text + ':', parent); }

  /* The incident card (atlas/card.py: incident_card) as DOM nodes, in the order and with the labels
     of atlas.card.card_markdown; every string from data goes in through textContent. */
  function card(d) {
    var words = opts.card, root = el('div', 'atlas-popup');
    el('div', 'atlas-popup-head', d.head, root);
    el('div', null, d.where, root);
    words.facts.forEach(function (f) {
      var row = el('div', null, null, root);
      label(f[0], row);
      row.appendChild(document.createTextNode(' ' + d[f[1]]));
    });
    function list(title, items, draw, empty) {
      var box = el('div', null, null, root);
      label(title, box);
      if (!items.length) { el('div', 'atlas-muted', empty, box); return; }
      var ul = el('ul', null, null, box);
      items.forEach(function (x) { draw(x, el('li', null, null, ul)); });
    }
    if (d.spread) el('b', 'atlas-disagree', d.spread, el('div', null, null, root));
    if (d.records.length) list(words.records, d.records, function (r, li) {
      el('b', null, r.source + ':', li);
      li.appendChild(document.createTextNode(' ' + r.text));
    }, '');
    if (d.related.length) list(words.related, d.related, function (t, li) { li.textContent = t; }, '');
    list(words.ledger, d.ledger, function (a, li) {
      el('b', null, a.group, li);
      li.appendChild(document.createTextNode(' — ' + a.status));
      if (a.by) el('span', 'atlas-muted', ' by ' + a.by, li);
    }, words.no_ledger);
    list(words.sources, d.sources, function (x, li) {
      if (isLink(x.link)) {
        var a = el('a', null, x.name, li);
        a.href = x.link; a.target = '_blank'; a.rel = 'noopener noreferrer';
      } else li.appendChild(document.createTextNode(x.name));
      if (x.note) el('span', 'atlas-muted', ' · ' + x.note, li);
      if (x.published) el('span', 'atlas-muted', ' (published ' + x.published + ')', li);
    }, words.no_sources);
    if (d.summary) { label(words.summary, el('div', null, null, root)); el('div', 'atlas-summary', d.summary, root); }
    if (d.flags.length) list(words.flags, d.flags, function (f, li) { li.textContent = f; }, '');
    if (d.more) el('div', 'atlas-muted', d.more, root);
    if (d.meta) el('div', 'atlas-muted', d.meta, root);
    return root;
  }

  function pending(h, i) {
    var root = el('div', 'atlas-popup');
    el('div', 'atlas-popup-head', 'Incident — loading the full record…', root);
    var g = h.groups[h.data.group[i]] || '';
    el('div', null, g ? 'Drawn as ' + g : 'Unattributed', root);
    return root;
  }

  /* ---- streamlit-folium internals: everything the layer relies on outside Leaflet's API -------
   * streamlit-folium (0.27) renders the map in its component iframe and sets there
   *   window.Streamlit           streamlit-component-lib's Streamlit object; setComponentValue(v)
   *                              reruns the page with v as st_folium's return value;
   *   window.__GLOBAL_DATA__     its own state: on a map click it sends, 250 ms later,
   *                              {last_object_clicked, last_object_clicked_tooltip, …} read from
   *                              here, unless equal to previous_data.
   * A click on an incident sends {last_object_clicked: latlng, last_object_clicked_tooltip:
   * "atlas:<token>:<index>"} at once and leaves the same in __GLOBAL_DATA__ (previous_data too), so
   * streamlit-folium's own click handler sends nothing different afterwards (no second rerun).
   * Broken if either global is renamed or its click value changes shape: tests/browser/
   * test_dashboard.py (clicking an incident brings its card under the map) fails.
   */
  function report(h, i) {
    var ll = {lat: h.data.lat[i], lng: h.data.lon[i]};
    var tag = 'atlas:' + h.token + ':' + i;
    var out = {last_object_clicked: ll, last_object_clicked_tooltip: tag};
    var gd = window.__GLOBAL_DATA__;
    if (gd) {
      gd.last_object_clicked = ll;
      gd.last_object_clicked_tooltip = tag;
      gd.last_object_clicked_count = (gd.last_object_clicked_count || 0) + 1;
      gd.previous_data = out;
    }
    if (window.Streamlit && window.Streamlit.setComponentValue) window.Streamlit.setComponentValue(out);
    else console.error('atlas: streamlit-folium defines no window.Streamlit here; the click cannot reach Python');
  }
  /* ---- end of streamlit-folium internals ------------------------------------------------------ */

  var Layer = L.Layer.extend({
    initialize: function (header, b64, detail) {
      this.h = header;
      this.h.data = decode(header, b64);
      this.detail = detail;
      this.drawn = [];
    },
    onAdd: function (map) {
      this._map = map;
      var pane = map.getPane('atlasIncidents') || map.createPane('atlasIncidents');
      pane.style.zIndex = 450;
      this.canvas = L.DomUtil.create('canvas', 'atlas-incident-canvas leaflet-zoom-hide', pane);
      this.canvas.style.pointerEvents = 'none';
      map.on(VIEW_EVENTS, this.schedule, this);
      map.on('click', this.onClick, this);
      map.on('mousemove', this.onMove, this);
      map.on('mouseout zoomstart', this.onOut, this);
      this.legend = L.control({position: 'bottomright'});
      var html = this.h.legend;
      this.legend.onAdd = function () {
        var div = L.DomUtil.create('div', 'atlas-legend');
        div.innerHTML = html;  // built and escaped server-side (atlas.maps.legend_html)
        L.DomEvent.disableClickPropagation(div);
        return div;
      };
      this.legend.addTo(map);
      window.atlasFast.current = this;
      if (!fitted[this.h.token]) {
        fitted[this.h.token] = true;
        var fb = this.h.fit_bounds;
        if (fb) map.fitBounds(fb, {maxZoom: 9, animate: false});
      }
      this.redraw();  // first draw, or new data: the view events to come redraw it
      if (this.detail) this.showDetail(this.detail);
    },
    onRemove: function (map) {
      this._map = null;
      map.off(VIEW_EVENTS, this.schedule, this);
      map.off('click', this.onClick, this);
      map.off('mousemove', this.onMove, this);
      map.off('mouseout zoomstart', this.onOut, this);
      if (this.tip) { this.tip.remove(); this.tip = null; this.tipKey = null; }
      if (this.popup) map.closePopup(this.popup);
      this.legend.remove();
      L.DomUtil.remove(this.canvas);
      if (window.atlasFast.current === this) window.atlasFast.current = null;
      map.getContainer().removeAttribute('data-atlas-drawn');
    },
    schedule: function () {  // a view event: one redraw in the next animation frame, however many came
      if (this._queued) return;
      this._queued = true;
      var self = this;
      window.requestAnimationFrame(function () { self._queued = false; self.redraw(); });
    },
    redraw: function () {
      var map = this._map; if (!map) return;
      var t0 = performance.now();
      var size = map.getSize(), ratio = window.devicePixelRatio || 1, cv = this.canvas;
      L.DomUtil.setPosition(cv, map.containerPointToLayerPoint([0, 0]));
      cv.width = size.x * ratio; cv.height = size.y * ratio;
      cv.style.width = size.x + 'px'; cv.style.height = size.y + 'px';
      var ctx = cv.getContext('2d');
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      var d = this.h.data, n = d.n, zoom = map.getZoom(), S = 256 * Math.pow(2, zoom);
      var ref = map.project(map.containerPointToLatLng([0, 0]), zoom);
      var xs = new Float32Array(n), ys = new Float32Array(n), inView = 0, pad = 30;
      for (var i = 0; i < n; i++) {
        var x = d.mx[i] * S - ref.x, y = d.my[i] * S - ref.y;
        xs[i] = x; ys[i] = y;
        if (x > -pad && y > -pad && x < size.x + pad && y < size.y + pad) inView++;
      }
      this.xs = xs; this.ys = ys;
      this.mode = (inView > AGG_MIN && zoom < AGG_MAX_ZOOM) ? 'aggregate' : 'points';
      if (this.mode === 'aggregate') this.drawCells(ctx, size, pad); else this.drawPoints(ctx, size, pad, zoom);
      var self = this, token = this.h.token;
      window.requestAnimationFrame(function () {  // painted: flag it for tests and the benchmark
        if (!self._map) return;
        var c = self._map.getContainer();
        c.setAttribute('data-atlas-count', String(n));
        c.setAttribute('data-atlas-mode', self.mode);
        c.setAttribute('data-atlas-drawn', token);
        var draws = (window.atlasFast.last && window.atlasFast.last.token === token ? window.atlasFast.last.draws : 0) + 1;
        window.atlasFast.last = {token: token, n: n, inView: inView, mode: self.mode, ms: performance.now() - t0,
                                 draws: draws};
      });
    },
    drawPoints: function (ctx, size, pad, zoom) {
      var d = this.h.data, xs = this.xs, ys = this.ys, colours = this.h.colours, n = d.n;
      var mPerPx = 40075016.686 / (256 * Math.pow(2, zoom));
      var hit = [];
      ctx.lineWidth = 2; ctx.setLineDash([5, 4]);
      for (var i = 0; i < n; i++) {  // approximate places: dashed rings underneath
        var m = opts.ring_m[d.prec[i]];
        if (!m) continue;
        var r = m / (mPerPx * Math.cos(d.lat[i] * Math.PI / 180));
        if (xs[i] < -r || ys[i] < -r || xs[i] > size.x + r || ys[i] > size.y + r) continue;
        var col = colours[d.group[i]];
        ctx.beginPath(); ctx.arc(xs[i], ys[i], r, 0, 2 * Math.PI);
        ctx.globalAlpha = 0.15; ctx.fillStyle = col; ctx.fill();
        ctx.globalAlpha = 1; ctx.strokeStyle = col; ctx.stroke();
        hit.push([i, r, 1]);
      }
      ctx.setLineDash([]); ctx.lineWidth = 1;
      for (var j = 0; j < n; j++) {  // exact places: filled circles sized by killed
        if (opts.ring_m[d.prec[j]]) continue;
        var rr = d.size[j] / opts.size_scale;
        if (xs[j] < -pad || ys[j] < -pad || xs[j] > size.x + pad || ys[j] > size.y + pad) continue;
        var c2 = colours[d.group[j]];
        ctx.beginPath(); ctx.arc(xs[j], ys[j], rr, 0, 2 * Math.PI);
        ctx.globalAlpha = 0.8; ctx.fillStyle = c2; ctx.fill();
        ctx.globalAlpha = 1; ctx.strokeStyle = c2; ctx.stroke();
        hit.push([j, rr + 3, 0]);
      }
      this.drawn = hit; this.cells = null;
    },
    drawCells: function (ctx, size, pad) {
      var d = this.h.data, xs = this.xs, ys = this.ys, n = d.n, G = this.h.groups.length;
      var cols = Math.ceil((size.x + 2 * pad) / CELL) + 1, rows = Math.ceil((size.y + 2 * pad) / CELL) + 1;
      var cnt = new Uint32Array(cols * rows), sx = new Float64Array(cols * rows), sy = new Float64Array(cols * rows);
      var byGroup = new Uint32Array(cols * rows * G);
      for (var i = 0; i < n; i++) {
        var x = xs[i] + pad, y = ys[i] + pad;
        if (x < 0 || y < 0 || x >= size.x + 2 * pad || y >= size.y + 2 * pad) continue;
        var c = ((y / CELL) | 0) * cols + ((x / CELL) | 0);
        cnt[c]++; sx[c] += xs[i]; sy[c] += ys[i]; byGroup[c * G + d.group[i]]++;
      }
      var cells = [];
      for (var k = 0; k < cnt.length; k++) {
        if (!cnt[k]) continue;
        var best = 0;
        for (var g = 1; g < G; g++) if (byGroup[k * G + g] > byGroup[k * G + best]) best = g;
        cells.push({x: sx[k] / cnt[k], y: sy[k] / cnt[k], n: cnt[k], g: best});
      }
      cells.sort(function (a, b) { return b.n - a.n; });
      ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
      ctx.font = '600 11px "Source Sans Pro", "Segoe UI", sans-serif';
      for (var q = cells.length - 1; q >= 0; q--) {
        var cl = cells[q], r = Math.min(9 + 4.5 * Math.log(cl.n) / Math.LN10 * 2, 26);
        cl.r = r;
        ctx.beginPath(); ctx.arc(cl.x, cl.y, r, 0, 2 * Math.PI);
        ctx.globalAlpha = 0.82; ctx.fillStyle = this.h.colours[cl.g]; ctx.fill();
        ctx.globalAlpha = 1; ctx.lineWidth = 1.5; ctx.strokeStyle = '#ffffff'; ctx.stroke();
        ctx.fillStyle = '#ffffff';
        ctx.fillText(cl.n >= 10000 ? Math.round(cl.n / 1000) + 'k' : cl.n >= 1000 ? (cl.n / 1000).toFixed(1) + 'k' : String(cl.n), cl.x, cl.y);
      }
      this.cells = cells; this.drawn = [];
    },
    pick: function (p) {
      if (this.cells) {
        for (var q = 0; q < this.cells.length; q++) {
          var c = this.cells[q];
          if ((c.x - p.x) * (c.x - p.x) + (c.y - p.y) * (c.y - p.y) <= c.r * c.r) return {cell: c};
        }
        return null;
      }
      var best = null, bestScore = Infinity;
      for (var k = this.drawn.length - 1; k >= 0; k--) {  // last drawn is on top
        var h = this.drawn[k], i = h[0];
        var dd = Math.sqrt((this.xs[i] - p.x) * (this.xs[i] - p.x) + (this.ys[i] - p.y) * (this.ys[i] - p.y));
        if (dd > h[1]) continue;
        var score = h[2] ? 1000 + h[1] : dd;  // a dot beats a ring; the nearest dot, the smallest ring
        if (score < bestScore) { bestScore = score; best = {i: i}; }
      }
      return best;
    },
    onMove: function (e) {
      var hit = this.pick(e.containerPoint);
      this._map.getContainer().style.cursor = hit ? 'pointer' : '';
      this.hover(hit, e.latlng);
    },
    onOut: function () { this.hover(null); },
    /* A hover hint from what the page already holds (the drawn group, the location precision, a
       cell's count); the record itself comes with a click. textContent only. */
    hover: function (hit, latlng) {
      var map = this._map, h = this.h;
      if (!hit) { if (this.tip) { this.tip.remove(); this.tip = null; this.tipKey = null; } return; }
      var key = hit.cell ? 'c' + hit.cell.x + ',' + hit.cell.y : 'i' + hit.i;
      if (this.tip && key === this.tipKey) { this.tip.setLatLng(latlng); return; }  // same target: only follow
      this.tipKey = key;
      var box = el('div', 'atlas-hover');
      if (hit.cell) {
        el('b', null, hit.cell.n.toLocaleString('en') + ' incidents', box);
        el('div', null, 'most: ' + (h.labels[hit.cell.g] || ''), box);
        el('div', 'atlas-muted', 'click to zoom in', box);
      } else {
        var d = h.data, i = hit.i;
        el('b', null, h.labels[d.group[i]] || '', box);
        if (d.prec[i] > 1) el('div', null, d.prec[i] === 3 ? 'province only' : 'approximate location', box);
        el('div', 'atlas-muted', 'click for the full record', box);
      }
      if (!this.tip) this.tip = L.tooltip({direction: 'top', offset: [0, -8], opacity: 0.95});
      this.tip.setLatLng(latlng).setContent(box);
      if (!map.hasLayer(this.tip)) this.tip.addTo(map);
    },
    onClick: function (e) {
      var hit = this.pick(e.containerPoint);
      if (!hit) return;
      var map = this._map;
      if (hit.cell) {
        map.setView(map.containerPointToLatLng([hit.cell.x, hit.cell.y]), Math.min(map.getZoom() + 2, map.getMaxZoom()));
        return;
      }
      var i = hit.i, d = this.h.data;
      this.popup = L.popup({maxWidth: 380, minWidth: 240, className: 'atlas-popup-wrap'})
        .setLatLng([d.lat[i], d.lon[i]]).setContent(pending(this.h, i)).openOn(map);
      report(this.h, i);
    },
    showDetail: function (detail) {
      var i = detail.i, d = this.h.data;
      if (!(i >= 0 && i < d.n)) return;
      // an event's card can be long (its sources side by side): it scrolls inside a popup that fits the
      // map, which pans once to show it whole
      var room = Math.max(160, this._map.getSize().y - 90);
      this.popup = L.popup({maxWidth: 380, minWidth: 240, maxHeight: room, className: 'atlas-popup-wrap',
                            autoPanPadding: [10, 10]})
        .setLatLng([d.lat[i], d.lon[i]]).setContent(card(detail)).openOn(this._map);
    },
    latlng: function (i) { return [this.h.data.lat[i], this.h.data.lon[i]]; },
    count: function () { return this.h.data.n; }
  });

  window.atlasFast = {
    Layer: Layer,
    current: null,
    last: null,  // the last painted draw: {token, n, inView, mode, ms, draws (of this token)}
    card: card,
    configure: function (options) { opts = options; },
    add: function (group, header, b64, detail) { group.addLayer(new Layer(header, b64, detail)); }
  };
})();
