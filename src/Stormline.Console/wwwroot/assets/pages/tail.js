import { h, events, onLeave, errorBox, messageTable } from '../lib.js';

// Follows a topic live over server-sent events; the stream closes on Stop, on leaving the page, or at its bounds.
export function tailView(topic) {
  const filter = h('input', { name: 'tail-filter', size: 50, placeholder: 'optional filter, e.g. header.event-type == "OrderCreated"' });
  const status = h('span', { class: 'muted', 'data-testid': 'tail-status' }, 'stopped');
  const out = h('div', { 'data-testid': 'tail' });
  const messages = [];
  let controller = null;
  const button = h('button', { class: 'primary', 'data-action': 'tail' }, 'Start');
  const stop = (why) => { controller?.abort(); controller = null; button.textContent = 'Start'; status.textContent = why; };
  const start = async () => {
    controller = new AbortController();
    button.textContent = 'Stop';
    messages.length = 0;
    out.replaceChildren();
    const q = new URLSearchParams();
    if (filter.value) q.set('filter', filter.value);
    try {
      await events(`/api/topics/${encodeURIComponent(topic)}/tail?${q}`, (type, data) => {
        if (type === 'ready') status.textContent = `live from ${data.from.map(p => `[${p.partition}]@${p.offset}`).join(' ')} · at most ${data.maxMessages} messages or ${data.maxSeconds} s`;
        else if (type === 'message') { messages.unshift(data); out.replaceChildren(messageTable(messages.slice(0, 200))); }
        else if (type === 'end') stop(`ended (${data.reason}) after ${data.sent} message(s)`);
      }, controller.signal);
      if (controller) stop('the console closed the stream');
    } catch (e) { stop('stopped'); out.replaceChildren(errorBox(e)); }
  };
  button.addEventListener('click', (ev) => { ev.preventDefault(); controller ? stop('stopped') : start(); });
  onLeave(() => controller?.abort());
  return h('div', {}, h('form', { class: 'bar' }, h('label', {}, 'filter', filter), button, status), out);
}
