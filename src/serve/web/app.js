// The anb explorer page: every number comes from the JSON API (docs/serve.md); this file only
// draws. window.anbState exposes what the end-to-end tests check.
'use strict';

const state = { targets: [], dataset: null, metric: null, arch: null, chart: null, renderMs: null,
                searchDone: false, searchFront: 0 };
window.anbState = state;

// The search space's choices per decision (include/anb/space/architecture.h).
const CHOICES = { expansion: [1, 4, 6], kernel: [3, 5], layers: (s) => (s === 5 ? [1, 2, 3, 4] : [1, 2, 3]),
                  se: [true, false] };

async function api(path, init) {
  const res = await fetch(path, init);
  const body = await res.json();
  if (!res.ok) throw new Error(`${body.error.field}: ${body.error.message}`);
  return body;
}

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function unitOf(name) {
  const t = state.targets.find((x) => x.name === name);
  return t ? t.unit : '';
}

function fmt(v, digits = 4) { return v === undefined || v === null ? '–' : Number(v).toFixed(digits); }

// ---- scatter ----
const COLORS = { measured: 'rgba(35, 88, 201, 0.28)', front: '#d1495b', b0: '#1b1b1b', search: 'rgba(237, 174, 73, 0.8)',
                 searchFront: '#00916e', selected: '#8a2be2' };

function pointsFor(metric) {
  if (!state.dataset) return [];
  const out = [];
  for (const r of state.dataset.records) {
    const x = r.values[metric];
    const y = r.values.accuracy;
    if (x !== undefined && y !== undefined) out.push({ x, y, arch: r.arch, id: r.id });
  }
  return out;
}

function makeChart() {
  const ctx = document.getElementById('scatter');
  state.chart = new Chart(ctx, {
    type: 'scatter',
    data: { datasets: [
      { label: 'measured', data: [], backgroundColor: COLORS.measured, pointRadius: 2, pointHoverRadius: 5, order: 5 },
      { label: 'measured Pareto front', data: [], borderColor: COLORS.front, backgroundColor: COLORS.front,
        showLine: true, pointRadius: 3, borderWidth: 1.5, order: 2 },
      { label: 'EfficientNet-B0', data: [], backgroundColor: COLORS.b0, borderColor: COLORS.b0, pointStyle: 'star',
        pointRadius: 11, pointHoverRadius: 13, borderWidth: 2.5, order: 0 },
      { label: 'search evaluations', data: [], backgroundColor: COLORS.search, pointRadius: 2.5, order: 4 },
      { label: 'search front', data: [], borderColor: COLORS.searchFront, backgroundColor: COLORS.searchFront,
        showLine: true, pointRadius: 3, borderWidth: 2, order: 1 },
      { label: 'selected', data: [], backgroundColor: COLORS.selected, pointStyle: 'rectRot', pointRadius: 8, order: 0 },
    ] },
    options: {
      animation: false, parsing: false, normalized: true, maintainAspectRatio: false,
      scales: { x: { title: { display: true, text: '' } }, y: { title: { display: true, text: 'accuracy (%)' } } },
      plugins: {
        legend: { position: 'bottom', labels: { usePointStyle: true, pointStyleWidth: 12 } },
        tooltip: { callbacks: { label: (c) => `${c.raw.arch || ''}  (${fmt(c.raw.x, 1)}, ${fmt(c.raw.y, 2)})` } },
      },
      onClick: (evt) => {
        const hits = state.chart.getElementsAtEventForMode(evt, 'nearest', { intersect: true }, false);
        if (hits.length) showArch(state.chart.data.datasets[hits[0].datasetIndex].data[hits[0].index].arch);
      },
    },
  });
}

async function drawMetric(metric) {
  state.metric = metric;
  const ds = state.chart.data.datasets;
  ds[0].data = pointsFor(metric);
  ds[3].data = [];
  ds[4].data = [];
  state.chart.options.scales.x.title.text = `${metric} (${unitOf(metric)})`;
  document.getElementById('counts').textContent =
    state.dataset ? `${ds[0].data.length} measured architectures` : 'no measured data (started with --no-data)';
  if (state.dataset) {
    const p = await api(`/api/pareto?objectives=accuracy,${metric}`);
    ds[1].data = p.front.map((f) => ({ x: f.values[1], y: f.values[0], arch: f.arch }));
    ds[1].data.sort((a, b) => a.x - b.x);
  }
  const b0 = await api('/api/arch?arch=efficientnet-b0');
  const measured = b0.measured.find((m) => m.values[metric] !== undefined && m.values.accuracy !== undefined);
  if (measured) {
    ds[2].data = [{ x: measured.values[metric], y: measured.values.accuracy, arch: b0.arch }];
    ds[2].label = 'EfficientNet-B0 (measured)';
  } else {
    const q = await api(`/api/query?arch=efficientnet-b0&targets=accuracy,${metric}`);
    ds[2].data = [{ x: q.targets[metric].mean, y: q.targets.accuracy.mean, arch: q.arch }];
    ds[2].label = 'EfficientNet-B0 (predicted)';
  }
  await markSelected();
  state.chart.update();
}

async function markSelected() {
  const ds = state.chart.data.datasets[5];
  if (!state.arch || !state.metric) { ds.data = []; return; }
  const q = await api(`/api/query?arch=${encodeURIComponent(state.arch)}&targets=accuracy,${state.metric}`);
  ds.data = [{ x: q.targets[state.metric].mean, y: q.targets.accuracy.mean, arch: q.arch }];
}

// ---- architecture card ----
function archString(stages) {
  return `e${stages.map((s) => s.expansion).join('')}-k${stages.map((s) => s.kernel).join('')}` +
         `-l${stages.map((s) => s.layers).join('')}-se${stages.map((s) => (s.se ? 'T' : 'F')).join('')}`;
}

function stageSelect(stages, s, key, choices) {
  const sel = el('select', { 'data-stage': s, 'data-key': key });
  for (const c of choices) {
    const o = el('option', { value: String(c) }, key === 'se' ? (c ? 'yes' : 'no') : String(c));
    if (c === stages[s][key]) o.selected = true;
    sel.appendChild(o);
  }
  sel.addEventListener('change', () => {
    const next = stages.map((x) => ({ ...x }));
    next[s][key] = key === 'se' ? sel.value === 'true' : Number(sel.value);
    showArch(archString(next));
  });
  return sel;
}

function renderCard(info, pred) {
  document.getElementById('arch-name').textContent = info.arch;
  const facts = document.getElementById('arch-facts');
  facts.replaceChildren();
  for (const [k, v] of [['MACs', `${fmt(info.macs, 2)} M`], ['params', `${fmt(info.params, 3)} M`],
                        ['index', String(info.index)], ['measured', info.measured.length ? info.measured.map((m) => m.id).join(', ') : 'no']]) {
    const span = el('span', {}, `${k} `);
    span.appendChild(el('b', {}, v));
    facts.appendChild(span);
  }
  const stagesBody = document.querySelector('#stages tbody');
  stagesBody.replaceChildren();
  for (const st of info.stages) {
    const tr = el('tr');
    tr.appendChild(el('td', {}, String(st.stage)));
    for (const [key, choices] of [['expansion', CHOICES.expansion], ['kernel', CHOICES.kernel],
                                  ['layers', CHOICES.layers(st.stage)], ['se', CHOICES.se]]) {
      const td = el('td');
      td.appendChild(stageSelect(info.stages, st.stage, key, choices));
      tr.appendChild(td);
    }
    stagesBody.appendChild(tr);
  }
  const measured = info.measured.length ? info.measured[0].values : {};
  const body = document.querySelector('#predictions tbody');
  body.replaceChildren();
  for (const [name, p] of Object.entries(pred.targets)) {
    const tr = el('tr', { 'data-target': name });
    tr.appendChild(el('td', {}, name));
    const spread = p.lower !== undefined && p.upper !== undefined ? ` [${fmt(p.lower)}, ${fmt(p.upper)}]` : '';
    tr.appendChild(el('td', { class: 'num mean', 'data-value': String(p.mean), title: spread }, fmt(p.mean)));
    tr.appendChild(el('td', { class: 'num std', 'data-value': String(p.std) }, fmt(p.std) + spread));
    tr.appendChild(el('td', { class: 'num measured' }, fmt(measured[name])));
    tr.appendChild(el('td', { class: 'unit' }, p.unit));
    body.appendChild(tr);
  }
  document.getElementById('arch-card').hidden = false;
}

async function showArch(text) {
  const err = document.getElementById('arch-error');
  try {
    const info = await api(`/api/arch?arch=${encodeURIComponent(text)}`);
    const pred = await api(`/api/query?arch=${encodeURIComponent(info.arch)}&interval=0.9`);
    err.hidden = true;
    state.arch = info.arch;
    document.getElementById('arch-input').value = info.arch;
    renderCard(info, pred);
    await markSelected();
    state.chart.update();
  } catch (e) {
    err.textContent = e.message;
    err.hidden = false;
  }
}

// ---- search ----
async function runSearch() {
  const button = document.getElementById('run-search');
  const status = document.getElementById('search-status');
  const metric = state.metric;
  button.disabled = true;
  state.searchDone = false;
  status.textContent = 'searching…';
  try {
    const r = await api('/api/search', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ algorithm: document.getElementById('algorithm').value,
                             objectives: ['accuracy', metric],
                             budget: Number(document.getElementById('budget').value),
                             seed: Number(document.getElementById('seed').value) }),
    });
    const pts = r.evaluations.map((e) => ({ x: e.values[1], y: e.values[0], arch: e.arch }));
    const ds = state.chart.data.datasets;
    // Replay the run: the evaluations and the front after each twentieth of the budget.
    for (const step of r.front_growth) {
      if (state.metric !== metric) break;
      ds[3].data = pts.slice(0, step.evaluations);
      ds[4].data = step.front.map((i) => pts[i]).sort((a, b) => a.x - b.x);
      status.textContent = `${r.algorithm}: ${step.evaluations} / ${r.evaluations.length} evaluations, ` +
                           `front ${step.front.length}`;
      state.chart.update();
      await new Promise((done) => setTimeout(done, 60));
    }
    status.textContent = `${r.algorithm}: ${r.evaluations.length} evaluations in ${fmt(r.seconds, 3)} s, ` +
                         `front of ${r.front.length}, hypervolume ${fmt(r.progress)}`;
    state.searchFront = r.front.length;
    state.searchDone = true;
  } catch (e) {
    status.textContent = e.message;
  } finally {
    button.disabled = false;
  }
}

// ---- start ----
async function main() {
  const t = await api('/api/targets');
  state.targets = t.targets;
  const metrics = t.targets.filter((x) => x.name !== 'accuracy');
  const select = document.getElementById('metric');
  for (const m of metrics) select.appendChild(el('option', { value: m.name }, `${m.name} (${m.unit})`));
  if (t.data !== null) state.dataset = await api('/api/dataset');
  document.getElementById('summary').textContent =
    `${t.targets.length} targets` + (t.data !== null ? `, ${t.data} measured architectures` : ', no data');
  makeChart();
  // Default device: the A100 when fitted (the paper's first pair), else the first device target.
  const first = metrics.find((m) => m.name === 'throughput_a100') || metrics[0];
  if (first) {
    select.value = first.name;
    await drawMetric(first.name);
  }
  state.renderMs = performance.now();
  document.body.setAttribute('data-ready', 'true');
  select.addEventListener('change', () => drawMetric(select.value));
  document.getElementById('arch-form').addEventListener('submit', (e) => {
    e.preventDefault();
    showArch(document.getElementById('arch-input').value.trim());
  });
  document.getElementById('run-search').addEventListener('click', runSearch);
}

main().catch((e) => {
  document.getElementById('summary').textContent = `error: ${e.message}`;
});
