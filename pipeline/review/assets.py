"""The review page's CSS and script, inline in every page (no template file, so a wheel needs no package data).

The script reads the page's JSON index (`pipeline.review.page` writes it) and draws:
the search box and filters, the list of matching documents or figures (one page
of `page_size` rows at a time), the summary table (when it is opened), and a
document's marked text when the document is opened (its fragment waits in an
inert `<script type="text/x-solieu-doc">` block until then). Every text it adds
goes through `textContent`; the fragments were escaped on the server. Its hash
goes into the page's Content-Security-Policy, so it is the only script the
browser runs.

Index layout (kept compact: a 10,000-document run has ~500,000 figures):
`docs` rows are [doc_id, title, format, figures, entities, errors, flags, names];
`figs` and `ents` are columns (one list per field, figures of a document
consecutive); kinds, metrics, units and qualifiers are numbers into the lists
`kinds`, `metrics`, `units`, `quals` (-1: none).
"""

REVIEW_CSS = """
:root{--fg:#1d1d1f;--muted:#666;--line:#d8d8d8}
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);margin:0}
header{padding:1em 1.5em .6em;background:#f6f7f9;border-bottom:1px solid var(--line)}
main{padding:0 1.5em 4em;max-width:1250px}
h1{font-size:1.3em;margin:0 0 .3em}h2{font-size:1.1em;margin:1.2em 0 .4em}h3{font-size:1em}
details.section>summary{cursor:pointer}details.section>summary h2{display:inline-block}
table{border-collapse:collapse;margin:.4em 0}
th,td{border:1px solid var(--line);padding:.2em .5em;text-align:left;vertical-align:top}
th{background:#f3f4f6}td.num{text-align:right;font-variant-numeric:tabular-nums}
#controls{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid var(--line);padding:.6em 0;
display:flex;flex-wrap:wrap;gap:.4em .8em;align-items:center}
#controls input[type=search]{min-width:22em;padding:.25em .4em}
#controls select{max-width:16em}
#controls button{cursor:pointer}
#count{font-weight:600}
.badge{display:inline-block;border-radius:8px;padding:0 .45em;font-size:.85em;margin-right:.2em}
.b-err{background:#c62828;color:#fff}.b-add{background:#e3f6e5;color:#1b5e20}.b-rem{background:#fde7e7;color:#b71c1c}
.b-chg{background:#fff3cd;color:#7a5b00}.b-miss{background:#fde7e7;color:#b71c1c}.b-spur{background:#f3e5f5;color:#6a1b9a}
a.open-doc{cursor:pointer;color:#0b57d0;text-decoration:underline}
details.doc{border:1px solid var(--line);border-radius:6px;margin:.6em 0;background:#fff}
details.doc>summary{cursor:pointer;padding:.4em .7em;background:#fafafa;font-weight:600}
.doc-body{padding:.2em 1em 1em}
.text{white-space:pre-wrap;font:15px/1.75 Georgia,"Times New Roman",serif;max-width:52em;
border-left:3px solid #eee;padding-left:1em}
mark{background:none;color:inherit;border-radius:2px;padding:0 1px}
mark.fig{cursor:pointer}mark.dim{opacity:.35}
.m-count{background:#d6e9ff}.m-money{background:#cdf3d0}.m-quantity{background:#ffe2c4}.m-percent{background:#eadcff}
.m-date{background:#fff1a8}.m-doc_ref{background:#e2e2e2}.m-duration{background:#d2f4f1}
mark.ent{border-bottom:2px solid;padding-bottom:1px}mark.e-PER{border-bottom-color:#d81b60}
mark.e-ORG{border-bottom-color:#1e88e5}mark.e-LOC{border-bottom-color:#43a047}
mark.added{outline:2px solid #2e7d32}mark.changed{outline:2px dashed #ef6c00}
mark.spurious{outline:2px dotted #c62828}
mark.ghost.removed{text-decoration:line-through #c62828;background:#ffd6d6}
mark.ghost.missed{box-shadow:inset 0 -3px 0 #c62828;background:#ffecec}
mark.target{box-shadow:0 0 0 3px #ff9800}
.legend mark{margin-right:.4em}
.muted{color:var(--muted)}.err{color:#b71c1c}
#panel{position:fixed;right:1em;bottom:1em;max-width:26em;background:#fff;border:1px solid #999;
border-radius:6px;padding:.6em .8em;box-shadow:0 2px 10px rgba(0,0,0,.2);font-size:13px}
#panel dt{font-weight:600;float:left;clear:left;width:7em}#panel dd{margin-left:7.5em}
"""

REVIEW_JS = r"""
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('solieu-index').textContent);
  var docs = D.docs, F = D.figs, E = D.ents, PAGE = D.page_size, NF = F.doc.length;
  var DOC_ID = 0, TITLE = 1, FORMAT = 2, ERRORS = 5, FLAGS = 6, NAMES = 7;  // columns of a docs row
  var $ = function (id) { return document.getElementById(id); };

  // figures (entities) of document n are fstart[n] .. fstart[n+1]-1 (estart likewise)
  function starts(column) {
    var at = new Int32Array(docs.length + 1), i;
    for (i = 0; i < column.length; i++) at[column[i] + 1]++;
    for (i = 0; i < docs.length; i++) at[i + 1] += at[i];
    return at;
  }
  var fstart = starts(F.doc), estart = starts(E.doc);

  var state = {q: '', kind: '', metric: '', unit: '', qual: '', err: false, view: 'docs', page: 0};
  var hit = new Uint8Array(NF), figHits = [], docHits = [];

  function label(table, k) { return k === undefined || k < 0 ? '' : table[k]; }
  function metricName(k) { return k < 0 ? '' : D.metrics[k][1]; }
  function status(i) { var s = F.status[i]; return s === undefined ? -1 : s; }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  // search: lower case; typed without tone marks, it also matches text with them
  function lower(s) { return String(s || '').normalize('NFC').toLowerCase(); }
  function fold(s) { return lower(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd'); }
  var haystacks = {};
  function haystack(plain) {
    var key = plain ? 'fold' : 'lower', f = plain ? fold : lower, i;
    if (haystacks[key]) return haystacks[key];
    var perDoc = docs.map(function (d) { return f(d[DOC_ID] + ' ' + d[TITLE] + ' ' + d[NAMES]); });
    var perFig = new Array(NF);
    for (i = 0; i < NF; i++) {
      perFig[i] = f([F.text[i], F.value[i], label(D.units, F.unit[i]), metricName(F.metric[i]),
                     F.metric[i] < 0 ? '' : D.metrics[F.metric[i]][0], F.subject[i]].join(' '));
    }
    return (haystacks[key] = {docs: perDoc, figs: perFig});
  }

  function compute() {
    var q = lower(state.q.trim()), plain = q === fold(q);
    var want = function (v) { return v === '' ? -2 : +v; };
    var kind = want(state.kind), metric = want(state.metric), unit = want(state.unit), qual = want(state.qual);
    var facets = kind > -2 || metric > -2 || unit > -2 || qual > -2;
    var hay = q ? haystack(plain) : null;
    hit = new Uint8Array(NF); figHits = []; docHits = [];
    for (var n = 0; n < docs.length; n++) {
      if (state.err && !docs[n][ERRORS].length) continue;
      var docMatches = !q || hay.docs[n].indexOf(q) >= 0, any = false;
      for (var i = fstart[n]; i < fstart[n + 1]; i++) {
        if ((kind > -2 && F.kind[i] !== kind) || (metric > -2 && F.metric[i] !== metric) ||
            (unit > -2 && F.unit[i] !== unit) || (qual > -2 && F.qual[i] !== qual)) continue;
        if (q && !docMatches && hay.figs[i].indexOf(q) < 0) continue;
        hit[i] = 1; figHits.push(i); any = true;
      }
      if (any || (!facets && docMatches)) docHits.push(n);
    }
    state.active = !!q || facets;  // some figures do not match: dim them in open documents
    state.filtered = state.active || state.err;
  }

  function badges(n, into) {
    var flags = docs[n][FLAGS];
    docs[n][ERRORS].forEach(function (e) {
      var b = el('span', 'badge b-err', e[0] + ' ' + e[1]);
      b.title = e[2];
      into.appendChild(b);
    });
    [['status', 'b-chg', ''], ['added', 'b-add', '+'], ['removed', 'b-rem', '−'], ['changed', 'b-chg', '~'],
     ['missed', 'b-miss', 'bỏ sót '], ['spurious', 'b-spur', 'thừa ']].forEach(function (k) {
      if (flags[k[0]]) into.appendChild(el('span', 'badge ' + k[1], k[2] + flags[k[0]]));
    });
  }
  function link(n, text, hash) {
    var a = el('a', 'open-doc', text);
    a.href = '#' + (hash || ('doc-' + n));
    return a;
  }
  function cell(tr, text, cls) { var td = el('td', cls, text); tr.appendChild(td); return td; }
  function count(x) { return x.toLocaleString('vi-VN'); }

  function renderList() {
    var box = $('list'), rows = state.view === 'docs' ? docHits : figHits;
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    if (state.page >= pages) state.page = pages - 1;
    if (state.page < 0) state.page = 0;
    $('count').textContent = count(docHits.length) + ' tài liệu, ' + count(figHits.length) + ' số liệu' +
      (state.filtered ? ' khớp' : '');
    $('pageinfo').textContent = 'Trang ' + (state.page + 1) + '/' + pages;
    $('prev').disabled = state.page === 0;
    $('next').disabled = state.page >= pages - 1;
    var table = el('table', state.view === 'docs' ? 'doc-list' : 'fig-list'), head = el('tr');
    (state.view === 'docs' ? ['#', 'Tài liệu', 'Tiêu đề', 'Định dạng', 'Số liệu', 'Thực thể', 'Ghi chú'] :
      ['Tài liệu', 'Văn bản gốc', 'Loại', 'Giá trị', 'Đơn vị tính', 'Mức', 'Chỉ tiêu', 'Trạng thái'])
      .forEach(function (x) { head.appendChild(el('th', null, x)); });
    table.appendChild(head);
    rows.slice(state.page * PAGE, (state.page + 1) * PAGE).forEach(function (r) {
      var tr = el('tr');
      if (state.view === 'docs') {
        var d = docs[r], total = fstart[r + 1] - fstart[r], matching = 0;
        for (var i = fstart[r]; i < fstart[r + 1]; i++) matching += hit[i];
        cell(tr, String(r + 1), 'num');
        cell(tr, '').appendChild(link(r, d[DOC_ID]));
        cell(tr, d[TITLE]);
        cell(tr, d[FORMAT]);
        cell(tr, state.active ? matching + '/' + total : String(total), 'num');
        cell(tr, String(estart[r + 1] - estart[r]), 'num');
        badges(r, cell(tr, ''));
      } else {
        var n = F.doc[r];
        cell(tr, '').appendChild(link(n, docs[n][DOC_ID]));
        cell(tr, '').appendChild(link(n, F.text[r], 'd' + n + '-' + F.start[r] + '-' + F.end[r]));
        cell(tr, label(D.kind_labels, F.kind[r]));
        cell(tr, F.value[r], 'num');
        cell(tr, label(D.units, F.unit[r]));
        cell(tr, label(D.qual_labels, F.qual[r]));
        cell(tr, metricName(F.metric[r]));
        cell(tr, label(D.status_labels, status(r)));
      }
      table.appendChild(tr);
    });
    box.textContent = '';
    box.appendChild(table);
    document.querySelectorAll('details.doc').forEach(dim);
  }
  function update() { compute(); state.page = 0; renderList(); }

  function figureTitle(i) {
    var parts = [label(D.kind_labels, F.kind[i]), F.value[i], label(D.units, F.unit[i]),
                 label(D.qual_labels, F.qual[i])];
    if (F.metric[i] >= 0) parts.push('· ' + metricName(F.metric[i]));
    if (F.subject[i]) parts.push('· ' + F.subject[i]);
    if (F.note[i]) parts.push('· ' + F.note[i]);
    if (status(i) >= 0) parts.push('· ' + D.status_labels[status(i)]);
    return parts.filter(Boolean).join(' ');
  }
  function entityTitle(i, mark) {
    return label(D.ent_labels, E.type[i]) + ' ' + (E.name[i] || mark.textContent) + E.more[i];
  }
  function dim(root) {
    root.querySelectorAll('mark[data-f]').forEach(function (m) {
      m.classList.toggle('dim', !!(state.active && !hit[+m.getAttribute('data-f')]));
    });
  }

  // a document is drawn from its block when it is first opened
  function openDoc(n) {
    var have = $('doc-' + n);
    if (have) { have.open = true; return have; }
    var d = docs[n], box = el('details', 'doc'), head = el('summary', null, d[DOC_ID] + ' ');
    box.id = 'doc-' + n;
    box.open = true;
    box.setAttribute('data-doc', d[DOC_ID]);
    head.appendChild(el('span', 'muted', (fstart[n + 1] - fstart[n]) + ' số liệu, ' +
                        (estart[n + 1] - estart[n]) + ' thực thể '));
    badges(n, head);
    box.appendChild(head);
    var body = el('div', 'doc-body'), close = el('button', null, 'Đóng'), text = el('div');
    close.type = 'button';
    close.addEventListener('click', function () { box.remove(); });
    body.appendChild(close);
    var block = $('b-' + n);
    text.innerHTML = block ? block.textContent : '';  // escaped on the server; no script runs (CSP)
    text.querySelectorAll('mark[data-f]').forEach(function (m) { m.title = figureTitle(+m.getAttribute('data-f')); });
    text.querySelectorAll('mark[data-e]').forEach(function (m) {
      m.title = entityTitle(+m.getAttribute('data-e'), m);
    });
    body.appendChild(text);
    box.appendChild(body);
    $('docs').insertBefore(box, $('docs').firstChild);
    dim(box);
    return box;
  }
  function findMark(n, start, end, entity) {
    var at = entity ? estart : fstart, cols = entity ? E : F, attr = entity ? 'data-e' : 'data-f';
    for (var i = at[n]; i < at[n + 1]; i++) {
      if (cols.start[i] === start && cols.end[i] === end) {
        return document.querySelector('mark[' + attr + '="' + i + '"]');
      }
    }
    return null;
  }
  // #doc-N opens document N; #dN-START-END (#dN-eSTART-END for an entity) also marks that figure
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1)), m, target = null;
    if ((m = /^doc-(\d+)$/.exec(id)) && +m[1] < docs.length) {
      target = openDoc(+m[1]);
    } else if ((m = /^d(\d+)-(e?)(\d+)-(\d+)$/.exec(id)) && +m[1] < docs.length) {
      openDoc(+m[1]);
      target = findMark(+m[1], +m[3], +m[4], m[2] === 'e');
    }
    if (!target) return;
    document.querySelectorAll('mark.target').forEach(function (x) { x.classList.remove('target'); });
    if (target.tagName === 'MARK') target.classList.add('target');
    target.scrollIntoView({block: 'center'});
  }

  function showPanel(mark) {
    var panel = $('panel'), list = panel.querySelector('dl'), rows = [['văn bản', mark.textContent]];
    list.textContent = '';
    if (mark.hasAttribute('data-f')) {
      var i = +mark.getAttribute('data-f');
      rows.push(['loại', label(D.kind_labels, F.kind[i])], ['giá trị', F.value[i]],
                ['đơn vị tính', label(D.units, F.unit[i])], ['mức', label(D.qual_labels, F.qual[i])],
                ['chỉ tiêu', F.metric[i] < 0 ? '' : metricName(F.metric[i]) + ' (' + D.metrics[F.metric[i]][0] + ')'],
                ['nội dung', F.subject[i]], ['trạng thái', label(D.status_labels, status(i))], ['ghi chú', F.note[i]]);
    } else {
      rows.push(['là', mark.title || '']);
    }
    rows.forEach(function (r) {
      if (!r[1]) return;
      list.appendChild(el('dt', null, r[0]));
      list.appendChild(el('dd', null, r[1]));
    });
    panel.hidden = false;
  }

  function summaryTable() {
    var box = $('summary-body');
    if (box.firstChild || !D.summary.length) return;
    var table = el('table', 'summary'), head = el('tr');
    ['Chỉ tiêu', 'Mã chỉ tiêu', 'Đơn vị báo cáo', 'Kỳ', 'Tổng', 'Đơn vị tính', 'Giới hạn', 'Số lần nêu',
     'Số tài liệu', 'Các số liệu cộng vào'].forEach(function (x) { head.appendChild(el('th', null, x)); });
    table.appendChild(head);
    D.summary.forEach(function (r) {
      var tr = el('tr');
      for (var k = 0; k < 9; k++) cell(tr, r[k], k === 4 || k > 6 ? 'num' : null);
      var refs = cell(tr, '');
      r[9].forEach(function (x, k) {
        if (x[0] < 0) { refs.appendChild(document.createTextNode((k + 1) + ' ')); return; }
        var a = link(x[0], String(k + 1), 'd' + x[0] + '-' + x[1] + '-' + x[2]);
        a.title = docs[x[0]][DOC_ID];
        refs.appendChild(a);
        refs.appendChild(document.createTextNode(' '));
      });
      if (r[10]) refs.appendChild(document.createTextNode('… +' + r[10]));
      table.appendChild(tr);
    });
    box.appendChild(table);
  }

  // the filters, set from the address (review.html?q=…&kind=money&metric=…&unit=…&qualifier=…&errors=1&view=figures)
  function fill(select, items) {
    items.forEach(function (x, k) { var o = el('option', null, x); o.value = String(k); select.appendChild(o); });
  }
  fill($('f-kind'), D.kind_labels);
  fill($('f-metric'), D.metrics.map(function (m) { return m[1]; }));
  fill($('f-unit'), D.units);
  fill($('f-qual'), D.qual_labels);
  var params = new URLSearchParams(location.search);
  function pick(select, name, tables) {
    var v = params.get(name);
    if (v === null) return;
    tables.forEach(function (table) {
      var k = table.indexOf(v);
      if (k < 0) k = table.map(fold).indexOf(fold(v));
      if (k >= 0) { select.value = String(k); state[select.getAttribute('data-key')] = String(k); }
    });
  }
  $('q').value = state.q = params.get('q') || '';
  pick($('f-kind'), 'kind', [D.kinds, D.kind_labels]);
  pick($('f-metric'), 'metric', [D.metrics.map(function (m) { return m[0]; })]);
  pick($('f-unit'), 'unit', [D.units]);
  pick($('f-qual'), 'qualifier', [D.quals, D.qual_labels]);
  state.err = params.get('errors') === '1';
  $('f-err').checked = state.err;
  if (params.get('view') === 'figures') state.view = 'figs';
  $('v-' + state.view).checked = true;

  var typing = 0;
  $('q').addEventListener('input', function () {
    clearTimeout(typing);
    typing = setTimeout(function () { state.q = $('q').value; update(); }, 150);
  });
  ['f-kind', 'f-metric', 'f-unit', 'f-qual'].forEach(function (id) {
    $(id).addEventListener('change', function (e) {
      state[e.target.getAttribute('data-key')] = e.target.value;
      update();
    });
  });
  $('f-err').addEventListener('change', function (e) { state.err = e.target.checked; update(); });
  ['v-docs', 'v-figs'].forEach(function (id) {
    $(id).addEventListener('change', function (e) { state.view = e.target.value; state.page = 0; renderList(); });
  });
  $('prev').addEventListener('click', function () { state.page--; renderList(); });
  $('next').addEventListener('click', function () { state.page++; renderList(); });
  $('close-all').addEventListener('click', function () { $('docs').textContent = ''; });
  $('summary').addEventListener('toggle', function () { if ($('summary').open) summaryTable(); });
  window.addEventListener('hashchange', openTarget);
  document.addEventListener('click', function (e) {
    var a = e.target.closest('a[href^="#"]');
    if (a) {  // the same anchor again: hashchange does not fire, open it anyway
      if (a.getAttribute('href') === '#' + location.hash.slice(1)) setTimeout(openTarget, 0);
      return;
    }
    var mark = e.target.closest('mark');
    if (mark) showPanel(mark);
    else if (!e.target.closest('#panel')) $('panel').hidden = true;
  });

  update();
  if ($('summary').open) summaryTable();
  openTarget();
  document.body.setAttribute('data-first-render-ms', String(Math.round(performance.now())));
})();
"""
