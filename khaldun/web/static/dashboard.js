/* khaldun dashboard: fills the server-rendered page from the REST API (/api). No libraries, no build step.
 * Every view (events, timeline, network, map) reads the same filter form, so they always show the same events. */
"use strict";
(function () {
  const SVGNS = "http://www.w3.org/2000/svg";
  const QUADS = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
  const state = { offset: 0, limit: 50, tab: "events", stale: {}, currentEvent: null };
  const $ = (sel, root = document) => root.querySelector(sel);

  function build(node, attrs, children) {
    for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v);
    for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
    return node;
  }
  const el = (tag, attrs, ...children) => build(document.createElement(tag), attrs, children);
  const svg = (tag, attrs, ...children) => build(document.createElementNS(SVGNS, tag), attrs, children);

  // -- API -------------------------------------------------------------------------------------------
  function filterParams() {
    const params = new URLSearchParams();
    for (const [k, v] of new FormData($("#filters"))) if (String(v).trim()) params.append(k, String(v).trim());
    return params;
  }

  async function api(path, params) {
    const query = params ? params.toString() : "";
    const response = await fetch(query ? `${path}?${query}` : path, { headers: { Accept: "application/json" } });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || `${response.status} ${response.statusText}`);
    return body;
  }

  function showError(err) {
    const p = $("#error");
    p.textContent = err ? String(err.message || err) : "";
    p.hidden = !err;
  }

  async function guarded(section, work) {
    const box = $(`#tab-${section}`);
    box.dataset.state = "loading";
    try {
      await work();
      box.dataset.state = "ready";
      showError(null);
    } catch (err) {
      box.dataset.state = "error";
      showError(err);
    }
  }

  const actorLabel = (a) => {
    if (!a) return "—";
    const where = [a.country, a.sector && a.sector !== "UNK" ? a.sector : null].filter(Boolean).join(" ");
    return (a.name || a.text) + (where ? ` (${where})` : "");
  };
  const conflictColor = (coop, conflict) => {
    const share = coop + conflict ? conflict / (coop + conflict) : 0.5;
    return `hsl(${Math.round(120 * (1 - share))}, 60%, 42%)`;
  };

  // -- events table and the event with its sentence ---------------------------------------------------
  async function loadEvents() {
    const params = filterParams();
    params.set("limit", state.limit);
    params.set("offset", state.offset);
    const page = await api("/api/events", params);
    const rows = page.data.map((ev) => {
      const tr = el("tr", { "data-id": ev.id, tabindex: "0", class: ev.id === state.currentEvent ? "selected" : null },
        el("td", {}, ev.date || ""),
        el("td", {}, el("span", { class: `badge q${ev.quad_class}`, title: QUADS[ev.quad_class] }, ev.event_type)),
        el("td", {}, actorLabel(ev.source)),
        el("td", {}, actorLabel(ev.target)),
        el("td", {}, ev.trigger.text),
        el("td", {}, ev.location ? ev.location.name || ev.location.text : ""),
        el("td", {}, ev.factuality + (ev.hedged ? " (hedged)" : "")),
        el("td", { class: "num" }, ev.confidence.toFixed(2)));
      tr.addEventListener("click", () => openEvent(ev.id));
      tr.addEventListener("keydown", (e) => { if (e.key === "Enter") openEvent(ev.id); });
      return tr;
    });
    $("#events-table tbody").replaceChildren(...rows);
    $("#events-count").textContent = page.count
      ? `${page.offset + 1}–${page.offset + page.data.length} of ${page.count} events` : "no events match the filters";
    $("#prev").disabled = page.offset === 0;
    $("#next").disabled = page.next_offset === null;
  }

  /* The document text as nodes: the proving sentence in <mark class="sentence">, the trigger, source and target
   * as spans. The text is cut at every mark boundary so that overlapping marks still nest correctly. */
  function highlighted(text, sentence, marks) {
    const clamp = (i) => Math.max(0, Math.min(text.length, i));
    const cuts = new Set([0, text.length, clamp(sentence.start), clamp(sentence.end)]);
    for (const m of marks) { cuts.add(clamp(m.start)); cuts.add(clamp(m.end)); }
    const points = [...cuts].sort((a, b) => a - b);
    const out = document.createDocumentFragment();
    const sentenceEl = el("mark", { class: "sentence" });
    for (let i = 0; i + 1 < points.length; i++) {
      const [a, b] = [points[i], points[i + 1]];
      const covering = marks.filter((m) => m.start <= a && m.end >= b && m.end > m.start);
      const piece = text.slice(a, b);
      const node = covering.length
        ? el("span", { class: covering.map((m) => `hl-${m.kind}`).join(" "), title: covering.map((m) => m.kind).join(", ") }, piece)
        : document.createTextNode(piece);
      if (a >= sentence.start && b <= sentence.end) {
        if (!sentenceEl.parentNode) out.append(sentenceEl);
        sentenceEl.append(node);
      } else out.append(node);
    }
    return out;
  }

  function field(dl, name, value) {
    if (value === null || value === undefined || value === "") return;
    dl.append(el("dt", {}, name), el("dd", {}, value));
  }

  async function openEvent(id) {
    await guarded("events", async () => {
      const ev = await api(`/api/events/${encodeURIComponent(id)}`);
      const doc = await api(`/api/documents/${encodeURIComponent(ev.doc_id)}`);
      state.currentEvent = ev.id;
      for (const tr of document.querySelectorAll("#events-table tbody tr")) tr.classList.toggle("selected", tr.dataset.id === ev.id);
      $("#detail").hidden = false;
      $("#detail").dataset.event = ev.id;
      $("#detail-title").replaceChildren(el("span", { class: `badge q${ev.quad_class}` }, ev.event_type),
        ` ${ev.mode ? ev.mode + " · " : ""}CAMEO ${ev.cameo} · ${QUADS[ev.quad_class]}`);
      const dl = el("dl", { id: "detail-fields", class: "fields" });
      field(dl, "source", actorLabel(ev.source));
      field(dl, "target", actorLabel(ev.target));
      field(dl, "trigger", ev.trigger.text);
      field(dl, "date", ev.date ? `${ev.date} (${ev.date_precision || "?"})` : "undated");
      field(dl, "place", ev.location ? [ev.location.name || ev.location.text, ev.location.country].filter(Boolean).join(", ") : null);
      field(dl, "factuality", ev.factuality + (ev.hedged ? ", hedged" : ""));
      field(dl, "speaker", ev.speaker ? actorLabel(ev.speaker) : null);
      const mag = Object.entries(ev.magnitude || {}).filter(([, v]) => v !== null).map(([k, v]) => `${k} ${v}`).join(", ");
      field(dl, "magnitude", mag);
      field(dl, "Goldstein", String(ev.goldstein));
      field(dl, "confidence", ev.confidence.toFixed(2));
      field(dl, "evidence", Object.entries(ev.evidence || {}).filter(([, v]) => typeof v !== "object").map(([k, v]) => `${k}: ${v}`).join("; "));
      dl.append(el("dt", {}, "link"), el("dd", {}, el("a", { href: `/events/${encodeURIComponent(ev.id)}` }, ev.id)));
      $("#detail-fields").replaceWith(dl);
      $("#doc-title").textContent = `${doc.title || doc.doc_id}${doc.date && doc.date.date ? " · " + doc.date.date : ""}`;
      const marks = [{ kind: "trigger", ...ev.trigger }];
      if (ev.source) marks.push({ kind: "source", start: ev.source.start, end: ev.source.end });
      if (ev.target) marks.push({ kind: "target", start: ev.target.start, end: ev.target.end });
      const sentence = { start: ev.sentence_start, end: ev.sentence_start + ev.sentence.length };
      $("#doc-text").replaceChildren(highlighted(doc.text, sentence, marks));
      $("#doc-events").replaceChildren(...doc.events.map((other) => {
        const li = el("li", { class: other.id === ev.id ? "current" : null, "data-id": other.id },
          el("span", { class: `badge q${other.quad_class}` }, other.event_type),
          ` ${actorLabel(other.source)} → ${actorLabel(other.target)}: “${other.trigger.text}”`);
        li.addEventListener("click", () => openEvent(other.id));
        return li;
      }));
      const mark = $("#doc-text mark.sentence");
      if (mark) mark.scrollIntoView({ block: "center" });
    });
  }

  // -- timeline: cooperation above the axis, conflict below --------------------------------------------
  async function loadTimeline() {
    const params = filterParams();
    params.set("by", $("#timeline-by").value);
    const t = await api("/api/timeline", params);
    $("#timeline-note").textContent = t.undated ? `${t.undated} events without a ${t.by} are not shown` : "";
    drawTimeline($("#timeline"), t.periods);
  }

  function drawTimeline(chart, periods) {
    const [W, H] = [960, 360];
    const m = { l: 48, r: 10, t: 12, b: 42 };
    chart.replaceChildren();
    if (!periods.length) {
      chart.append(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" }, "no dated events match"));
      return;
    }
    const up = Math.max(1, ...periods.map((p) => p.cooperation));
    const down = Math.max(1, ...periods.map((p) => p.conflict));
    const scale = (H - m.t - m.b) / (up + down);
    const zero = m.t + up * scale;
    const bw = (W - m.l - m.r) / periods.length;
    const gap = bw > 6 ? Math.min(4, bw * 0.15) : 0;
    chart.append(svg("line", { x1: m.l, x2: W - m.r, y1: zero, y2: zero, class: "axis" }),
      svg("text", { x: m.l - 6, y: m.t + 10, "text-anchor": "end", class: "tick" }, `+${up}`),
      svg("text", { x: m.l - 6, y: zero + 4, "text-anchor": "end", class: "tick" }, "0"),
      svg("text", { x: m.l - 6, y: H - m.b, "text-anchor": "end", class: "tick" }, `−${down}`));
    const every = Math.ceil(periods.length / 12);
    periods.forEach((p, i) => {
      const x = m.l + i * bw;
      const g = svg("g", { class: "bar", "data-period": p.period },
        svg("title", {}, `${p.period}: ${p.cooperation} cooperation (${p.verbal_cooperation} verbal, ${p.material_cooperation} material), ` +
          `${p.conflict} conflict (${p.verbal_conflict} verbal, ${p.material_conflict} material)` +
          (p.goldstein === null ? "" : `; mean Goldstein ${p.goldstein}`)));
      let y = zero;
      for (const [q, v] of [[1, p.verbal_cooperation], [2, p.material_cooperation]]) {
        if (v) g.append(svg("rect", { x: x + gap / 2, y: y - v * scale, width: bw - gap, height: v * scale, class: `q${q}` }));
        y -= v * scale;
      }
      y = zero;
      for (const [q, v] of [[3, p.verbal_conflict], [4, p.material_conflict]]) {
        if (v) g.append(svg("rect", { x: x + gap / 2, y, width: bw - gap, height: v * scale, class: `q${q}` }));
        y += v * scale;
      }
      if (i % every === 0) g.append(svg("text", { x: x + bw / 2, y: H - m.b + 16, "text-anchor": "middle", class: "tick" }, p.period));
      chart.append(g);
    });
  }

  // -- actor network: a small force layout, drawn once it has settled ----------------------------------
  async function loadNetwork() {
    const params = filterParams();
    const period = $("#network-period").value;
    if (period) { params.delete("since"); params.delete("until"); params.set("period", period); }
    params.set("level", $("#network-level").value);
    params.set("max_nodes", $("#network-max").value || "40");
    const net = await api("/api/network", params);
    $("#network-note").textContent = `${net.nodes.length} actors, ${net.edges.length} links; ${net.factuality.join(", ")} events`;
    drawNetwork($("#network"), net, params);
  }

  function layout(nodes, edges, W, H) {
    const n = nodes.length;
    const pos = nodes.map((_, i) => ({
      x: W / 2 + W * 0.38 * Math.cos((2 * Math.PI * i) / Math.max(n, 1)),
      y: H / 2 + H * 0.38 * Math.sin((2 * Math.PI * i) / Math.max(n, 1)),
    }));
    if (n < 3) return pos;
    const index = new Map(nodes.map((d, i) => [d.id, i]));
    const links = edges.filter((e) => e.source !== e.target).map((e) => [index.get(e.source), index.get(e.target)]);
    const k = 0.75 * Math.sqrt((W * H) / n);
    let temp = W / 8;
    for (let iter = 0; iter < 300; iter++) {
      const disp = pos.map(() => ({ x: 0, y: 0 }));
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y;
          const d = Math.max(1, Math.hypot(dx, dy));
          const f = (k * k) / d;
          disp[i].x += (dx / d) * f; disp[i].y += (dy / d) * f;
          disp[j].x -= (dx / d) * f; disp[j].y -= (dy / d) * f;
        }
      }
      for (const [s, t] of links) {
        const dx = pos[s].x - pos[t].x, dy = pos[s].y - pos[t].y;
        const d = Math.max(1, Math.hypot(dx, dy));
        const f = (d * d) / k;
        disp[s].x -= (dx / d) * f; disp[s].y -= (dy / d) * f;
        disp[t].x += (dx / d) * f; disp[t].y += (dy / d) * f;
      }
      for (let i = 0; i < n; i++) {
        disp[i].x -= (pos[i].x - W / 2) * 0.6; // gravity keeps separate groups on the canvas
        disp[i].y -= (pos[i].y - H / 2) * 0.6;
        const d = Math.max(1e-6, Math.hypot(disp[i].x, disp[i].y));
        pos[i].x = Math.min(W - 60, Math.max(60, pos[i].x + (disp[i].x / d) * Math.min(d, temp)));
        pos[i].y = Math.min(H - 30, Math.max(30, pos[i].y + (disp[i].y / d) * Math.min(d, temp)));
      }
      temp = Math.max(0.5, temp * 0.985);
    }
    return pos;
  }

  function drawNetwork(chart, net, params) {
    const [W, H] = [800, 600];
    chart.replaceChildren();
    if (!net.nodes.length) {
      chart.append(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" }, "no actor pairs in these events"));
      return;
    }
    const pos = layout(net.nodes, net.edges, W, H);
    const at = new Map(net.nodes.map((d, i) => [d.id, { ...pos[i], node: d, r: Math.min(28, 5 + 2.5 * Math.sqrt(d.events)) }]));
    const defs = svg("defs", {});
    for (const kind of ["coop", "conflict"]) {
      defs.append(svg("marker", { id: `arrow-${kind}`, viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "6", markerHeight: "6", orient: "auto-start-reverse" },
        svg("path", { d: "M0,0 L10,5 L0,10 z", class: `arrow-${kind}` })));
    }
    chart.append(defs);
    const edgeLayer = svg("g", { class: "edges" });
    const nodeLayer = svg("g", { class: "nodes" });
    for (const e of net.edges) {
      const a = at.get(e.source), b = at.get(e.target);
      const g = svg("g", { class: "edge", "data-source": e.source, "data-target": e.target },
        svg("title", {}, `${a.node.label} → ${b.node.label}: ${e.cooperation} cooperation, ${e.conflict} conflict; mean Goldstein ${e.goldstein}`));
      for (const [kind, count, bend] of [["coop", e.cooperation, 0.1], ["conflict", e.conflict, 0.22]]) {
        if (!count) continue;
        const width = (1 + 1.6 * Math.log2(1 + count)).toFixed(1);
        let d;
        if (e.source === e.target) {
          const r = a.r + (kind === "coop" ? 8 : 14);
          d = `M${a.x - 4},${a.y - a.r} C${a.x - r},${a.y - a.r - 2 * r} ${a.x + r},${a.y - a.r - 2 * r} ${a.x + 4},${a.y - a.r}`;
        } else {
          const cx = (a.x + b.x) / 2 - (b.y - a.y) * bend, cy = (a.y + b.y) / 2 + (b.x - a.x) * bend;
          const back = Math.hypot(b.x - cx, b.y - cy) || 1;
          const ex = b.x - ((b.x - cx) / back) * (b.r + 2), ey = b.y - ((b.y - cy) / back) * (b.r + 2);
          d = `M${a.x.toFixed(1)},${a.y.toFixed(1)} Q${cx.toFixed(1)},${cy.toFixed(1)} ${ex.toFixed(1)},${ey.toFixed(1)}`;
        }
        g.append(svg("path", { d, class: kind, "stroke-width": width, "marker-end": `url(#arrow-${kind})` }));
      }
      edgeLayer.append(g);
    }
    for (const [id, p] of at) {
      const d = p.node;
      const g = svg("g", { class: "node", "data-id": id, tabindex: "0", transform: `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})` },
        svg("title", {}, `${d.label}${d.country ? " (" + d.country + ")" : ""}: ${d.events} events, ${d.cooperation} cooperation, ${d.conflict} conflict`),
        svg("circle", { r: p.r.toFixed(1), fill: conflictColor(d.cooperation, d.conflict) }),
        svg("text", { x: (p.r + 3).toFixed(1), y: "4", class: "label" }, d.label));
      g.addEventListener("click", () => showActor(d, params));
      nodeLayer.append(g);
    }
    chart.append(edgeLayer, nodeLayer);
  }

  async function showActor(node, params) {
    const panel = $("#actor-panel");
    panel.hidden = false;
    const head = [el("h2", {}, node.label),
      el("p", {}, `${node.events} events: ${node.cooperation} cooperation, ${node.conflict} conflict` +
        (node.country ? ` · ${node.country}` : "") + (node.sector ? ` ${node.sector}` : ""))];
    if (!node.actor_id) { panel.replaceChildren(...head); return; }
    await guarded("network", async () => {
      const q = new URLSearchParams(params);
      for (const k of ["level", "max_nodes"]) q.delete(k);
      q.set("limit", "10");
      const prof = await api(`/api/actors/${encodeURIComponent(node.actor_id)}`, q);
      const filterBtn = el("button", { type: "button" }, "show its events in the table");
      filterBtn.addEventListener("click", () => {
        $("#filters").elements.actor.value = node.actor_id;
        applyFilters();
        selectTab("events");
      });
      const partners = el("table", { class: "partners" },
        el("thead", {}, el("tr", {}, el("th", {}, "partner"), el("th", {}, "events"), el("th", {}, "coop."), el("th", {}, "conflict"))),
        el("tbody", {}, ...prof.partners.map((p) => el("tr", {}, el("td", {}, p.label), el("td", { class: "num" }, p.events),
          el("td", { class: "num" }, p.cooperation), el("td", { class: "num" }, p.conflict)))));
      const recent = el("ol", { class: "doc-events" }, ...prof.events.map((ev) => {
        const li = el("li", {}, el("span", { class: `badge q${ev.quad_class}` }, ev.event_type),
          ` ${ev.date || ""} ${actorLabel(ev.source)} → ${actorLabel(ev.target)}`);
        li.addEventListener("click", () => { selectTab("events"); openEvent(ev.id); });
        return li;
      }));
      panel.replaceChildren(...head,
        el("p", {}, `${prof.as_source} as source, ${prof.as_target} as target`), filterBtn,
        el("h3", {}, "partners"), partners, el("h3", {}, "latest events"), recent);
    });
  }

  // -- map: an equirectangular lon/lat scatter, fitted to the points ------------------------------------
  async function loadMap() {
    const data = await api("/api/map", filterParams());
    $("#map-note").textContent = `${data.points.length} places; ${data.unlocated} events without coordinates`;
    drawMap($("#map"), data.points);
  }

  function drawMap(chart, points) {
    const [W, H, pad] = [960, 540, 36];
    chart.replaceChildren();
    if (!points.length) {
      chart.append(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" }, "no located events match"));
      return;
    }
    const lons = points.map((p) => p.lon), lats = points.map((p) => p.lat);
    let [x0, x1, y0, y1] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
    const grow = (lo, hi, min) => { const mid = (lo + hi) / 2, half = Math.max(min, (hi - lo) * 1.15) / 2; return [mid - half, mid + half]; };
    [x0, x1] = grow(x0, x1, 10);
    [y0, y1] = grow(y0, y1, 8);
    const kx = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
    const s = Math.min((W - 2 * pad) / ((x1 - x0) * kx), (H - 2 * pad) / (y1 - y0));
    const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    const X = (lon) => W / 2 + (lon - cx) * kx * s, Y = (lat) => H / 2 - (lat - cy) * s;
    const step = [1, 2, 5, 10, 20, 30, 45].find((v) => Math.max(x1 - x0, y1 - y0) / v <= 8) || 60;
    const grid = svg("g", { class: "graticule" });
    for (let lon = Math.ceil(x0 / step) * step; lon <= x1; lon += step) {
      grid.append(svg("line", { x1: X(lon), x2: X(lon), y1: Y(y0), y2: Y(y1) }),
        svg("text", { x: X(lon) + 2, y: H - 6, class: "tick" }, `${Math.abs(lon)}°${lon < 0 ? "W" : lon > 0 ? "E" : ""}`));
    }
    for (let lat = Math.ceil(y0 / step) * step; lat <= y1; lat += step) {
      grid.append(svg("line", { x1: X(x0), x2: X(x1), y1: Y(lat), y2: Y(lat) }),
        svg("text", { x: 4, y: Y(lat) - 2, class: "tick" }, `${Math.abs(lat)}°${lat < 0 ? "S" : lat > 0 ? "N" : ""}`));
    }
    chart.append(grid);
    const layer = svg("g", { class: "points" });
    points.forEach((p, i) => {
      const r = Math.min(26, 3 + 3 * Math.sqrt(p.events));
      const types = Object.entries(p.event_types).map(([t, n]) => `${t} ${n}`).join(", ");
      const g = svg("g", { class: "place", "data-name": p.name || "" },
        svg("title", {}, `${p.name || "?"}${p.country ? ", " + p.country : ""}: ${p.events} events (${types})` +
          (p.dead ? `; ${p.dead} dead` : "")),
        svg("circle", { cx: X(p.lon).toFixed(1), cy: Y(p.lat).toFixed(1), r: r.toFixed(1), fill: conflictColor(p.cooperation, p.conflict) }));
      if (i < 12) g.append(svg("text", { x: (X(p.lon) + r + 2).toFixed(1), y: (Y(p.lat) + 4).toFixed(1), class: "label" }, p.name || ""));
      layer.append(g);
    });
    chart.append(layer);
  }

  // -- tabs and filters -------------------------------------------------------------------------------
  const loaders = { events: loadEvents, timeline: loadTimeline, network: loadNetwork, map: loadMap };

  function refresh(tab) {
    state.stale[tab] = false;
    return guarded(tab, loaders[tab]);
  }

  function selectTab(tab) {
    state.tab = tab;
    for (const b of document.querySelectorAll("[role=tab]")) b.setAttribute("aria-selected", String(b.dataset.tab === tab));
    for (const name of Object.keys(loaders)) $(`#tab-${name}`).hidden = name !== tab;
    if (location.hash !== `#${tab}`) history.replaceState(null, "", `${location.pathname}${location.search}#${tab}`);
    if (state.stale[tab] !== false) return refresh(tab);
    return Promise.resolve();
  }

  function applyFilters() {
    state.offset = 0;
    for (const name of Object.keys(loaders)) state.stale[name] = true;
    return refresh(state.tab);
  }

  function init() {
    $("#filters").addEventListener("submit", (e) => { e.preventDefault(); applyFilters(); });
    $("#filters").addEventListener("reset", () => setTimeout(applyFilters, 0));
    $("#prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - state.limit); refresh("events"); });
    $("#next").addEventListener("click", () => { state.offset += state.limit; refresh("events"); });
    for (const b of document.querySelectorAll("[role=tab]")) b.addEventListener("click", () => selectTab(b.dataset.tab));
    $("#timeline-by").addEventListener("change", () => refresh("timeline"));
    for (const id of ["#network-period", "#network-level", "#network-max"]) $(id).addEventListener("change", () => refresh("network"));
    const wanted = location.hash.slice(1);
    const opening = document.body.dataset.openEvent;
    selectTab(opening ? "events" : (wanted in loaders ? wanted : "events")).then(() => { if (opening) openEvent(opening); });
  }

  init();
})();
