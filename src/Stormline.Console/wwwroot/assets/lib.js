// Shared by every page: API calls, a tiny element builder (text is always set as text, never as HTML), formatting, sparklines.
export class ApiError extends Error {
  constructor(status, title, detail) { super(`${title}: ${detail}`); this.status = status; this.title = title; this.detail = detail; }
}

export let info = { readOnly: true };

export async function loadInfo() { info = await api('/api/info'); return info; }

function authorized(headers) {
  const token = sessionStorage.getItem('stormline-token');
  if (token) headers.Authorization = `Bearer ${token}`;
  return headers;
}

async function problemOf(response, type) {
  const problem = type.includes('json') ? await response.json() : { title: response.statusText, detail: await response.text() };
  return new ApiError(response.status, problem.title ?? `HTTP ${response.status}`, problem.detail ?? '');
}

export async function api(path, options = {}) {
  const headers = authorized({ Accept: 'application/json' });
  // Actions are JSON with the CSRF token from /api/info, which only a page of this console can read.
  const action = (options.method ?? 'GET') !== 'GET';
  if (action) {
    headers['Content-Type'] = 'application/json';
    headers['X-Stormline-CSRF'] = info.csrfToken;
    options = { ...options, body: options.body ?? '{}' };
  }
  const response = await fetch(path, { ...options, headers });
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok) throw await problemOf(response, type);
  return type.includes('json') ? response.json() : response.text();
}

/**
 * Reads a server-sent event stream with fetch (EventSource cannot send the bearer token), calling onEvent(type, data)
 * for each event until the stream ends or signal aborts; a refused start throws ApiError as api() does.
 */
export async function events(path, onEvent, signal) {
  const response = await fetch(path, { headers: authorized({ Accept: 'text/event-stream' }), signal });
  if (!response.ok) throw await problemOf(response, response.headers.get('content-type') ?? '');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value.replaceAll('\r\n', '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let type = 'message', data = '';
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) type = line.slice(6).trim();
          else if (line.startsWith('data:')) data += (data ? '\n' : '') + line.slice(5).replace(/^ /, '');
        }
        if (data) onEvent(type, JSON.parse(data));
      }
    }
  } catch (e) {
    if (e.name !== 'AbortError') throw e;
  }
}

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export const svgNs = 'http://www.w3.org/2000/svg';

/** A line of the last values; empty when there are fewer than two. */
export function sparkline(values, width = 140, height = 28, label = '') {
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('class', 'spark'); svg.setAttribute('width', width); svg.setAttribute('height', height);
  svg.setAttribute('role', 'img'); svg.setAttribute('aria-label', label);
  if (values.length >= 2) {
    const max = Math.max(...values, 1), min = Math.min(...values, 0);
    const points = values.map((v, i) => `${(i / (values.length - 1)) * (width - 2) + 1},${height - 1 - ((v - min) / (max - min || 1)) * (height - 2)}`);
    const line = document.createElementNS(svgNs, 'polyline');
    line.setAttribute('points', points.join(' '));
    svg.append(line);
  }
  return svg;
}

export function table(columns, rows, empty = 'Nothing here.') {
  if (rows.length === 0) return h('p', { class: 'muted' }, empty);
  return h('table', {},
    h('thead', {}, h('tr', {}, columns.map(c => h('th', { class: c.num ? 'num' : null }, c.title)))),
    h('tbody', {}, rows.map(r => h('tr', {}, columns.map(c => h('td', { class: c.num ? 'num' : null }, c.cell(r)))))));
}

export const fmt = {
  n: (v) => v === null || v === undefined ? '–' : Number(v).toLocaleString('en-US'),
  time: (t) => t ? new Date(t).toISOString().replace('T', ' ').replace('Z', '') : '–',
  rate: (v) => `${(v ?? 0).toFixed(v >= 10 ? 0 : 2)}/s`,
  /** Seconds as an age: "42 s", "3 min 5 s", "2 h 4 min"; '–' when not measured. */
  age: (v) => {
    if (v === null || v === undefined) return '–';
    const s = Math.floor(v);
    if (s < 60) return `${s} s`;
    if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
    return `${Math.floor(s / 3600)} h ${Math.floor(s % 3600 / 60)} min`;
  },
};

export function badge(text, kind = text) { return h('span', { class: `badge ${kind}` }, text); }

/** Asks before an action; resolves true only on an explicit confirm. */
export function confirmAction(title, text) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  return new Promise(resolve => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.showModal();
  });
}

const timers = new Set();
const leaving = new Set();
/** Runs fn now and every ms until the page changes. */
export function every(ms, fn) { const id = setInterval(fn, ms); timers.add(id); return id; }
/** Runs fn once when the page changes (a live tail closes its stream). */
export function onLeave(fn) { leaving.add(fn); }
export function stopTimers() {
  for (const id of timers) clearInterval(id);
  timers.clear();
  for (const fn of leaving) fn();
  leaving.clear();
}

export function valueView(value) {
  const kind = value.schemaId ? `${value.format} · schema ${value.schemaId}` : value.format;
  const body = value.json !== undefined && value.json !== null ? JSON.stringify(value.json, null, 2) : (value.text ?? '');
  return h('div', {}, badge(kind, 'fmt'), h('pre', { class: 'value' }, body));
}

export function headersView(headers) {
  return h('div', { class: 'headers' }, headers.map(x => h('span', {}, h('code', {}, x.name), '=', x.value)));
}

export function errorBox(e) {
  if (e instanceof ApiError && e.status === 401) return tokenForm();
  return h('div', { class: 'error', role: 'alert' }, e instanceof ApiError ? `${e.title}: ${e.detail}` : String(e.message ?? e));
}

function tokenForm() {
  const input = h('input', { type: 'password', name: 'token', placeholder: 'token', autocomplete: 'off' });
  return h('form', { class: 'bar', onsubmit: (ev) => { ev.preventDefault(); sessionStorage.setItem('stormline-token', input.value); location.reload(); } },
    h('label', {}, 'This console needs the token it was started with', input), h('button', { class: 'primary' }, 'Open'));
}

/** Messages as the browser, the search and the live tail show them. */
export function messageTable(messages) {
  return table([
    { title: 'partition', num: true, cell: m => m.partition },
    { title: 'offset', num: true, cell: m => m.offset },
    { title: 'time', cell: m => fmt.time(m.timestamp) },
    { title: 'key', cell: m => h('code', {}, m.key ?? 'null') },
    { title: 'headers', cell: m => headersView(m.headers) },
    { title: 'value', cell: m => valueView(m.value) },
  ], messages, 'No messages in range.');
}
