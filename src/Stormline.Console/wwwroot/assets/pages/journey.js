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
      headersView(s.message.headers), valueView(s.message.value)))));
}
