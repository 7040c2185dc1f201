// The network map: polls map.json and draws this node, its connected peers (inner rings) and the
// peers it knows only through discovery (outer rings) on a canvas. The layout is rings, O(n) per
// update, and the canvas is drawn only when something changed: usable with thousands of peers.
// Every string from the node (peer ids, protocols, addresses) goes into the DOM as text, never as
// HTML: peers choose their own protocol names.
'use strict';

(function () {
  const POLL_MS = 2000;
  const TABLE_ROWS = 300;
  const SOURCES = {
    chain: { colour: '#ffb74d', label: 'chain registry' },
    gossip: { colour: '#b388ff', label: 'gossip heartbeat' },
    dht: { colour: '#4dd0e1', label: 'DHT' },
    discovery: { colour: '#90a4ae', label: 'other discovery' },
    manual: { colour: '#f06292', label: 'manual / bootstrap' },
    identify: { colour: '#81c784', label: 'identify' },
    connection: { colour: '#81c784', label: 'connection' },
  };
  const UNKNOWN = { colour: '#90a4ae', label: 'unknown' };
  const SELF_COLOUR = '#4fc3f7';

  const $ = (id) => document.getElementById(id);
  const canvas = $('graph');
  const ctx = canvas.getContext('2d');
  const state = {
    data: null,
    previous: null,
    rates: new Map(),
    byId: new Map(),
    positions: [], // {peer, x, y}, in CSS pixels
    nodeRadius: 10,
    centre: { x: 0, y: 0, r: 16 },
    bands: [],
    selected: null,
    hovered: null,
    query: '',
    drawQueued: false,
    drawnSignature: '',
  };

  // --- Helpers --------------------------------------------------------------------------------

  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (k === 'class') e.className = v;
        else if (k === 'title') e.title = v;
        else if (k.startsWith('data-')) e.setAttribute(k, v);
        else e[k] = v;
      }
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      e.append(c instanceof Node ? c : String(c));
    }
    return e;
  }

  function sourceOf(name) {
    return SOURCES[name] || UNKNOWN;
  }

  function shortId(id) {
    return id.length > 14 ? id.slice(0, 6) + '…' + id.slice(-6) : id;
  }

  function fmtMs(ms) {
    if (ms === null || ms === undefined) return '—';
    return ms < 10 ? ms.toFixed(2) + ' ms' : ms < 100 ? ms.toFixed(1) + ' ms' : Math.round(ms) + ' ms';
  }

  function fmtRate(r) {
    if (r === null || r === undefined) return '—';
    return r === 0 ? '0' : r < 10 ? r.toFixed(2) : r.toFixed(0);
  }

  function fmtScore(s) {
    return s === null || s === undefined ? '—' : s.toFixed(2);
  }

  function swatch(source, hollow) {
    const s = el('span', { class: 'swatch' + (hollow ? ' hollow' : '') });
    s.style.background = sourceOf(source).colour;
    if (hollow) s.style.borderColor = sourceOf(source).colour;
    return s;
  }

  function tag(text, source) {
    return el('span', { class: 'tag' }, source ? swatch(source) : null, text);
  }

  function matches(peer, q) {
    if (!q) return true;
    if (peer.peerId.toLowerCase().includes(q)) return true;
    if (peer.source.includes(q) || peer.sources.some((s) => s.includes(q))) return true;
    if (peer.remoteAddress && peer.remoteAddress.toLowerCase().includes(q)) return true;
    if (peer.addresses.some((a) => a.address.toLowerCase().includes(q))) return true;
    return peer.protocols.some((p) => p.toLowerCase().includes(q));
  }

  function peerOrder(a, b) {
    return (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) ||
      (a.peerId < b.peerId ? -1 : a.peerId > b.peerId ? 1 : 0);
  }

  // --- Polling --------------------------------------------------------------------------------

  async function poll() {
    try {
      const response = await fetch('map.json', { cache: 'no-store' });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      update(await response.json());
      setHealth(true, 'live · updated ' + new Date().toLocaleTimeString());
    } catch (e) {
      setHealth(false, 'node unreachable (' + e.message + ')');
    } finally {
      document.body.dataset.polls = String(Number(document.body.dataset.polls) + 1);
      setTimeout(poll, POLL_MS);
    }
  }

  function setHealth(ok, text) {
    $('health').className = ok ? 'ok' : 'down';
    $('health-text').textContent = text;
  }

  function update(data) {
    const started = performance.now();
    state.previous = state.data;
    state.data = data;
    state.byId = new Map(data.peers.map((p) => [p.peerId, p]));
    if (state.selected && !state.byId.has(state.selected)) state.selected = null;
    if (state.hovered && !state.byId.has(state.hovered)) state.hovered = null;
    computeRates();
    layout();
    renderHeader();
    renderProtocols();
    renderTopics();
    renderStatus();
    renderTable();
    renderDetails();
    renderDrawnList();
    draw();
    document.body.dataset.updateMs = (performance.now() - started).toFixed(1);
  }

  // --- Layout: rings, inside out; connected peers first, then those known only by discovery ---

  function layout() {
    const w = canvas.clientWidth;
    const h = canvas.clientHeight;
    const peers = state.data ? state.data.peers : [];
    const connected = peers.filter((p) => p.connected).sort(peerOrder);
    const known = peers.filter((p) => !p.connected).sort(peerOrder);
    const n = peers.length;
    const r = Math.max(2.5, Math.min(11, 110 / Math.sqrt(n + 1)));
    const step = 2 * r + Math.max(2, r * 0.8);
    const positions = [];
    const bands = [];
    let radius = 6 * step;
    for (const [group, name] of [[connected, 'connected'], [known, 'known']]) {
      if (group.length === 0) continue;
      const first = radius;
      let i = 0;
      while (i < group.length) {
        const capacity = Math.max(1, Math.floor((2 * Math.PI * radius) / step));
        const count = Math.min(capacity, group.length - i);
        // A partly filled ring spreads its peers evenly; each ring is turned a little so that
        // neighbouring rings do not line up into spokes.
        const offset = -Math.PI / 2 + (positions.length % 7) * 0.37 * (2 * Math.PI / capacity);
        for (let k = 0; k < count; k++, i++) {
          const a = offset + (2 * Math.PI * k) / count;
          positions.push({ peer: group[i], ux: radius * Math.cos(a), uy: radius * Math.sin(a) });
        }
        if (i < group.length) radius += step;
      }
      bands.push({ name, inner: first, outer: radius, count: group.length });
      radius += 3 * step;
    }
    const outer = bands.length ? bands[bands.length - 1].outer + r : 6 * step;
    const available = Math.max(40, Math.min(w, h) / 2 - 26);
    const scale = Math.min(available / outer, 14 / r);
    const cx = w / 2;
    const cy = h / 2;
    for (const p of positions) {
      p.x = cx + p.ux * scale;
      p.y = cy + p.uy * scale;
    }
    state.positions = positions;
    state.nodeRadius = r * scale;
    state.centre = { x: cx, y: cy, r: Math.max(12, Math.min(20, state.nodeRadius * 1.6)) };
    state.bands = bands.map((b) => ({ ...b, inner: b.inner * scale, outer: b.outer * scale }));
  }

  // --- Drawing --------------------------------------------------------------------------------

  function resize() {
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(canvas.clientWidth * dpr);
    canvas.height = Math.round(canvas.clientHeight * dpr);
    layout();
    draw();
  }

  function requestDraw() {
    if (state.drawQueued) return;
    state.drawQueued = true;
    requestAnimationFrame(() => {
      state.drawQueued = false;
      draw();
    });
  }

  function draw() {
    const started = performance.now();
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, canvas.clientWidth, canvas.clientHeight);
    const { x: cx, y: cy } = state.centre;
    const r = state.nodeRadius;
    const q = state.query;
    const many = state.positions.length > 200;

    // Band guides: a faint annulus per band; the outer one edged with a dashed line.
    for (const b of state.bands) {
      const inner = Math.max(0, b.inner - r - 6);
      const outer = b.outer + r + 6;
      ctx.fillStyle = b.name === 'connected' ? 'rgba(102,187,106,.06)' : 'rgba(144,164,174,.05)';
      ctx.beginPath();
      ctx.arc(cx, cy, outer, 0, 2 * Math.PI);
      ctx.arc(cx, cy, inner, 0, 2 * Math.PI, true);
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.setLineDash(b.name === 'connected' ? [] : [3, 5]);
      ctx.strokeStyle = b.name === 'connected' ? 'rgba(102,187,106,.22)' : 'rgba(144,164,174,.22)';
      ctx.beginPath();
      ctx.arc(cx, cy, outer, 0, 2 * Math.PI);
      ctx.stroke();
    }
    ctx.setLineDash([]);

    // Edges: this node to every connected peer, one path per colour.
    const edges = new Map();
    for (const p of state.positions) {
      if (!p.peer.connected) continue;
      const key = p.peer.source + (q && !matches(p.peer, q) ? '|dim' : '');
      let path = edges.get(key);
      if (!path) edges.set(key, (path = new Path2D()));
      path.moveTo(cx, cy);
      path.lineTo(p.x, p.y);
    }
    ctx.lineWidth = many ? 0.5 : 1.4;
    for (const [key, path] of edges) {
      ctx.strokeStyle = sourceOf(key.split('|')[0]).colour;
      ctx.globalAlpha = key.endsWith('|dim') ? 0.04 : many ? 0.18 : 0.45;
      ctx.stroke(path);
    }
    ctx.globalAlpha = 1;

    // Peers: filled when connected, a ring when known only through discovery. One path per
    // colour and kind, so that a thousand peers cost a handful of fills, not a thousand.
    const groups = new Map();
    for (const p of state.positions) {
      const peer = p.peer;
      const key = peer.source + '|' + peer.connected + '|' + (q && !matches(peer, q) ? 'dim' : '');
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { source: peer.source, connected: peer.connected, dim: key.endsWith('dim'), path: new Path2D() }));
      g.path.moveTo(p.x + r, p.y);
      g.path.arc(p.x, p.y, r, 0, 2 * Math.PI);
    }
    for (const g of groups.values()) {
      const colour = sourceOf(g.source).colour;
      ctx.globalAlpha = g.dim ? 0.15 : 1;
      if (g.connected) {
        ctx.fillStyle = colour;
        ctx.fill(g.path);
        if (r > 4) {
          ctx.lineWidth = 1.5;
          ctx.strokeStyle = 'rgba(14,20,27,.9)';
          ctx.stroke(g.path);
        }
      } else {
        ctx.fillStyle = colour + '30';
        ctx.fill(g.path);
        ctx.lineWidth = Math.max(1, Math.min(2.5, r / 3));
        ctx.strokeStyle = colour;
        ctx.stroke(g.path);
      }
    }
    ctx.globalAlpha = 1;
    const distrusted = new Path2D();
    for (const p of state.positions) {
      if (p.peer.score !== null && p.peer.score < 0) {
        distrusted.moveTo(p.x + r + 3, p.y);
        distrusted.arc(p.x, p.y, r + 3, 0, 2 * Math.PI);
      }
    }
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#ef5350';
    ctx.stroke(distrusted);

    // Labels, when there is room for them: outside each peer, away from its edge.
    if (state.positions.length <= 40) {
      ctx.font = '11px "DejaVu Sans Mono", monospace';
      ctx.textBaseline = 'middle';
      for (const p of state.positions) {
        const dx = p.x - cx;
        const dy = p.y - cy;
        const len = Math.hypot(dx, dy) || 1;
        const ux = dx / len;
        const uy = dy / len;
        const lines = ['…' + p.peer.peerId.slice(-6)];
        if (p.peer.connected && p.peer.rttMs !== null) lines.push(fmtMs(p.peer.rttMs));
        const lx = p.x + ux * (r + 8);
        const ly = p.y + uy * (r + 8) + (uy > 0.3 ? 6 : uy < -0.3 ? -6 - 13 * (lines.length - 1) : -6.5 * (lines.length - 1));
        ctx.textAlign = ux > 0.3 ? 'left' : ux < -0.3 ? 'right' : 'center';
        lines.forEach((text, k) => {
          ctx.fillStyle = k === 0 ? (p.peer.connected ? '#c5d0dc' : '#7d8a9a') : '#7d8a9a';
          ctx.fillText(text, lx, ly + 13 * k);
        });
      }
    }

    // Highlights: hovered, selected.
    for (const [id, colour, width] of [[state.hovered, 'rgba(255,255,255,.55)', 2],
      [state.selected, '#ffffff', 2.5]]) {
      const p = id && state.positions.find((pos) => pos.peer.peerId === id);
      if (!p) continue;
      ctx.lineWidth = width;
      ctx.strokeStyle = colour;
      ctx.beginPath();
      ctx.arc(p.x, p.y, r + 5, 0, 2 * Math.PI);
      ctx.stroke();
    }

    // This node.
    const c = state.centre;
    const glow = ctx.createRadialGradient(cx, cy, c.r * 0.5, cx, cy, c.r * 2.6);
    glow.addColorStop(0, 'rgba(79,195,247,.35)');
    glow.addColorStop(1, 'rgba(79,195,247,0)');
    ctx.fillStyle = glow;
    ctx.beginPath();
    ctx.arc(cx, cy, c.r * 2.6, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillStyle = SELF_COLOUR;
    ctx.beginPath();
    ctx.arc(cx, cy, c.r, 0, 2 * Math.PI);
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#e1f5fe';
    ctx.stroke();
    ctx.font = '600 11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillStyle = '#e1f5fe';
    ctx.fillText('this node', cx, cy + c.r + 5);

    document.body.dataset.drawMs = (performance.now() - started).toFixed(1);
  }

  function peerAt(x, y) {
    const r = Math.max(state.nodeRadius + 3, 6);
    let best = null;
    let bestD = r * r;
    for (const p of state.positions) {
      const d = (p.x - x) ** 2 + (p.y - y) ** 2;
      if (d <= bestD) {
        best = p;
        bestD = d;
      }
    }
    return best;
  }

  // --- Panels ---------------------------------------------------------------------------------

  function renderLegend() {
    const legend = $('legend');
    const items = [];
    const seen = new Set();
    for (const [name, s] of Object.entries(SOURCES)) {
      if (seen.has(s.colour)) continue;
      seen.add(s.colour);
      const label = name === 'identify' ? 'connection / identify' : s.label;
      items.push(el('span', null, swatch(name), label));
    }
    items.push(el('span', null, swatch('discovery', true), 'known, not connected'));
    const neg = el('span', { class: 'swatch hollow' });
    neg.style.borderColor = '#ef5350';
    items.push(el('span', null, neg, 'negative score'));
    legend.replaceChildren(...items);
  }

  function renderHeader() {
    const d = state.data;
    $('self').textContent = d.self.peerId;
    const connected = d.peers.filter((p) => p.connected).length;
    const parts = [
      connected + ' connected',
      (d.peers.length - connected) + ' known through discovery',
      'discovery: ' + (d.self.discoveries.length ? d.self.discoveries.join(', ') : 'none'),
    ];
    if (d.self.pubsub) parts.push(d.topics.length + ' topic' + (d.topics.length === 1 ? '' : 's'));
    $('summary').textContent = parts.join(' · ');
    document.title = connected + ' peers · subnet-p2p network map';
  }

  function sum(o) {
    return Object.values(o).reduce((a, b) => a + b, 0);
  }

  function computeRates() {
    const now = state.data;
    const before = state.previous;
    const rates = new Map();
    const seconds = before ? (now.time - before.time) / 1000 : 0;
    const old = new Map(before ? before.protocols.map((p) => [p.protocol, p]) : []);
    for (const p of now.protocols) {
      const o = old.get(p.protocol);
      if (!o || seconds <= 0) {
        rates.set(p.protocol, null);
        continue;
      }
      const out = sum(p.calls) - sum(o.calls);
      const inbound = sum(p.inbound) - sum(o.inbound);
      const errors = out - (p.calls.ok - o.calls.ok) + inbound - (p.inbound.ok - o.inbound.ok);
      const count = p.latencyCount - o.latencyCount;
      rates.set(p.protocol, {
        out: out / seconds,
        inbound: inbound / seconds,
        errors: errors / seconds,
        meanMs: count > 0 ? ((p.latencySecondsSum - o.latencySecondsSum) / count) * 1000 : null,
      });
    }
    state.rates = rates;
  }

  function renderProtocols() {
    const rows = state.data.protocols.map((p) => {
      const r = state.rates.get(p.protocol);
      const errors = el('td', { class: 'num' }, r ? fmtRate(r.errors) : '—');
      if (r && r.errors > 0) errors.style.color = '#ef5350';
      return el('tr', { 'data-protocol': p.protocol },
        el('td', { class: 'mono' }, p.protocol),
        el('td', { class: 'num' }, r ? fmtRate(r.out) : '—'),
        el('td', { class: 'num' }, r ? fmtRate(r.inbound) : '—'),
        errors,
        el('td', { class: 'num' }, r ? fmtMs(r.meanMs) : '—'),
        el('td', { class: 'num' }, sum(p.calls) + ' / ' + sum(p.inbound)));
    });
    if (rows.length === 0) {
      rows.push(el('tr', null, el('td', { class: 'muted', colSpan: 6 }, 'no request/response protocols')));
    }
    $('protocols').tBodies[0].replaceChildren(...rows);
  }

  function renderTopics() {
    const d = state.data;
    const rows = d.topics.map((t) => el('tr', null, el('td', { class: 'mono' }, t.topic),
      el('td', { class: 'num' }, t.peers), el('td', { class: 'num' }, t.mesh)));
    if (rows.length === 0) {
      rows.push(el('tr', null, el('td', { class: 'muted', colSpan: 3 },
        d.self.pubsub ? 'no topics' : 'pubsub off')));
    }
    $('topics').tBodies[0].replaceChildren(...rows);
  }

  function renderStatus() {
    const entries = Object.entries(state.data.status);
    const box = $('status');
    if (entries.length === 0) {
      box.className = 'muted';
      box.textContent = 'No provider reports: the chain discovery and gater are off.';
      return;
    }
    box.className = '';
    box.replaceChildren(...entries.map(([name, fields]) => {
      const title = name.endsWith('.chain') ? name + ' · on-chain registry' : name;
      const dl = el('dl');
      for (const [k, v] of Object.entries(fields)) dl.append(el('dt', null, k), el('dd', null, String(v)));
      return el('div', { class: 'provider', 'data-provider': name }, el('h3', null, title), dl);
    }));
  }

  function renderTable() {
    const q = state.query;
    const peers = state.data.peers
      .filter((p) => matches(p, q))
      .sort((a, b) => (b.connected - a.connected) || peerOrder(a, b));
    const rows = peers.slice(0, TABLE_ROWS).map((p) => {
      const tr = el('tr', { 'data-peer-id': p.peerId },
        el('td', { class: 'mono', title: p.peerId }, p.peerId),
        el('td', { class: p.connected ? 'state-connected' : 'state-known' },
          p.connected ? 'connected · ' + p.direction : 'known'),
        el('td', null, tag(p.source, p.source)),
        el('td', null, p.discovered.join(', ') || '—'),
        el('td', { class: 'num' }, fmtMs(p.rttMs)),
        el('td', { class: 'num' }, fmtScore(p.score)),
        el('td', { class: 'num', title: p.protocols.join('\n') }, p.protocols.length),
        el('td', { class: 'mono' }, p.remoteAddress || (p.addresses[0] ? p.addresses[0].address : '—')));
      if (p.peerId === state.selected) tr.classList.add('selected');
      return tr;
    });
    $('peers').tBodies[0].replaceChildren(...rows);
    const total = state.data.peers.length;
    $('list-count').textContent = peers.length > TABLE_ROWS
      ? 'showing ' + TABLE_ROWS + ' of ' + peers.length + ' matching (' + total + ' peers): narrow the search'
      : peers.length + ' of ' + total + ' peers';
  }

  function renderDetails() {
    const box = $('details');
    const p = state.selected && state.byId.get(state.selected);
    if (!p) {
      box.className = 'muted';
      box.textContent = 'Click a peer in the map or the list.';
      return;
    }
    box.className = '';
    const dl = el('dl');
    const row = (k, v) => dl.append(el('dt', null, k), el('dd', null, v));
    row('peer id', el('span', { class: 'mono' }, p.peerId));
    row('state', p.connected ? 'connected (' + p.direction + ')' : 'known, not connected');
    if (p.connected) {
      row('remote', el('span', { class: 'mono' }, p.remoteAddress));
      row('rtt', fmtMs(p.rttMs));
      row('streams', String(p.streams));
    }
    row('score', fmtScore(p.score));
    row('source', tag(p.source, p.source));
    row('all sources', el('span', null, ...p.sources.map((s) => tag(s, s))));
    row('known by', p.discovered.join(', ') || '—');
    if (p.mesh.length) row('mesh', p.mesh.join(', '));
    row('protocols', el('span', null, ...p.protocols.map((x) => tag(x))));
    const addresses = el('span', null);
    for (const a of p.addresses) {
      addresses.append(el('div', { class: 'mono' }, a.address + ' ', tag(a.source, a.source),
        a.failing ? el('span', { class: 'tag' }, 'failing') : null));
    }
    row('addresses', p.addresses.length ? addresses : '—');
    box.replaceChildren(dl);
  }

  function renderDrawnList() {
    // Rebuilt only when what is drawn changed: a thousand items every poll are not free.
    const signature = state.positions
      .map((p) => p.peer.peerId + (p.peer.connected ? '+' : '-') + p.peer.source)
      .join(' ');
    if (signature === state.drawnSignature) return;
    state.drawnSignature = signature;
    const items = state.positions.map((p) => el('li', {
      'data-peer-id': p.peer.peerId,
      'data-connected': String(p.peer.connected),
      'data-source': p.peer.source,
    }, p.peer.peerId));
    $('drawn-peers').replaceChildren(...items);
  }

  function showTooltip(p, x, y) {
    const t = $('tooltip');
    if (!p) {
      t.hidden = true;
      return;
    }
    const peer = p.peer;
    t.replaceChildren(
      el('div', null, el('b', { class: 'mono' }, shortId(peer.peerId))),
      el('div', null, peer.connected ? 'connected · ' + peer.direction : 'known, not connected'),
      el('div', null, 'source ', tag(peer.source, peer.source),
        peer.discovered.length ? ' known by ' + peer.discovered.join(', ') : ''),
      el('div', null, 'rtt ' + fmtMs(peer.rttMs) + ' · score ' + fmtScore(peer.score)),
      el('div', { class: 'muted' }, peer.protocols.length + ' protocols · click for details'));
    t.hidden = false;
    const panel = $('graph-panel');
    const left = Math.min(x + 14, panel.clientWidth - t.offsetWidth - 8);
    const top = Math.min(y + 14, panel.clientHeight - t.offsetHeight - 8);
    t.style.left = Math.max(4, left) + 'px';
    t.style.top = Math.max(4, top) + 'px';
  }

  function select(id) {
    state.selected = id;
    renderDetails();
    renderTable();
    requestDraw();
  }

  // --- Events ---------------------------------------------------------------------------------

  canvas.addEventListener('mousemove', (e) => {
    const p = peerAt(e.offsetX, e.offsetY);
    const id = p ? p.peer.peerId : null;
    canvas.classList.toggle('pointing', !!p);
    showTooltip(p, e.offsetX, e.offsetY);
    if (id !== state.hovered) {
      state.hovered = id;
      requestDraw();
    }
  });
  canvas.addEventListener('mouseleave', () => {
    showTooltip(null);
    state.hovered = null;
    requestDraw();
  });
  canvas.addEventListener('click', (e) => {
    const p = peerAt(e.offsetX, e.offsetY);
    select(p ? p.peer.peerId : null);
  });
  $('peers').tBodies[0].addEventListener('click', (e) => {
    const tr = e.target.closest('tr[data-peer-id]');
    if (tr) select(tr.dataset.peerId);
  });
  $('search').addEventListener('input', (e) => {
    state.query = e.target.value.trim().toLowerCase();
    if (!state.data) return;
    renderTable();
    requestDraw();
  });
  window.addEventListener('resize', resize);

  renderLegend();
  resize();
  poll();
})();
