// rccost explore: keeps the controls, the address and the engine in step. Every
// figure, sentence and chart comes from the engine (rccost compiled to
// WebAssembly, carried gzipped in ENGINE); this script computes nothing itself.
"use strict";

// --- The engine -----------------------------------------------------------

// Stand-ins for what the module imports from wasm-bindgen (linked by plotters on
// this target, never called: rccost measures text with its own font).
function stubs(module) {
  const imports = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    imports[imp.module] = imports[imp.module] || {};
    imports[imp.module][imp.name] = () => {
      throw new Error("rccost: " + imp.name + " is not available in this page");
    };
  }
  return imports;
}

// The engine's one call: request (key=value lines) in, the answer (JSON) out.
async function engine(module) {
  const instance = await WebAssembly.instantiate(module, stubs(module));
  const x = instance.exports;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  return (request, sampled) => {
    const bytes = encoder.encode(request);
    const at = x.rccost_input(bytes.length);
    new Uint8Array(x.memory.buffer, at, bytes.length).set(bytes);
    const length = x.rccost_answer(sampled ? 1 : 0);
    const out = x.rccost_output();
    return JSON.parse(decoder.decode(new Uint8Array(x.memory.buffer, out, length)));
  };
}

async function compile() {
  const gz = Uint8Array.from(atob(ENGINE), (c) => c.charCodeAt(0));
  const stream = new Blob([gz]).stream().pipeThrough(new DecompressionStream("gzip"));
  return WebAssembly.compile(await new Response(stream).arrayBuffer());
}

// The sampled answer (2,000 draws) runs in a worker, so input never waits for it.
const WORKER = stubs.toString() + "\n" + engine.toString() + `
let run = null;
let module = null;
onmessage = async (e) => {
  if (e.data.module) { module = e.data.module; run = engine(module); return; }
  let answer;
  try { answer = (await run)(e.data.request, true); }
  catch (err) { answer = { error: String(err) }; run = engine(module); }
  postMessage({ id: e.data.id, answer });
};`;

// --- State: the command line's options ---------------------------------------

// Page-only keys: not options of the engine.
const PAGE_KEYS = ["bench"];
// Always in the address, so a link says what it shows.
const ALWAYS = ["users", "admin-rate"];

function readHash() {
  const state = {};
  for (const part of location.hash.replace(/^#/, "").split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    state[key] = eq < 0 ? "" : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, " "));
  }
  return state;
}

function hashOf(state) {
  const keep = Object.keys(state).filter(
    (k) => !PAGE_KEYS.includes(k) && (ALWAYS.includes(k) || state[k] !== DEFAULTS[k]));
  const order = (k) => { const i = ALWAYS.indexOf(k); return i < 0 ? ALWAYS.length : i; };
  keep.sort((a, b) => order(a) - order(b));
  const enc = (v) => encodeURIComponent(v).replace(/%2C/g, ",").replace(/%3A/g, ":");
  return keep.map((k) => (state[k] === "" ? enc(k) : enc(k) + "=" + enc(state[k]))).join("&");
}

let state = Object.assign({}, DEFAULTS, readHash());
// An option given as empty in the address (admin-hours=) is left out.
function requestOf(state, size) {
  const lines = [];
  for (const [k, v] of Object.entries(state)) {
    if (PAGE_KEYS.includes(k) || (v === "" && !isFlag(k))) continue;
    if (isFlag(k) && v === "false") continue;
    lines.push(v === "" ? k : k + "=" + v);
  }
  if (!("size" in state)) lines.push("size=" + size);
  if (!("theme" in state) && matchMedia("(prefers-color-scheme: dark)").matches) lines.push("theme=dark");
  // The --pricing files the page carries, loaded by the engine as the CLI loads them.
  if (PRICING) lines.push("pricing-files=" + JSON.stringify(PRICING));
  return lines.join("\n");
}
function isFlag(k) { return k === "include-limited" || k === "all-models"; }

// --- The page -------------------------------------------------------------

const $ = (name) => document.querySelector('[data-rccost="' + name + '"]');
const form = $("controls");
const field = (id) => document.getElementById(id);
let exact = null; // the engine on this thread
let compiled = null; // its module
let worker = null;
let latest = 0; // the newest request's number
let waiting = null; // the newest request the busy worker has not seen
let workerBusy = false;
const known = new Map(); // plan id -> name, every plan the engine has named
const drawn = new Map(); // chart id -> the SVG it shows

function chartSize() {
  const box = $("charts");
  const width = Math.max(320, Math.min(1600, Math.floor(box.clientWidth || 800)));
  const height = width < 600 ? Math.round(width * 1.6) : Math.round(width * 0.625);
  return width + "x" + Math.max(240, height);
}

function usersEnd() {
  const m = /^\s*(\d+)\s*(?:\.\.=?\s*(\d+))?/.exec(state.users || "");
  return m ? Number(m[2] || m[1]) : 30;
}

function setUsersEnd(end) {
  const m = /^\s*(\d+)\s*(?:\.\.=?\s*\d+)?(.*)$/.exec(state.users || "1..30");
  const from = m ? Number(m[1]) : 1;
  state.users = end > from ? from + ".." + end + (m ? m[2] : "") : String(end);
}

function showControls() {
  // theme=dark or theme=light in the address: the page's colours too, not only the charts'.
  if (state.theme === "dark" || state.theme === "light") document.documentElement.dataset.theme = state.theme;
  else delete document.documentElement.dataset.theme;
  field("users-end").value = usersEnd();
  field("users-end-slider").value = Math.min(1000, usersEnd());
  field("admin-rate").value = state["admin-rate"] || "0";
  const rate = parseFloat((state["admin-rate"] || "0").split("..").slice(-2)[0]);
  field("admin-rate-slider").value = isFinite(rate) ? rate : 0;
  field("admin-hours").value = state["admin-hours"] || "";
  field("billing").value = state.billing || "annual";
  field("concurrency").value = state.concurrency || "";
  field("team").value = state.team || "15";
}

function idList(key) {
  return (state[key] || "").split(",").filter((s) => s);
}

function showPlans(plans) {
  for (const p of plans) known.set(p.id, p.name);
  for (const id of idList("exclude")) if (!known.has(id)) known.set(id, id);
  const cost = new Map(plans.map((p) => [p.id, p.monthly]));
  const excluded = idList("exclude");
  const lit = idList("highlight");
  const body = $("plans").tBodies[0];
  $("at-head").textContent = "At " + (state.team || "15") + " users";
  // The same plans as before: only their costs and boxes change.
  if (body.rows.length === known.size && [...known.keys()].every((id, i) => body.rows[i].dataset.plan === id)) {
    for (const row of body.rows) {
      const id = row.dataset.plan;
      const boxes = row.querySelectorAll("input");
      boxes[0].checked = !excluded.includes(id);
      boxes[1].checked = lit.includes(id);
      const text = cost.has(id) ? cost.get(id) || "—" : "";
      if (row.cells[3].textContent !== text) row.cells[3].textContent = text;
    }
    return;
  }
  body.replaceChildren(...[...known].map(([id, name]) => {
    const row = document.createElement("tr");
    row.dataset.plan = id;
    const cell = (child) => { const td = document.createElement("td"); td.append(child); row.append(td); };
    cell(name);
    for (const [key, on, label] of [["exclude", !excluded.includes(id), "Show "], ["highlight", lit.includes(id), "Highlight "]]) {
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = on;
      box.dataset.plan = id;
      box.dataset.key = key;
      box.setAttribute("aria-label", label + name);
      cell(box);
    }
    cell(cost.has(id) ? cost.get(id) || "—" : "");
    return row;
  }));
}

function showAnswer(answer, sampled, busy = true) {
  const error = $("error");
  if (answer.error) {
    error.textContent = answer.error;
    error.hidden = false;
    $("headline").setAttribute("aria-busy", "false");
    return;
  }
  error.hidden = true;
  const headline = $("headline");
  const sentences = [...headline.children].map((p) => p.textContent);
  if (sentences.join("\n") !== answer.headline.join("\n")) headline.replaceChildren(...answer.headline.map((s) => {
    const p = document.createElement("p");
    p.textContent = s;
    return p;
  }));
  // Busy until the answer with the draws of every range is in (the worker's).
  headline.setAttribute("aria-busy", sampled || !busy ? "false" : "true");
  headline.dataset.sampled = sampled ? "yes" : "no";
  const charts = $("charts");
  const figures = new Map([...charts.children].map((f) => [f.dataset.chart, f]));
  const ids = answer.charts.map((c) => c.id);
  for (const c of answer.charts) {
    let figure = figures.get(c.id);
    if (!figure) {
      figure = document.createElement("figure");
      figure.dataset.chart = c.id;
      charts.append(figure);
    }
    if (drawn.get(c.id) === c.svg) continue;
    drawn.set(c.id, c.svg);
    figure.innerHTML = c.svg;
    figure.dataset.teamAxis = c.team_axis ? c.team_axis.join(",") : "";
    figure.firstElementChild.setAttribute("data-chart", c.id);
    figure.firstElementChild.setAttribute("role", "img");
  }
  // Charts only the sampled answer draws stay until it replaces them.
  if (sampled) for (const [id, f] of figures) if (!ids.includes(id)) f.remove();
  showPlans(answer.plans);
}

function workerAsk(id, request) {
  if (workerBusy) { waiting = { id, request }; return; }
  workerBusy = true;
  worker.postMessage({ id, request });
}

function onWorker(e) {
  workerBusy = false;
  if (e.data.id === latest) showAnswer(e.data.answer, true);
  if (waiting) { const w = waiting; waiting = null; workerAsk(w.id, w.request); }
}

// Redraws from the state: the exact answer at once, the sampled one after.
function update(withDraws = true) {
  const id = ++latest;
  const request = requestOf(state, chartSize());
  let answer;
  try {
    answer = exact(request, false);
  } catch (err) {
    // A trap leaves the instance unusable: a new one for the next change.
    answer = { error: String(err) };
    engine(compiled).then((run) => { exact = run; });
  }
  showAnswer(answer, false, withDraws);
  if (!withDraws || answer.error) return;
  if (worker) workerAsk(id, request);
  else setTimeout(() => { if (id === latest) showAnswer(exact(request, true), true); }, 0);
}

function changed() {
  history.replaceState(null, "", "#" + hashOf(state));
  update();
}

let pending = false;
function onInput(e) {
  const t = e.target;
  if (t.dataset.plan) {
    const list = idList(t.dataset.key).filter((id) => id !== t.dataset.plan);
    const add = t.dataset.key === "exclude" ? !t.checked : t.checked;
    if (add) list.push(t.dataset.plan);
    state[t.dataset.key] = list.join(",");
  } else if (t.id === "users-end" || t.id === "users-end-slider") {
    const end = Math.max(1, Math.floor(Number(t.value) || 1));
    setUsersEnd(end);
    if (t.id === "users-end-slider") field("users-end").value = end;
  } else if (t.id === "admin-rate-slider") {
    state["admin-rate"] = t.value;
    field("admin-rate").value = t.value;
  } else if (t.name) {
    state[t.name] = t.value.trim();
  } else return;
  // One redraw a frame, however fast a slider moves.
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => { pending = false; changed(); });
}

// Hovering or tapping a team size on a chart across team sizes: the plans'
// costs there (the engine's, through the team-size control).
function onPointer(e) {
  const figure = e.target.closest && e.target.closest("figure[data-team-axis]");
  const svg = figure && figure.querySelector("svg");
  if (!svg || !figure.dataset.teamAxis) return;
  const [x0, x1, from, to] = figure.dataset.teamAxis.split(",").map(Number);
  const box = svg.getBoundingClientRect();
  const x = ((e.clientX - box.left) * svg.viewBox.baseVal.width) / box.width;
  if (x < x0 || x > x1) return;
  const n = Math.round(from + ((x - x0) / (x1 - x0)) * (to - from));
  if (String(n) === state.team) return;
  state.team = String(n);
  field("team").value = n;
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => { pending = false; changed(); });
}

function copy(text) {
  const done = () => { $("copied").textContent = "Copied."; };
  if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, () => {});
}

function embedCode() {
  const height = Math.ceil(document.documentElement.scrollHeight);
  const url = location.href.startsWith("file:") ? "index.html" + location.hash : location.href;
  return '<iframe src="' + url.replace(/"/g, "&quot;") + '" title="Self-host or pay per seat? (rccost)" ' +
    'width="100%" height="' + height + '" style="border:0" loading="lazy"></iframe>';
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// #bench=N: N changes of the admin rate, each the exact answer redrawn.
function bench(n) {
  const times = [];
  const base = Number(field("admin-rate-slider").value) || 0;
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    state["admin-rate"] = String((base + i + 1) % 151);
    update(false);
    document.body.getBoundingClientRect();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  $("bench").textContent = "p50 " + percentile(times, 50).toFixed(1) + " ms p95 " +
    percentile(times, 95).toFixed(1) + " ms (" + n + " changes of the admin rate)";
}

async function start() {
  $("as-of").textContent = DEFAULTS["as-of"] || "";
  showControls();
  let module;
  try {
    module = compiled = await compile();
    exact = await engine(module);
  } catch (err) {
    $("error").textContent = "This browser cannot run the page's engine: " + err;
    $("error").hidden = false;
    return;
  }
  try {
    const url = URL.createObjectURL(new Blob([WORKER], { type: "text/javascript" }));
    worker = new Worker(url);
    worker.onmessage = onWorker;
    worker.onerror = () => { worker = null; workerBusy = false; };
    worker.postMessage({ module });
  } catch (err) {
    worker = null;
  }
  form.addEventListener("input", onInput);
  $("charts").addEventListener("pointermove", onPointer);
  $("charts").addEventListener("pointerdown", onPointer);
  $("copy-link").addEventListener("click", () => copy(location.href));
  $("copy-embed").addEventListener("click", () => {
    const code = embedCode();
    $("embed").textContent = code;
    $("embed").hidden = false;
    copy(code);
  });
  addEventListener("hashchange", () => {
    const next = Object.assign({}, DEFAULTS, readHash());
    if (hashOf(next) === hashOf(state)) return;
    state = next;
    showControls();
    update();
  });
  const n = Number(state.bench);
  if (n > 0) {
    update(false);
    bench(Math.min(n, 100000));
  }
  update();
}

start();
