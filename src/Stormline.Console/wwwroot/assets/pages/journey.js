import { api, h, fmt, badge, valueView, headersView, errorBox } from '../lib.js';

export async function journey(root, [orderId]) {
  const input = h('input', { name: 'order', placeholder: 'order id', size: 40, value: orderId ?? '' });
  const out = h('div', { 'data-testid': 'journey' });
  const show = async (ev) => {
    ev?.preventDefault();
    if (!input.value.trim()) return;
    history.replaceState(null, '', `#/journey/${encodeURIComponent(input.value.trim())}`);
    out.replaceChildren(h('p', { class: 'muted' }, 'Searching…'));
    try { draw(out, await api(`/api/journey/${encodeURIComponent(input.value.trim())}`)); } catch (e) { out.replaceChildren(errorBox(e)); }
  };
  root.replaceChildren(h('h1', {}, 'Order journey'),
    h('form', { class: 'bar', onsubmit: show }, h('label', {}, 'order id', input), h('button', { class: 'primary' }, 'Show journey')), out);
  if (orderId) await show();
}

function draw(out, j) {
  const traces = [...new Set(j.steps.map(s => s.traceId).filter(Boolean))];
  out.replaceChildren(
    h('p', {}, `${j.steps.length} event(s) across ${j.topics.join(', ')} · `,
      traces.length === 1 ? h('span', {}, 'one trace ', h('code', {}, traces[0])) : `${traces.length} trace(s)`),
    h('ol', { class: 'timeline' }, j.steps.map(s => h('li', { 'data-event': s.eventType ?? '' },
      h('div', {}, h('b', {}, s.eventType ?? '(no event-type header)'), ' ', badge(s.message.topic), ' ',
        h('span', { class: 'muted' }, `${fmt.time(s.message.timestamp)} · partition ${s.message.partition} · offset ${s.message.offset}`),
        s.traceId ? h('span', { class: 'muted' }, ' · trace ', h('code', {}, s.traceId)) : ''),
      headersView(s.message.headers), valueView(s.message.value)))),
    ...j.traces.map(traceView));
}

/** The spans services exported to the console for one trace, as a waterfall on a shared time axis. */
function traceView(t) {
  if (t.spans.length === 0) {
    return h('p', { class: 'muted' }, 'Trace ', h('code', {}, t.traceId), ': no spans received (services export them with OTEL_EXPORTER_OTLP_ENDPOINT pointing at this console).');
  }
  const start = Math.min(...t.spans.map(s => Date.parse(s.start)));
  const end = Math.max(...t.spans.map(s => Date.parse(s.start) + s.durationMs));
  const total = Math.max(1, end - start);
  return h('section', { 'data-testid': 'trace' },
    h('h2', {}, 'Trace ', h('code', {}, t.traceId), ` · ${t.spans.length} span(s) · ${total.toFixed(1)} ms`),
    h('table', {}, h('tbody', {}, t.spans.map(s => h('tr', { class: s.error ? 'span-error' : null, 'data-span': s.name },
      h('td', {}, badge(s.service)), h('td', {}, h('code', {}, s.name), ' ', h('span', { class: 'muted' }, s.kind)),
      h('td', { style: 'width:45%' }, h('div', { class: 'span-bar', style: `margin-left:${((Date.parse(s.start) - start) / total) * 100}%;width:${Math.max(0.5, (s.durationMs / total) * 100)}%` })),
      h('td', { class: 'num' }, `${s.durationMs.toFixed(1)} ms`))))));
}
