// SPDX-License-Identifier: Apache-2.0
// The collector's live page: one EventSource on api/v1/events delivers whole snapshots (flows,
// drops, sender streams, links); every view is redrawn from the latest one. No libraries, no
// other origin: plain DOM and SVG. Text from reports is only ever set as textContent.
'use strict';

(() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const HEATMAP_COLUMNS = 90;          // seconds of history in the latency view
  const RATE_WINDOW_MS = 5000;         // reports/s over this window
  const MAX_ROWS = 500;                // table rows drawn (the count says how many matched)
  const STALL_MS = 5000;               // no event for this long: say so
  const PROTOCOLS = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 58: 'ICMPv6', 132: 'SCTP' };
  // INT drop reason codes (docs/int-report-formats.md), for senders that give only the code.
  const DROP_REASONS = {
    0: 'unknown', 25: 'IP version invalid', 26: 'IP TTL expired', 29: 'routing miss', 30: 'IP header length invalid',
    31: 'IP checksum invalid', 55: 'port/VLAN mapping miss', 71: 'traffic manager (queue full)', 80: 'ACL deny',
    89: 'bridging miss', 170: 'IPv4 routing drop', 171: 'IPv6 routing drop', 180: 'encap fail', 181: 'decap fail',
    182: 'checksum fail', 183: 'IP options', 184: 'unauthorized source',
  };

  const $ = (id) => document.getElementById(id);
  const state = {
    snapshot: null, updates: 0, lastEventAt: 0,
    sort: { key: 'last_seen', dir: -1 },
    rateHistory: new Map(),   // flow key -> [{t, reports}]
    heat: new Map(),          // hop key -> {label, sub, samples: Map(second -> p99 ns)}
    hist: new Map(),          // switch id -> {bounds, previous counts, columns: Map(second -> counts that second)}
    seconds: [],              // the seconds shown, oldest first
  };

  // ---------- formatting ----------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null) continue;
      if (k === 'class') node.className = v; else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return node;
  }
  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function fmtNs(ns) {
    if (ns === null || ns === undefined || !isFinite(ns)) return '–';
    if (ns < 1000) return Math.round(ns) + ' ns';
    // Three significant digits at most, one decimal below 100: 4.0 µs, 49.5 µs, 250 µs.
    if (ns < 1e6) return (ns / 1e3).toFixed(ns < 1e5 ? 1 : 0) + ' µs';
    if (ns < 1e9) return (ns / 1e6).toFixed(ns < 1e8 ? 1 : 0) + ' ms';
    return (ns / 1e9).toFixed(2) + ' s';
  }
  function fmtCount(n) {
    if (n === null || n === undefined || !isFinite(n)) return '–';
    return Number(n).toLocaleString('en-US');
  }
  function fmtAgo(ms) {
    if (ms === null || !isFinite(ms)) return '–';
    const s = Math.max(0, ms) / 1000;
    if (s < 1) return 'now';
    if (s < 60) return Math.floor(s) + ' s ago';
    if (s < 3600) return Math.floor(s / 60) + ' min ago';
    return Math.floor(s / 3600) + ' h ago';
  }
  // ICMP has no ports (the collector says 0): the address alone.
  function endpoint(ip, port, protocol) {
    if (port === null || port === undefined || (String(protocol).startsWith('ICMP') && !port)) return String(ip);
    return String(ip).includes(':') ? '[' + ip + ']:' + port : ip + ':' + port;
  }
  function protocolName(p) {
    if (typeof p === 'number') return PROTOCOLS[p] || String(p);
    if (p === null || p === undefined) return '?';
    const upper = String(p).toUpperCase();
    return upper === 'ICMPV6' ? 'ICMPv6' : upper;
  }
  // Milliseconds since the epoch from a number (s, ms, µs or ns) or an ISO-8601 text.
  function toMillis(t) {
    if (t === null || t === undefined) return null;
    if (typeof t === 'string') { const ms = Date.parse(t); return isNaN(ms) ? null : ms; }
    if (t > 1e17) return t / 1e6;
    if (t > 1e14) return t / 1e3;
    if (t > 1e11) return t;
    return t * 1000;
  }
  const first = (obj, ...names) => { for (const n of names) if (obj && obj[n] !== undefined) return obj[n]; return undefined; };

  // ---------- the snapshot, normalised (one place that knows the API's field names) ----------
  function flowKey(f) {
    return f.flow_id !== null && f.flow_id !== undefined && f.flow_id !== 0 ? 'id:' + f.flow_id
      : [f.protocol, f.src_ip, f.src_port, f.dst_ip, f.dst_port].join('|');
  }
  function normaliseFlow(f) {
    const hops = (f.hops || []).map((h) => ({
      switch_id: String(first(h, 'switch_id', 'switch')),
      ingress_port: first(h, 'ingress_port', 'in_port'),
      egress_port: first(h, 'egress_port', 'out_port'),
      p50: h.latency_ns ? h.latency_ns.p50 : null,
      p99: h.latency_ns ? h.latency_ns.p99 : null,
      reports: h.reports || 0,
    }));
    // The path's latency is the sum of its hops' (the collector sends it; summed here otherwise).
    const sum = (k) => (hops.some((h) => h[k] !== null && h[k] !== undefined) ? hops.reduce((a, h) => a + (h[k] || 0), 0) : null);
    const path = f.path_latency_ns || {};
    const flow = {
      protocol: protocolName(f.protocol), src_ip: f.src_ip, dst_ip: f.dst_ip,
      src_port: f.src_port, dst_port: f.dst_port, flow_id: f.flow_id,
      last_seen: toMillis(f.last_seen), hops,
      reports: hops.reduce((a, h) => a + h.reports, 0),
      p50: path.p50 ?? sum('p50'),
      p99: path.p99 ?? sum('p99'),
    };
    flow.key = flowKey(flow);
    return flow;
  }
  function normaliseDrop(d) {
    const reason = first(d, 'reason', 'drop_reason', 'reason_code');
    const name = first(d, 'reason_name', 'reason_text');
    return {
      switch_id: String(first(d, 'switch_id', 'switch')),
      port: first(d, 'port', 'ingress_port'),
      reason,
      reason_label: DROP_REASONS[reason] || name || 'reason ' + reason,
      reason_title: (name ? name + ', ' : '') + 'INT drop reason ' + reason,
      count: first(d, 'count', 'drops', 'reports') || 0,
      flows: (d.flows || []).map(normaliseFlow),
    };
  }
  // A sender (switch id) with its report streams, one per hw_id (/api/v1/switches), or one stream.
  function normaliseStreams(s) {
    const switchId = String(first(s, 'switch_id', 'switch'));
    const streams = Array.isArray(s.streams) && s.streams.length ? s.streams : [s];
    return streams.map((st) => ({
      switch_id: switchId, hw_id: first(st, 'hw_id') ?? 0,
      received: first(st, 'received', 'reports_received', 'reports') || 0,
      lost: first(st, 'lost', 'reports_lost') || 0,
    }));
  }
  function normaliseLink(l) {
    const from = l.from || {}; const to = l.to || {};
    return {
      from: String(first(from, 'switch_id') ?? first(l, 'from_switch', 'from_switch_id', 'src_switch_id')),
      from_port: first(from, 'port', 'egress_port') ?? first(l, 'from_port', 'egress_port'),
      to: String(first(to, 'switch_id') ?? first(l, 'to_switch', 'to_switch_id', 'dst_switch_id')),
      to_port: first(to, 'port', 'ingress_port') ?? first(l, 'to_port', 'ingress_port'),
      reports: first(l, 'reports', 'packets', 'count'),
    };
  }
  function listOf(value, name) {
    if (Array.isArray(value)) return value;
    if (value && Array.isArray(value[name])) return value[name];
    return [];
  }
  function normalise(raw) {
    const flows = listOf(raw.flows, 'flows').map(normaliseFlow);
    const drops = listOf(raw.drops, 'drops').map(normaliseDrop);
    const switchesDoc = raw.switches && !Array.isArray(raw.switches) ? raw.switches : {};
    const streams = (raw.streams || switchesDoc.switches || listOf(raw.switches, 'switches')).flatMap(normaliseStreams);
    let links = (raw.links || switchesDoc.links || []).map(normaliseLink);
    if (!links.length) links = linksFromPaths(flows);
    const totals = switchesDoc.totals || {};
    const received = first(raw, 'reports_received') ?? first(totals, 'reports') ?? streams.reduce((a, s) => a + s.received, 0);
    const lost = first(raw, 'reports_lost') ?? first(totals, 'lost') ?? streams.reduce((a, s) => a + s.lost, 0);
    return {
      now: toMillis(raw.now) || Date.now(), listen: raw.listen || null,
      flows, flows_total: first(raw, 'flows_total') ?? first(totals, 'flows') ?? flows.length,
      drops, streams, links, received, lost,
      histograms: (raw.latency_histograms || []).map((h) => ({
        switch_id: String(h.switch_id), bounds: h.upper_bounds_ns || [], counts: h.counts || [] })),
    };
  }
  // Without links from the server: consecutive hops of one flow's path are a link.
  function linksFromPaths(flows) {
    const seen = new Map();
    for (const f of flows) {
      for (let i = 0; i + 1 < f.hops.length; i++) {
        const a = f.hops[i]; const b = f.hops[i + 1];
        const key = [a.switch_id, a.egress_port, b.switch_id, b.ingress_port].join('|');
        if (!seen.has(key)) seen.set(key, { from: a.switch_id, from_port: a.egress_port, to: b.switch_id, to_port: b.ingress_port });
      }
    }
    return [...seen.values()];
  }

  // ---------- status and header ----------
  function setStatus(kind, text) {
    $('status').dataset.state = kind;
    $('status-text').textContent = text;
  }
  function renderStats(s) {
    $('stat-received').textContent = fmtCount(s.received);
    $('stat-lost').textContent = fmtCount(s.lost);
    $('stat-lost').classList.toggle('lost', s.lost > 0);
    $('stat-flows').textContent = fmtCount(s.flows_total);
    $('stat-drops').textContent = fmtCount(s.drops.reduce((a, d) => a + d.count, 0));
    $('stat-senders').textContent = fmtCount(s.streams.length);
    const empty = s.received === 0 && s.flows.length === 0 && s.drops.length === 0;
    $('empty-state').hidden = !empty;
    document.body.classList.toggle('no-reports', empty);
    if (s.listen) {
      // A wildcard address is not one an agent can send to: name the port and let the person pick the host.
      const wildcard = /^(0\.0\.0\.0|\[::\]|::):(\d+)$/.exec(s.listen);
      $('listen-address').textContent = wildcard ? 'port ' + wildcard[2] + ' (all addresses)' : s.listen;
      $('listen-hint').textContent = wildcard ? 'THIS-HOST:' + wildcard[2] : s.listen;
    }
    $('updated').textContent = 'updated ' + new Date(s.now).toLocaleTimeString('en-GB') + ' (live, no reload needed)';
  }

  // ---------- flows ----------
  function updateRates(s) {
    const cutoff = s.now - RATE_WINDOW_MS;
    const live = new Set();
    for (const f of s.flows) {
      live.add(f.key);
      const h = state.rateHistory.get(f.key) || [];
      h.push({ t: s.now, reports: f.reports });
      while (h.length > 2 && h[0].t < cutoff) h.shift();
      state.rateHistory.set(f.key, h);
      const a = h[0]; const b = h[h.length - 1];
      f.rate = b.t > a.t ? (b.reports - a.reports) * 1000 / (b.t - a.t) : null;
    }
    for (const k of state.rateHistory.keys()) if (!live.has(k)) state.rateHistory.delete(k);
  }
  function matches(f, terms, protocol) {
    if (protocol && f.protocol !== protocol) return false;
    const hay = [f.protocol, endpoint(f.src_ip, f.src_port, f.protocol), endpoint(f.dst_ip, f.dst_port, f.protocol),
      ...f.hops.map((h) => h.switch_id)].join(' ').toLowerCase();
    for (const t of terms) {
      const port = /^:(\d+)$/.exec(t);
      if (port) { const p = Number(port[1]); if (f.src_port !== p && f.dst_port !== p) return false; continue; }
      if (['tcp', 'udp', 'icmp', 'icmpv6', 'sctp'].includes(t)) { if (f.protocol.toLowerCase() !== t) return false; continue; }
      if (!hay.includes(t)) return false;
    }
    return true;
  }
  function sortValue(f, key) {
    switch (key) {
      case 'src': return [f.src_ip, f.src_port];
      case 'dst': return [f.dst_ip, f.dst_port];
      case 'hops': return [f.hops.length, f.hops.map((h) => h.switch_id).join(' ')];
      default: return [f[key]];
    }
  }
  function compare(a, b) {
    for (let i = 0; i < a.length; i++) {
      const x = a[i]; const y = b[i];
      if (x === y) continue;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      if (typeof x === 'number' && typeof y === 'number') return x - y;
      return String(x).localeCompare(String(y), 'en', { numeric: true });
    }
    return 0;
  }
  function hopChip(h) {
    return el('span', { class: 'chip', title: h.reports + ' reports at this hop' },
      h.switch_id + ' ', el('span', { class: 'ports' }, (h.ingress_port ?? '?') + '→' + (h.egress_port ?? '?')),
      ' ', el('span', { class: 'lat' }, fmtNs(h.p50) + ' / ' + fmtNs(h.p99)));
  }
  function renderFlows(s) {
    const terms = $('flow-filter').value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const protocol = $('protocol-filter').value;
    const shown = s.flows.filter((f) => matches(f, terms, protocol));
    const { key, dir } = state.sort;
    shown.sort((a, b) => dir * compare(sortValue(a, key), sortValue(b, key)) || compare([a.key], [b.key]));
    const body = document.createElement('tbody');
    for (const f of shown.slice(0, MAX_ROWS)) {
      const path = el('div', { class: 'path' });
      f.hops.forEach((h, i) => { if (i) path.append(el('span', { class: 'arrow' }, '→')); path.append(hopChip(h)); });
      const tr = el('tr', { class: 'flow', 'data-key': f.key, 'data-protocol': f.protocol },
        el('td', {}, el('span', { class: 'proto proto-' + (PROTOCOLS_SET.has(f.protocol) ? f.protocol : 'other') }, f.protocol)),
        el('td', { class: 'addr src' }, endpoint(f.src_ip, f.src_port, f.protocol)),
        el('td', { class: 'addr dst' }, endpoint(f.dst_ip, f.dst_port, f.protocol)),
        el('td', { class: 'hops' }, path),
        el('td', { class: 'num p50' }, fmtNs(f.p50)),
        el('td', { class: 'num p99' }, fmtNs(f.p99)),
        el('td', { class: 'num rate' }, f.rate === null || f.rate === undefined ? '–' : f.rate.toFixed(1)),
        el('td', { class: 'num seen' + (s.now - f.last_seen > 10000 ? ' stale' : '') }, fmtAgo(s.now - f.last_seen)));
      body.append(tr);
    }
    $('flows').tBodies[0].replaceWith(body);
    const filtered = terms.length || protocol;
    $('flow-count').textContent = (filtered ? shown.length + ' of ' : '') + fmtCount(s.flows.length) + ' flows'
      + (s.flows_total > s.flows.length ? ' (of ' + fmtCount(s.flows_total) + ' kept)' : '')
      + (shown.length > MAX_ROWS ? ', first ' + MAX_ROWS + ' shown' : '');
    $('flows-none').hidden = shown.length > 0;
    $('flows-none').textContent = s.flows.length ? 'No flow matches the filter.' : 'No flows yet.';
  }
  const PROTOCOLS_SET = new Set(['TCP', 'UDP', 'ICMP', 'ICMPv6']);

  // ---------- streams ----------
  function renderStreams(s) {
    const body = document.createElement('tbody');
    const streams = [...s.streams].sort((a, b) => compare([a.switch_id, a.hw_id], [b.switch_id, b.hw_id]));
    for (const st of streams) {
      const total = st.received + st.lost;
      const loss = total ? (100 * st.lost / total) : 0;
      body.append(el('tr', { class: 'stream' },
        el('td', { class: 'addr' }, st.switch_id), el('td', { class: 'num' }, st.hw_id),
        el('td', { class: 'num' }, fmtCount(st.received)),
        el('td', { class: 'num' + (st.lost ? ' lost' : '') }, fmtCount(st.lost)),
        el('td', { class: 'num' + (st.lost ? ' lost' : '') }, loss.toFixed(loss && loss < 0.1 ? 3 : 1) + ' %')));
    }
    $('streams').tBodies[0].replaceWith(body);
    $('streams-none').hidden = streams.length > 0;
  }

  // ---------- drops ----------
  function renderDrops(s) {
    const byReason = new Map();
    for (const d of s.drops) byReason.set(d.reason_label, (byReason.get(d.reason_label) || 0) + d.count);
    const bars = $('drop-reasons');
    bars.replaceChildren();
    const max = Math.max(1, ...byReason.values());
    for (const [label, count] of [...byReason.entries()].sort((a, b) => b[1] - a[1])) {
      const fill = el('div', { class: 'fill' });
      fill.style.width = (100 * count / max).toFixed(1) + '%';
      bars.append(el('span', { class: 'label reason' }, label), el('div', { class: 'track' }, fill),
        el('span', { class: 'value' }, fmtCount(count)));
    }
    const body = document.createElement('tbody');
    for (const d of [...s.drops].sort((a, b) => b.count - a.count)) {
      const hit = d.flows.slice(0, 3).map((f) => f.protocol + ' ' + endpoint(f.src_ip, f.src_port, f.protocol) + ' → ' + endpoint(f.dst_ip, f.dst_port, f.protocol));
      if (d.flows.length > 3) hit.push('… ' + (d.flows.length - 3) + ' more');
      const flowsCell = el('td', { class: 'flows-hit' });
      hit.forEach((line, i) => { if (i) flowsCell.append(el('br')); flowsCell.append(line); });
      body.append(el('tr', { class: 'drop', 'data-switch': d.switch_id, 'data-reason': String(d.reason) },
        el('td', { class: 'addr' }, d.switch_id), el('td', { class: 'num' }, d.port ?? '–'),
        el('td', { class: 'reason', title: d.reason_title }, d.reason_label), el('td', { class: 'num lost count' }, fmtCount(d.count)), flowsCell));
    }
    $('drops').tBodies[0].replaceWith(body);
    $('drops-none').hidden = s.drops.length > 0;
    $('drops').hidden = s.drops.length === 0;
  }

  // ---------- topology ----------
  function renderTopology(s) {
    const ids = new Set();
    s.streams.forEach((st) => ids.add(st.switch_id));
    s.flows.forEach((f) => f.hops.forEach((h) => ids.add(h.switch_id)));
    s.drops.forEach((d) => ids.add(d.switch_id));
    s.links.forEach((l) => { ids.add(l.from); ids.add(l.to); });
    const box = $('topology');
    if (!ids.size) { box.replaceChildren(el('p', { class: 'none' }, 'No switches yet: each sender appears here with its first report.')); return; }
    // Order along the links (senders first), so a path reads left to right.
    const incoming = new Map([...ids].map((id) => [id, 0]));
    s.links.forEach((l) => incoming.set(l.to, (incoming.get(l.to) || 0) + 1));
    const order = [...ids].sort((a, b) => incoming.get(a) - incoming.get(b) || compare([a], [b]));
    const reports = new Map(); s.streams.forEach((st) => reports.set(st.switch_id, (reports.get(st.switch_id) || 0) + st.received));
    const drops = new Map(); s.drops.forEach((d) => drops.set(d.switch_id, (drops.get(d.switch_id) || 0) + d.count));
    const W = 640; const H = order.length > 6 ? 320 : 210; const R = 28;
    const pos = new Map();
    order.forEach((id, i) => {
      if (order.length <= 6) pos.set(id, { x: W / (order.length + 1) * (i + 1), y: 92 });
      else { const a = 2 * Math.PI * i / order.length - Math.PI / 2; pos.set(id, { x: W / 2 + 230 * Math.cos(a), y: H / 2 + 110 * Math.sin(a) }); }
    });
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'switches and inferred links' });
    const defs = svg('defs');
    const marker = svg('marker', { id: 'arrowhead', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' });
    marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#7a8ea5' }));
    defs.append(marker); root.append(defs);
    for (const l of s.links) {
      const a = pos.get(l.from); const b = pos.get(l.to);
      if (!a || !b || l.from === l.to) continue;
      const dx = b.x - a.x; const dy = b.y - a.y; const len = Math.hypot(dx, dy) || 1;
      // Bend to the left of the direction of travel, so A→B and B→A are two separate arcs.
      const nx = dy / len; const ny = -dx / len; const bend = 44;
      const x1 = a.x + dx / len * R; const y1 = a.y + dy / len * R; const x2 = b.x - dx / len * (R + 3); const y2 = b.y - dy / len * (R + 3);
      const cx = (x1 + x2) / 2 + nx * bend; const cy = (y1 + y2) / 2 + ny * bend;
      const lx = (x1 + x2) / 2 + nx * (bend / 2 + 12); const ly = (y1 + y2) / 2 + ny * (bend / 2 + 12) + 4;
      const g = svg('g', { class: 'link-group', 'data-from': l.from, 'data-to': l.to });
      g.append(svg('path', { class: 'link', d: `M${x1},${y1} Q${cx},${cy} ${x2},${y2}` }));
      g.append(svg('text', { class: 'link-label', x: lx, y: ly },
        'port ' + (l.from_port ?? '?') + ' → port ' + (l.to_port ?? '?')));
      root.append(g);
    }
    for (const id of order) {
      const p = pos.get(id);
      const g = svg('g', { class: 'node' + (drops.get(id) ? ' dropping' : ''), 'data-switch': id, transform: `translate(${p.x},${p.y})` });
      g.append(svg('circle', { r: R }));
      g.append(svg('text', { y: 5 }, 'INT'));
      g.append(svg('text', { y: R + 17 }, id));
      g.append(svg('text', { class: 'sub', y: R + 32 }, reports.has(id) ? fmtCount(reports.get(id)) + ' reports' : 'seen in paths'));
      if (drops.get(id)) {
        g.append(svg('circle', { class: 'badge', cx: R * 0.75, cy: -R * 0.75, r: 11 }));
        g.append(svg('text', { class: 'badge-text', x: R * 0.75, y: -R * 0.75 + 4 }, drops.get(id) > 999 ? '999+' : String(drops.get(id))));
      }
      root.append(g);
    }
    if (!s.links.length) {
      root.append(svg('text', { class: 'link-label', x: W / 2, y: H - 12 },
        'no links inferred yet: they appear when one packet is reported by two switches'));
    }
    box.replaceChildren(root);
  }

  // ---------- latency heatmap ----------
  function sampleLatency(s) {
    const second = Math.floor(s.now / 1000);
    if (!state.seconds.length || state.seconds[state.seconds.length - 1] !== second) {
      state.seconds.push(second);
      while (state.seconds.length > HEATMAP_COLUMNS) state.seconds.shift();
    }
    // A hop is a switch with its ingress→egress ports; only flows seen lately count.
    for (const f of s.flows) {
      if (f.last_seen !== null && s.now - f.last_seen > 3000) continue;
      for (const h of f.hops) {
        if (h.p99 === null || h.p99 === undefined) continue;
        const key = h.switch_id + ' ' + (h.ingress_port ?? '?') + '→' + (h.egress_port ?? '?');
        const row = state.heat.get(key) || { switch_id: h.switch_id, ports: (h.ingress_port ?? '?') + '→' + (h.egress_port ?? '?'), samples: new Map() };
        row.samples.set(second, Math.max(row.samples.get(second) || 0, h.p99));
        row.latest = h.p99;
        state.heat.set(key, row);
      }
    }
    const oldest = state.seconds[0];
    for (const [key, row] of state.heat) {
      for (const t of row.samples.keys()) if (t < oldest) row.samples.delete(t);
      if (!row.samples.size) state.heat.delete(key);
    }
  }
  // The collector's histograms count since its start: the difference between two pictures is
  // what arrived in between, added to the column of the second it arrived in.
  function sampleHistograms(s) {
    const second = Math.floor(s.now / 1000);
    for (const h of s.histograms) {
      const row = state.hist.get(h.switch_id);
      if (!row || row.bounds.length !== h.bounds.length) {
        state.hist.set(h.switch_id, { bounds: h.bounds, previous: h.counts, columns: new Map() });
        continue;
      }
      const delta = h.counts.map((c, i) => Math.max(0, c - (row.previous[i] || 0)));
      row.previous = h.counts;
      if (!delta.some((d) => d > 0)) continue;
      const column = row.columns.get(second) || new Array(delta.length).fill(0);
      delta.forEach((d, i) => { column[i] += d; });
      row.columns.set(second, column);
    }
    const oldest = state.seconds[0];
    for (const row of state.hist.values()) for (const t of row.columns.keys()) if (t < oldest) row.columns.delete(t);
  }
  function bucketLabel(bounds, i) {
    if (bounds[i] === null || bounds[i] === undefined) return '> ' + fmtNs(bounds[i - 1]);
    return '≤ ' + fmtNs(bounds[i]);
  }
  // Count in a cell relative to the busiest cell of its switch, onto a light-to-dark blue ramp.
  function countColour(fraction) {
    const x = Math.sqrt(Math.min(1, Math.max(0, fraction)));
    const from = [222, 235, 247]; const to = [8, 48, 107];
    const c = from.map((v, k) => Math.round(v + (to[k] - v) * x));
    return `rgb(${c[0]},${c[1]},${c[2]})`;
  }
  // One block per switch: rows are latency buckets (slowest on top), columns seconds.
  function histogramBlocks(root, W, LABEL, top, cw) {
    const lastSecond = state.seconds[state.seconds.length - 1];
    let y = top;
    const switches = [...state.hist.entries()].filter(([, row]) => row.columns.size).sort((a, b) => compare([a[0]], [b[0]]));
    for (const [id, row] of switches) {
      let lo = row.bounds.length; let hi = -1; let max = 0;
      for (const column of row.columns.values()) column.forEach((c, i) => { if (c > 0) { lo = Math.min(lo, i); hi = Math.max(hi, i); max = Math.max(max, c); } });
      lo = Math.max(0, Math.min(lo, hi - 3)); // at least four buckets tall
      const RH = 9;
      const g = svg('g', { class: 'hist-block', 'data-switch': id });
      g.append(svg('text', { class: 'row-label', x: 0, y: y + 11 }, id));
      g.append(svg('text', { class: 'row-sub', x: 0, y: y + 25 }, 'reports per bucket'));
      for (let i = hi; i >= lo; i--) {
        const ry = y + (hi - i) * RH;
        if ((hi - i) % 2 === 0) g.append(svg('text', { class: 'axis', x: LABEL - 6, y: ry + 8, 'text-anchor': 'end' }, bucketLabel(row.bounds, i)));
        for (let c = 0; c < HEATMAP_COLUMNS; c++) {
          const second = lastSecond - (HEATMAP_COLUMNS - 1 - c);
          const column = row.columns.get(second);
          const v = column ? column[i] : 0;
          const rect = svg('rect', { x: LABEL + c * cw, y: ry, width: Math.max(cw - 0.6, 0.5), height: RH - 1,
            class: v ? 'hist-cell' : 'empty-cell', fill: v ? countColour(v / max) : '#f1f4f7' });
          if (v) rect.append(svg('title', {}, id + ' ' + bucketLabel(row.bounds, i) + ': ' + v + ' reports'));
          g.append(rect);
        }
      }
      root.append(g);
      y += (hi - lo + 1) * RH + 12;
    }
    return y;
  }
  // log10(ns) from 3 (1 µs) to 7 (10 ms) onto a light-to-dark orange ramp.
  function heatColour(ns) {
    const x = Math.min(1, Math.max(0, (Math.log10(Math.max(ns, 1)) - 3) / 4));
    const stops = [[255, 245, 235], [253, 174, 107], [230, 85, 13], [127, 39, 4]];
    const pos = x * (stops.length - 1); const i = Math.min(stops.length - 2, Math.floor(pos)); const t = pos - i;
    const c = stops[i].map((v, k) => Math.round(v + (stops[i + 1][k] - v) * t));
    return `rgb(${c[0]},${c[1]},${c[2]})`;
  }
  function renderHeatmap() {
    const box = $('heatmap');
    const rows = [...state.heat.entries()].sort((a, b) => compare([a[0]], [b[0]]));
    const blocks = [...state.hist.values()].some((row) => row.columns.size);
    if (!rows.length && !blocks) { box.replaceChildren(el('p', { class: 'none' }, 'No hop latency yet: it is drawn from the flows\' reports as they arrive.')); return; }
    const W = 640; const LABEL = 170; const ROW = 22; const LEGEND = 40;
    const cw = (W - LABEL - 60) / HEATMAP_COLUMNS;
    const root = svg('svg', { viewBox: `0 0 ${W} 10`, role: 'img', 'aria-label': 'hop latency over time' });
    let y = 4;
    if (blocks) {
      root.append(svg('text', { class: 'section-title', x: 0, y: y + 10 }, 'Latency histogram per switch (all its hops), reports per second'));
      y = histogramBlocks(root, W, LABEL, y + 18, cw) + 4;
    }
    const lastSecond = state.seconds[state.seconds.length - 1];
    if (rows.length) {
      root.append(svg('text', { class: 'section-title', x: 0, y: y + 10 }, 'p99 per hop (switch, ingress→egress port)'));
      y += 16;
    }
    rows.forEach(([key, row], r) => {
      const ry = y + r * ROW;
      const g = svg('g', { class: 'heat-row', 'data-hop': key });
      g.append(svg('text', { class: 'row-label', x: 0, y: ry + 15 }, row.switch_id));
      g.append(svg('text', { class: 'row-sub', x: 112, y: ry + 15 }, row.ports));
      for (let c = 0; c < HEATMAP_COLUMNS; c++) {
        const second = lastSecond - (HEATMAP_COLUMNS - 1 - c);
        const v = row.samples.get(second);
        const rect = svg('rect', { x: LABEL + c * cw, y: ry + 2, width: Math.max(cw - 0.6, 0.5), height: ROW - 4,
          class: v ? 'cell' : 'empty-cell', fill: v ? heatColour(v) : '#f1f4f7' });
        if (v) rect.append(svg('title', {}, row.switch_id + ' ' + row.ports + ': p99 ' + fmtNs(v)));
        g.append(rect);
      }
      g.append(svg('text', { class: 'row-sub', x: W - 56, y: ry + 15 }, fmtNs(row.latest)));
      root.append(g);
    });
    const ly = y + rows.length * ROW + 8;
    root.append(svg('text', { class: 'axis', x: LABEL, y: ly + 26 }, '−' + HEATMAP_COLUMNS + ' s'));
    root.append(svg('text', { class: 'axis', x: W - 60 - 22, y: ly + 26 }, 'now'));
    if (rows.length) {
      const labels = [[3, '1 µs'], [4, '10 µs'], [5, '100 µs'], [6, '1 ms'], [7, '10 ms']];
      const lx = LABEL + 120; const lw = 200;
      for (let i = 0; i < 40; i++) {
        const ns = Math.pow(10, 3 + 4 * i / 39);
        root.append(svg('rect', { x: lx + i * lw / 40, y: ly + 2, width: lw / 40 + 0.5, height: 9, fill: heatColour(ns) }));
      }
      labels.forEach(([e, text]) => root.append(svg('text', { class: 'axis', x: lx + (e - 3) / 4 * lw - 10, y: ly + 26 }, text)));
    }
    root.setAttribute('viewBox', `0 0 ${W} ${ly + LEGEND - 6}`);
    box.replaceChildren(root);
  }

  // ---------- wiring ----------
  function render() {
    const s = state.snapshot;
    if (!s) return;
    renderStats(s); renderFlows(s); renderStreams(s); renderDrops(s); renderTopology(s); renderHeatmap();
  }
  function onSnapshot(event) {
    let raw;
    try { raw = JSON.parse(event.data); } catch (e) { console.error('bad snapshot', e); return; }
    const s = normalise(raw);
    updateRates(s);
    sampleLatency(s);
    sampleHistograms(s);
    state.snapshot = s;
    state.updates++;
    state.lastEventAt = Date.now();
    document.body.dataset.updates = String(state.updates);
    setStatus('live', 'live');
    render();
  }
  function connect() {
    const source = new EventSource('api/v1/events');
    source.addEventListener('snapshot', onSnapshot);
    source.onopen = () => setStatus('live', 'live');
    source.onerror = () => setStatus('down', source.readyState === EventSource.CLOSED ? 'disconnected' : 'reconnecting…');
    setInterval(() => {
      if (state.lastEventAt && Date.now() - state.lastEventAt > STALL_MS && $('status').dataset.state === 'live') {
        setStatus('down', 'no update for ' + Math.round((Date.now() - state.lastEventAt) / 1000) + ' s');
      }
    }, 1000);
  }
  function initSorting() {
    for (const th of document.querySelectorAll('#flows th[data-sort]')) {
      th.addEventListener('click', () => {
        const key = th.dataset.sort;
        state.sort = state.sort.key === key ? { key, dir: -state.sort.dir } : { key, dir: key === 'last_seen' || key === 'rate' || key === 'p99' || key === 'p50' ? -1 : 1 };
        markSorted();
        render();
      });
    }
    markSorted();
  }
  function markSorted() {
    for (const th of document.querySelectorAll('#flows th[data-sort]')) {
      if (th.dataset.sort === state.sort.key) th.setAttribute('aria-sort', state.sort.dir > 0 ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    }
  }
  document.addEventListener('DOMContentLoaded', () => {
    initSorting();
    $('flow-filter').addEventListener('input', render);
    $('protocol-filter').addEventListener('change', render);
    connect();
  });
})();
