// Onceflow dashboard: renders the server's one-a-second snapshots (SSE), fetches journeys' timelines
// and the dead letters on demand. Every list is bounded; the server aggregates, the page only draws.
(() => {
  "use strict";

  const HISTORY_POINTS = 600;
  const ACTION_HEADER = "X-Onceflow-Action";
  const $ = (sel) => document.querySelector(sel);
  const state = {
    credentials: null, // "Basic …", in memory only
    user: null,
    actionsEnabled: false,
    selected: null,
    paused: false,
    deadLettersSeen: -1,
    deadLettersShown: null, // the last list drawn, to redraw only on change
    replayResults: {}, // dead-letter id -> the outcome of a replay from this page
    history: { t: [], written: [], published: [], processed: [], deadLettered: [], p50: [], p99: [] },
    lastSnapshot: null,
  };

  // --- formatting ---------------------------------------------------------------------------------
  const nf1 = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
  const nf0 = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
  const rate = (v) => (v == null ? "–" : v >= 100 ? nf0.format(v) : nf1.format(v));
  const count = (v) => (v == null ? "–" : nf0.format(v));
  const ms = (v) => {
    if (v == null) return "–";
    if (v === 0) return "0";
    if (v < 1) return nf1.format(v) + " ms";
    if (v < 1000) return nf0.format(v) + " ms";
    if (v < 60000) return nf1.format(v / 1000) + " s";
    return nf1.format(v / 60000) + " min";
  };
  const bytes = (v) => {
    if (v == null) return "–";
    const units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let i = 0;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (i === 0 ? nf0.format(v) : nf1.format(v)) + " " + units[i];
  };
  const time = (iso) => (iso ? new Date(iso).toLocaleTimeString(undefined, { hour12: false }) + "." + String(new Date(iso).getMilliseconds()).padStart(3, "0") : "–");
  const ago = (iso) => {
    if (!iso) return "";
    const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
    return s < 60 ? s + " s ago" : Math.round(s / 60) + " min ago";
  };
  const short = (id) => (id && id.length > 13 ? id.slice(0, 8) + "…" + id.slice(-4) : id || "–");
  const SVG_NS = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v != null) node.setAttribute(k, v);
    for (const c of children.flat()) if (c != null) node.append(c.nodeType ? c : document.createTextNode(String(c)));
    return node;
  }
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) if (c != null) node.append(c.nodeType ? c : document.createTextNode(String(c)));
    return node;
  }

  // --- toast ------------------------------------------------------------------------------------------
  let toastTimer;
  function toast(message, bad) {
    const t = $("#toast");
    t.textContent = message;
    t.className = "toast" + (bad ? " bad" : "");
    t.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => (t.hidden = true), 6000);
  }

  // --- live feed --------------------------------------------------------------------------------------
  function connect() {
    const source = new EventSource("/api/stream");
    source.onopen = () => { setConnection("live", "live"); loadHistory(); };
    source.onerror = () => setConnection("reconnecting", "reconnecting…");
    source.onmessage = (e) => {
      try { render(JSON.parse(e.data)); } catch (err) { console.error(err); }
    };
  }
  function setConnection(s, text) {
    const c = $("#connection");
    c.dataset.state = s;
    c.textContent = text;
  }

  async function loadHistory() {
    try {
      const points = await (await fetch("/api/history")).json();
      const h = { t: [], written: [], published: [], processed: [], deadLettered: [], p50: [], p99: [] };
      for (const p of points.slice(-HISTORY_POINTS)) pushPoint(h, p);
      state.history = h;
      drawCharts();
    } catch (e) { /* the next snapshot brings points anyway */ }
  }
  function pushPoint(h, p) {
    if (!p || (h.t.length && p.t <= h.t[h.t.length - 1])) return;
    h.t.push(p.t);
    for (const k of ["written", "published", "processed", "deadLettered", "p50", "p99"]) h[k].push(p[k] ?? null);
    if (h.t.length > HISTORY_POINTS) for (const k of Object.keys(h)) h[k].shift();
  }

  function render(s) {
    state.lastSnapshot = s;
    renderAlerts(s.alerts || []);
    renderGraph(s.graph);
    renderPipeline(s);
    renderTopics(s.topics || []);
    renderHealth(s.components || [], s.relayInstances || []);
    renderAudit(s.audit);
    const lat = s.latency || {};
    $("#lat-p50").textContent = ms(lat.p50);
    $("#lat-p99").textContent = ms(lat.p99);
    $("#window").textContent = lat.windowSeconds || 10;
    pushPoint(state.history, s.point);
    drawCharts();
    if (!state.paused) renderJourneys(s.journeys || []);
    if (s.deadLetters && s.deadLetters.seen !== state.deadLettersSeen) {
      state.deadLettersSeen = s.deadLetters.seen;
      loadDeadLetters();
    }
  }

  function renderAlerts(alerts) {
    const box = $("#alerts");
    box.replaceChildren(...alerts.map((a) =>
      el("div", { class: "alert " + a.severity, "data-stage": a.stage },
        el("span", { class: "sev", text: a.severity }),
        el("span", { text: a.message }),
        el("span", { class: "since", text: a.since ? "since " + time(a.since) : "" }))));
    const overall = $("#overall");
    const critical = alerts.some((a) => a.severity === "critical");
    overall.dataset.state = critical ? "critical" : alerts.length ? "warning" : "UP";
    overall.textContent = critical ? alerts.filter((a) => a.severity === "critical").length + " critical"
      : alerts.length ? alerts.length + " warning" : "all healthy";
  }

  function renderPipeline(s) {
    const stages = s.stages || [];
    const links = Object.fromEntries((s.links || []).map((l) => [l.from + ">" + l.to, l]));
    const nodes = [];
    stages.forEach((st, i) => {
      if (i > 0) {
        const link = links[stages[i - 1].id + ">" + st.id];
        let lagText = null, bad = false;
        if (link) {
          lagText = link.value == null ? "–" : link.unit === "bytes" ? bytes(link.value) : count(link.value) + " " + link.unit;
          bad = link.unit === "records" ? link.value > 1000 : link.value > 64 * 1024 * 1024;
        }
        nodes.push(el("div", { class: "arrow", "data-link": link ? link.label : null },
          link ? el("span", { text: link.label }) : null,
          el("div", { class: "line" }),
          link ? el("span", { class: "lag" + (bad ? " bad" : ""), text: lagText }) : null));
      }
      const extra = st.extra || {};
      const tags = [];
      if (st.id === "effect") {
        if (extra.duplicatesTotal != null) tags.push(el("span", { class: "tag warn", title: "duplicates skipped by the inbox", text: count(extra.duplicatesTotal) + " dup" }));
        if (extra.deadLetteredTotal != null) tags.push(el("span", { class: "tag bad", title: "dead-lettered", text: count(extra.deadLetteredTotal) + " DLQ" }));
      }
      if (st.stalled) tags.push(el("span", { class: "tag bad", text: "stalled" }));
      nodes.push(el("div", { class: "stage" + (st.stalled ? " stalled" : ""), "data-stage": st.id },
        el("div", { class: "title" }, el("span", { class: "dot", "data-health": st.health || "none", title: st.health || "" }), st.label),
        el("div", { class: "rate" }, rate(st.rate), el("small", { text: "/s" })),
        el("div", { class: "what", text: st.what }),
        el("div", { class: "total", text: st.total == null ? "total –" : "total " + count(st.total) }),
        tags.length ? el("div", { class: "extra" }, tags) : null));
    });
    $("#pipeline").replaceChildren(...nodes);
  }

  // --- pipeline graph -----------------------------------------------------------------------------
  // Laid out in columns by distance from the nodes nothing flows into; an edge back to an earlier
  // column (the saga's answer returning to the order topic) is drawn as an arc below.
  const NODE_W = 168, NODE_H = 58, GAP_X = 56, GAP_Y = 18;
  function renderGraph(g) {
    const box = $("#graph");
    if (!g || !(g.nodes || []).length) {
      box.replaceChildren(el("div", { class: "hint", text: "nothing seen yet: no service scraped, no event read" }));
      state.graphShown = null;
      return;
    }
    const signature = JSON.stringify(g);
    if (signature === state.graphShown) return;
    state.graphShown = signature;
    const ids = g.nodes.map((n) => n.id);
    const out = Object.fromEntries(ids.map((id) => [id, []]));
    const into = Object.fromEntries(ids.map((id) => [id, 0]));
    for (const e of g.edges) if (out[e.from] && into[e.to] != null) { out[e.from].push(e.to); into[e.to]++; }
    const column = {};
    const walk = (starts) => {
      const queue = [];
      for (const id of starts) if (column[id] == null) { column[id] = 0; queue.push(id); }
      while (queue.length) {
        const id = queue.shift();
        for (const to of out[id]) if (column[to] == null) { column[to] = column[id] + 1; queue.push(to); }
      }
    };
    walk(ids.filter((id) => into[id] === 0));
    for (const id of ids) if (column[id] == null) walk([id]);
    const rows = {}, pos = {};
    for (const n of g.nodes) {
      const c = column[n.id], r = (rows[c] = (rows[c] || 0) + 1) - 1;
      pos[n.id] = { x: 8 + c * (NODE_W + GAP_X), y: 8 + r * (NODE_H + GAP_Y) };
    }
    const columns = Math.max(...Object.values(column)) + 1;
    const maxRows = Math.max(...Object.values(rows));
    const back = g.edges.filter((e) => pos[e.from] && pos[e.to] && column[e.to] <= column[e.from]);
    const bottom = 8 + maxRows * (NODE_H + GAP_Y);
    const width = 16 + columns * (NODE_W + GAP_X) - GAP_X;
    const height = bottom + (back.length ? 18 + back.length * 14 : 0);
    const edges = g.edges.filter((e) => pos[e.from] && pos[e.to]).map((e) => {
      const a = pos[e.from], b = pos[e.to];
      let d;
      if (column[e.to] > column[e.from]) {
        const x1 = a.x + NODE_W, y1 = a.y + NODE_H / 2, x2 = b.x - 4, y2 = b.y + NODE_H / 2, mid = (x1 + x2) / 2;
        d = `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`;
      } else {
        const under = bottom + 10 + back.indexOf(e) * 14;
        const x1 = a.x + NODE_W / 2, y1 = a.y + NODE_H, x2 = b.x + NODE_W / 2 + 10, y2 = b.y + NODE_H + 4;
        d = `M${x1},${y1} C${x1},${under} ${x2},${under} ${x2},${y2}`;
      }
      return svg("path", { d, class: "edge", "data-kind": e.kind, "data-from": e.from, "data-to": e.to, "marker-end": "url(#arrow)" },
        svg("title", {}, e.kind + " (" + e.evidence + ")"));
    });
    const nodes = g.nodes.map((n) => {
      const p = pos[n.id];
      const sub = n.kind + (n.host ? " · " + n.host : "");
      const figure = n.total == null ? "" : count(n.total) + " " + (n.what || "");
      return svg("g", { class: "node", "data-node-id": n.id, "data-kind": n.kind, "data-health": n.health || "none", transform: `translate(${p.x},${p.y})` },
        svg("title", {}, n.id + (n.health ? " · " + n.health : "")),
        svg("rect", { width: NODE_W, height: NODE_H, rx: 9 }),
        svg("circle", { class: "dot", cx: 12, cy: 14, r: 4 }),
        svg("text", { class: "label", x: 22, y: 18 }, n.label.length > 22 ? n.label.slice(0, 21) + "…" : n.label),
        svg("text", { class: "sub", x: 10, y: 35 }, sub.length > 28 ? sub.slice(0, 27) + "…" : sub),
        svg("text", { class: "figure", x: 10, y: 50 }, figure));
    });
    // Scaled down to the card's width when the pipeline is long, never up.
    box.replaceChildren(svg("svg", { width: "100%", viewBox: `0 0 ${width} ${height}`, style: `max-width:${width}px`, role: "img" },
      svg("defs", {}, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
        svg("path", { d: "M0,0 L10,5 L0,10 z", class: "arrowhead" }))),
      edges, nodes));
  }

  function renderTopics(topics) {
    $("#topics").replaceChildren(...topics.map((t) =>
      el("div", { class: "topic", "data-topic": t.name },
        el("div", {}, el("span", { class: "name", text: t.name }), " ", el("span", { class: "hint", text: rate(t.rate) + "/s" })),
        el("div", { class: "partitions" }, t.partitions.map((p) =>
          el("span", { class: "partition" + (p.lag > 0 ? " lagging" : ""),
            title: "end offset " + p.end + ", inbox committed " + (p.committed < 0 ? "nothing" : p.committed),
            text: "p" + p.partition + " · " + count(p.end) + (p.lag > 0 ? " · lag " + count(p.lag) : "") }))))));
  }

  function renderHealth(components, instances) {
    $("#health").replaceChildren(...components.map((c) =>
      el("div", { class: "component", "data-component": c.name },
        el("div", { class: "head" }, el("strong", { text: c.name }), el("span", { class: "pill", "data-state": c.status, text: c.status })),
        el("div", { class: "url", text: c.url }),
        c.error ? el("div", { class: "err", text: c.error }) : null,
        c.checks && c.checks.length ? el("ul", {}, c.checks.map((k) =>
          el("li", {}, el("span", { text: k.name }), el("span", { class: k.status === "UP" ? "ok" : "bad", text: k.status })))) : null)));
    $("#relay-instances").textContent = instances.length
      ? "relay instances: " + instances.map((i) => i.address + " " + i.state).join(" · ") : "";
  }

  // --- charts -------------------------------------------------------------------------------------------
  let throughputChart, latencyChart;
  const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  function chartOpts(el, series, yLabel, fmt) {
    const axisStroke = css("--muted"), grid = css("--line");
    return {
      width: Math.max(300, el.clientWidth), height: 240,
      series: [{}].concat(series.map(([label, color]) => ({
        label, stroke: color, width: 2, spanGaps: false, points: { show: false },
        value: (u, v) => (v == null ? "–" : fmt(v)),
      }))),
      axes: [
        { stroke: axisStroke, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } },
        { stroke: axisStroke, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, label: yLabel, size: 60,
          values: (u, vals) => vals.map((v) => fmt(v)) },
      ],
      scales: { y: { range: (u, min, max) => [0, max > 0 ? max * 1.15 : 1] } },
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
    };
  }
  function drawCharts() {
    if (typeof uPlot === "undefined") return;
    const h = state.history;
    const tp = $("#chart-throughput"), lp = $("#chart-latency");
    const tData = [h.t, h.written, h.published, h.processed, h.deadLettered];
    const lData = [h.t, h.p50, h.p99];
    if (!throughputChart) {
      throughputChart = new uPlot(chartOpts(tp, [["written", css("--c1")], ["published", css("--c2")], ["processed", css("--c3")], ["dead-lettered", css("--c4")]], "events/s", rate), tData, tp);
      latencyChart = new uPlot(chartOpts(lp, [["p50", css("--c2")], ["p99", css("--c1")]], "latency", ms), lData, lp);
    } else {
      throughputChart.setData(tData);
      latencyChart.setData(lData);
    }
  }
  window.addEventListener("resize", () => {
    if (!throughputChart) return;
    throughputChart.setSize({ width: $("#chart-throughput").clientWidth, height: 240 });
    latencyChart.setSize({ width: $("#chart-latency").clientWidth, height: 240 });
  });

  // --- journeys -----------------------------------------------------------------------------------------
  function statusBadge(status) {
    return el("span", { class: "status", "data-status": status, text: status });
  }
  function renderJourneys(journeys) {
    const rows = journeys.map((j) =>
      el("tr", { "data-event-id": j.eventId, "data-order-id": j.orderId, "data-status": j.status,
          class: state.selected === j.eventId ? "selected" : null, onclick: () => select(j.eventId) },
        el("td", { class: "mono", title: j.eventId, text: short(j.eventId) }),
        el("td", { class: "mono", title: j.orderId || "", text: short(j.orderId) }),
        el("td", { text: j.eventType || "?" }),
        el("td", {}, statusBadge(j.status), j.duplicates ? el("span", { class: "tag warn", text: " +" + j.duplicates + " dup" }) : null),
        el("td", {}, proofBadge(proofOf(j.eventId))),
        el("td", { class: "num", text: ms(j.endToEndMillis) })));
    const body = $("#journeys tbody");
    body.replaceChildren(...(rows.length ? rows : [el("tr", { class: "empty" }, el("td", { colspan: 6, text: "no events yet: place an order" }))]));
  }

  // --- exactly-once audit ---------------------------------------------------------------------------
  // "once": one offset, in sequence, applied once by every consumer; "pending": not yet; else the
  // anomaly kinds; "–": published before the audit started, or no longer remembered.
  const proofOf = (eventId) => (state.lastSnapshot && state.lastSnapshot.audit
    && state.lastSnapshot.audit.journeys && state.lastSnapshot.audit.journeys[eventId]) || null;
  function proofBadge(proof) {
    const kind = proof == null ? "unknown" : proof === "once" || proof === "pending" ? proof : "anomaly";
    return el("span", { class: "proof", "data-proof": kind, title: "exactly-once audit", text: proof == null ? "–" : proof });
  }
  function renderAudit(a) {
    if (!a) { // switched off (onceflow.dashboard.audit.enabled=false): the snapshot carries none
      $("#audit-hint").textContent = "switched off on this dashboard (onceflow.dashboard.audit.enabled=false)";
      return;
    }
    const proved = a.proved || {};
    const applied = proved.applied || {};
    const tally = (consumer, kind) => (a.tallies || []).filter((t) => t.consumer === consumer && (!kind || t.kind === kind))
      .reduce((n, t) => n + t.count, 0);
    const box = (label, value, consumer, detail) => {
      const bad = tally(consumer);
      return el("div", { class: "proved", "data-stage": consumer },
        el("div", { class: "what", text: label }),
        el("div", { class: "count", text: count(value) }),
        el("div", { class: "anoms" }, el("span", { class: "tag " + (bad ? "bad" : "ok"), text: bad ? bad + " anomal" + (bad === 1 ? "y" : "ies") : "no anomaly" })),
        detail ? el("div", { class: "hint", text: detail }) : null);
    };
    $("#audit-proved").replaceChildren(
      box("written → published", proved["written→published"], "source", "lost after the bound: " + tally("source", "lost")),
      box("published once", proved.published, "kafka", "duplicates " + tally("kafka", "duplicate") + " · gaps " + tally("kafka", "gap")),
      ...Object.keys(applied).map((c) => box("applied once by " + c, applied[c], c,
        "twice " + tally(c, "duplicate") + " · stuck " + tally(c, "stuck"))));
    $("#audit-hint").textContent = "proved once since " + time(a.since) + " · " + count(a.anomalies) + " anomalies · "
      + count(a.unaudited) + " not judged (bounds) · " + count((a.tracked || {}).events) + " events in memory";
    const rows = (a.latest || []).map((x) => el("tr", { "data-kind": x.kind, "data-consumer": x.consumer },
      el("td", { text: time(x.at) }),
      el("td", {}, el("span", { class: "proof", "data-proof": "anomaly", text: x.kind })),
      el("td", { text: x.consumer }),
      el("td", { class: "mono wrap", text: (x.eventIds || []).length ? x.eventIds.join(", ") : (x.aggregate + " #" + x.sequence) }),
      el("td", { class: "wrap", text: x.detail })));
    $("#audit-anomalies tbody").replaceChildren(...(rows.length ? rows
      : [el("tr", { class: "empty" }, el("td", { colspan: 5, text: "no anomaly: everything judged so far happened exactly once" }))]));
  }

  async function select(id) {
    state.selected = id;
    document.querySelectorAll("#journeys tr.selected").forEach((r) => r.classList.remove("selected"));
    const row = document.querySelector('#journeys tr[data-event-id="' + CSS.escape(id) + '"]');
    if (row) row.classList.add("selected");
    await refreshTimeline();
  }

  async function refreshTimeline() {
    const id = state.selected;
    if (!id) return;
    const box = $("#timeline");
    const response = await fetch("/api/journeys/" + encodeURIComponent(id));
    if (id !== state.selected) return;
    if (!response.ok) {
      await refreshSaga(null);
      box.className = "timeline empty";
      box.textContent = "No journey for " + id + " among the recent events the dashboard keeps.";
      $("#timeline-title").textContent = "not found";
      return;
    }
    const text = await response.text();
    const found = JSON.parse(text);
    await refreshSaga(found.length ? found[0].orderId || id : id);
    if (id !== state.selected) return;
    if (text === state.timelineShown && box.className === "timeline") return; // unchanged
    state.timelineShown = text;
    const journeys = found;
    box.className = "timeline";
    box.replaceChildren(...journeys.map(timeline));
    for (const j of journeys) {
      const proof = await fetch("/api/audit/events/" + encodeURIComponent(j.eventId)).then((r) => (r.ok ? r.json() : null), () => null);
      const dd = box.querySelector('.journey[data-event-id="' + CSS.escape(j.eventId) + '"] dd[data-field=proof]');
      if (dd) dd.replaceChildren(proofBadge(proof && proof.proof));
    }
    $("#timeline-title").textContent = journeys.length > 1 ? journeys.length + " events of this order" : "one event";
  }

  // The order across the saga: its events on every topic, each hop with its latency.
  async function refreshSaga(orderId) {
    const box = $("#saga");
    const saga = orderId ? await fetch("/api/sagas/" + encodeURIComponent(orderId)).then((r) => (r.ok ? r.text() : null), () => null) : null;
    if (saga === state.sagaShown) return;
    state.sagaShown = saga;
    if (!saga) { box.hidden = true; box.replaceChildren(); return; }
    const s = JSON.parse(saga);
    box.hidden = false;
    box.dataset.outcome = s.outcome;
    box.replaceChildren(
      el("div", { class: "saga-head" },
        el("strong", { text: "Saga" }),
        el("span", { class: "status", "data-status": s.outcome.toLowerCase(), "data-field": "outcome", text: s.outcome }),
        el("span", { class: "hint", text: "order " + short(s.orderId) + " · placed to last step " + ms(s.totalMillis) })),
      el("ol", { class: "saga-steps" }, s.steps.map((st) =>
        el("li", { class: "saga-step", "data-step": st.name, "data-event-id": st.eventId, title: st.detail || "" },
          el("div", { class: "name", text: st.name }),
          el("div", { class: "hint", text: (st.eventType || "") + (st.by ? " · by " + st.by : "") }),
          el("div", { class: "at" },
            st.sincePreviousMillis != null ? el("span", { class: "delta", "data-field": "latency", text: "+" + ms(st.sincePreviousMillis) }) : null,
            " " + time(st.at))))));
  }

  function timeline(j) {
    const summary = el("dl", { class: "tl-summary" },
      el("dt", { text: "event" }), el("dd", { class: "mono", "data-field": "event-id", text: j.eventId }),
      el("dt", { text: "order" }), el("dd", { class: "mono", "data-field": "order-id", text: j.orderId || "–" }),
      el("dt", { text: "type" }), el("dd", { text: j.eventType || "?" }),
      el("dt", { text: "status" }), el("dd", {}, statusBadge(j.status)),
      el("dt", { text: "end to end" }), el("dd", { text: ms(j.endToEndMillis) }),
      el("dt", { text: "exactly once" }), el("dd", { "data-field": "proof" }, proofBadge(proofOf(j.eventId))));
    const hops = (j.hops || []).map((h) => {
      const kind = h.name.startsWith("processed") ? "processed" : h.name.startsWith("dead") ? "dead-lettered"
        : h.name.startsWith("duplicate") ? "duplicate" : h.name.startsWith("parked") ? "parked" : "step";
      return el("div", { class: "hop", "data-hop": h.name, "data-kind": kind },
        el("span", { class: "node" }),
        el("div", {}, el("div", { class: "name", text: h.name }), h.detail ? el("div", { class: "detail", text: h.detail }) : null),
        el("div", { class: "at" }, h.sincePreviousMillis != null ? el("span", { class: "delta", text: "+" + ms(h.sincePreviousMillis) }) : null, time(h.at)));
    });
    return el("div", { class: "journey", "data-event-id": j.eventId, "data-status": j.status }, summary, hops);
  }

  $("#search").addEventListener("submit", async (e) => {
    e.preventDefault();
    const q = $("#journey-search").value.trim();
    if (!q) return;
    state.selected = q;
    await refreshTimeline();
  });
  $("#pause").addEventListener("change", (e) => (state.paused = e.target.checked));
  setInterval(() => { if (state.selected) refreshTimeline().catch(() => {}); }, 2000);

  // --- dead letters -------------------------------------------------------------------------------------
  async function loadDeadLetters() {
    const body = $("#dead-letters tbody");
    if (!state.credentials) {
      // Dead letters show payloads and full reasons: the admin's only.
      state.deadLettersShown = null;
      const text = state.actionsEnabled ? "log in to see the dead letters" : "dead letters are shown to the dashboard's admin only";
      body.replaceChildren(el("tr", { class: "empty" }, el("td", { colspan: 7, text })));
      return;
    }
    let page;
    try {
      const response = await fetch("/api/dead-letters?size=50", { headers: { Authorization: state.credentials } });
      if (response.status === 401) {
        state.credentials = null;
        state.user = null;
        updateWho();
        return loadDeadLetters();
      }
      page = await response.json();
      if (!response.ok) throw new Error(page.detail || response.status);
    } catch (e) {
      body.replaceChildren(el("tr", { class: "empty" }, el("td", { colspan: 7, text: "inbox-consumer's dead letters are unavailable: " + e.message })));
      return;
    }
    const items = page.items || [];
    const signature = JSON.stringify(items) + state.actionsEnabled;
    if (signature === state.deadLettersShown) return;
    state.deadLettersShown = signature;
    $("#dead-letters-hint").textContent = count(page.total) + " dead letter(s) · a replay goes through the inbox, so it can never apply twice";
    body.replaceChildren(...(items.length ? items.map(deadLetterRow)
      : [el("tr", { class: "empty" }, el("td", { colspan: 7, text: "no dead letters" }))]));
  }
  function deadLetterRow(d) {
    const replayed = state.replayResults[d.id] || d.replayOutcome;
    const outcome = replayed ? statusBadge(replayed) : el("span", { class: "hint", text: "–" });
    const button = el("button", { class: "btn small replay", type: "button", "data-dead-letter-id": d.id,
      disabled: !state.actionsEnabled, title: state.actionsEnabled ? "replay through the inbox" : "actions are disabled" , text: "Replay" });
    button.addEventListener("click", () => replay(d, button));
    return el("tr", { "data-dead-letter-id": d.id, "data-event-id": d.eventId || "" },
      el("td", { text: time(d.deadLetteredAt), title: ago(d.deadLetteredAt) }),
      el("td", { class: "mono", title: d.eventId || "", text: short(d.eventId) }),
      el("td", { text: d.eventType || "?" }),
      el("td", { class: "wrap" }, el("span", { class: "tag bad", text: d.reason }), d.detail ? el("div", { class: "hint", text: d.detail }) : null),
      el("td", { class: "mono", text: d.sourceTopic + "-" + d.sourcePartition + "@" + d.sourceOffset }),
      el("td", { class: "replay-outcome" }, outcome),
      el("td", {}, button));
  }
  async function replay(d, button) {
    if (!state.credentials) {
      openLogin(() => replay(d, button));
      return;
    }
    button.disabled = true;
    try {
      const response = await fetch("/api/dead-letters/" + d.id + "/replay", {
        method: "POST", headers: { Authorization: state.credentials, [ACTION_HEADER]: "replay" } });
      const body = await response.json().catch(() => ({}));
      const row = document.querySelector('#dead-letters tr[data-dead-letter-id="' + d.id + '"]');
      const cell = row ? row.querySelector(".replay-outcome") : document.createElement("td");
      if (response.ok) {
        state.replayResults[d.id] = body.outcome;
        cell.replaceChildren(statusBadge(body.outcome));
        toast("Replayed dead letter " + d.id + ": " + body.outcome);
      } else if (response.status === 401) {
        state.credentials = null;
        updateWho();
        openLogin(() => replay(d, button));
      } else {
        state.replayResults[d.id] = "rejected";
        cell.replaceChildren(statusBadge("rejected"));
        toast("Replay refused by inbox-consumer: " + (body.detail || body.title || response.status), true);
      }
    } catch (e) {
      toast("Replay failed: " + e.message, true);
    } finally {
      button.disabled = !state.actionsEnabled;
    }
  }

  // --- login --------------------------------------------------------------------------------------------
  let afterLogin = null;
  function openLogin(then) {
    if (!state.actionsEnabled) {
      toast(state.sessionMessage || "Actions are disabled", true);
      return;
    }
    afterLogin = then || null;
    $("#login-error").hidden = true;
    $("#login-dialog").showModal();
    $("#login-user").focus();
  }
  $("#login-open").addEventListener("click", () => {
    if (state.credentials) {
      state.credentials = null;
      state.user = null;
      updateWho();
      loadDeadLetters();
      toast("Logged out");
    } else openLogin();
  });
  $("#login-cancel").addEventListener("click", () => $("#login-dialog").close());
  $("#login-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const username = $("#login-user").value, password = $("#login-password").value;
    const response = await fetch("/api/session", { method: "POST",
      headers: { "Content-Type": "application/json", [ACTION_HEADER]: "login" },
      body: JSON.stringify({ username, password }) });
    if (response.status === 204) {
      const bytes = new TextEncoder().encode(username + ":" + password);
      state.credentials = "Basic " + btoa(String.fromCharCode(...bytes));
      state.user = username;
      $("#login-password").value = "";
      $("#login-dialog").close();
      updateWho();
      loadDeadLetters();
      const then = afterLogin;
      afterLogin = null;
      if (then) then();
    } else {
      const body = await response.json().catch(() => ({}));
      const err = $("#login-error");
      err.textContent = (body.title || "Login failed") + (response.status === 429 ? ": " + body.detail : "");
      err.hidden = false;
    }
  });
  function updateWho() {
    $("#who").textContent = state.user ? "admin: " + state.user : state.actionsEnabled ? "" : "view only";
    $("#login-open").textContent = state.user ? "Log out" : "Log in";
    $("#login-open").hidden = !state.actionsEnabled;
  }
  async function loadSession() {
    try {
      const s = await (await fetch("/api/session")).json();
      state.actionsEnabled = s.actionsEnabled;
      state.sessionMessage = s.message;
      if (!s.actionsEnabled) $("#login-open").title = s.message;
    } catch (e) { /* view only */ }
    updateWho();
  }

  loadSession().then(() => { connect(); loadDeadLetters(); });
  setInterval(loadDeadLetters, 15000);
})();
