import { h, fmt, events, errorBox, messageTable } from '../lib.js';

// Searches a topic with a filter expression (docs/console.md): bounded by matches, records read and seconds.
export function searchForm(topic) {
  const filter = h('input', { name: 'filter', size: 60, placeholder: 'value.customerId == "c-42" && header.traceparent exists' });
  const time = h('input', { name: 'search-time', placeholder: 'from the start', size: 20 });
  const limit = h('input', { name: 'search-limit', value: '50', size: 4 });
  const seconds = h('input', { name: 'seconds', value: '10', size: 3 });
  const out = h('div', { 'data-testid': 'search' });
  const run = async (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams({ filter: filter.value, limit: limit.value, seconds: seconds.value });
    if (time.value) q.set('time', time.value);
    const progress = h('p', { class: 'muted', 'data-testid': 'search-progress' }, 'Searching…');
    out.replaceChildren(progress);
    try {
      // Streamed, so a long search shows how far it has read while it runs.
      await events(`/api/topics/${encodeURIComponent(topic)}/search?${q}`, (type, r) => {
        if (type === 'progress') progress.textContent = `Searching… ${fmt.n(r.matched)} match(es) · ${fmt.n(r.scanned)} of ${fmt.n(r.inRange)} read`;
        else if (type === 'result') {
          progress.textContent = `${r.messages.length} match(es) · ${fmt.n(r.scanned)} of ${fmt.n(r.inRange)} read in ${fmt.n(r.elapsedMs)} ms` +
            (r.complete ? ' · searched to the end' : ' · stopped early (limit, scan budget or time): narrow the filter or start later');
          out.replaceChildren(progress, messageTable(r.messages));
        }
      });
    } catch (e) { out.replaceChildren(errorBox(e)); }
  };
  return h('div', {}, h('form', { class: 'bar', onsubmit: run },
    h('label', {}, 'filter', filter), h('label', {}, 'from time', time), h('label', {}, 'max matches', limit), h('label', {}, 'seconds', seconds),
    h('button', { class: 'primary' }, 'Search')), out);
}
