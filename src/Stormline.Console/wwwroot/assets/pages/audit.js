import { api, h, table, fmt, badge } from '../lib.js';

// Every offset reset and redrive made through this console: who, what, when, and each partition's offsets.
export async function audit(root) {
  const entries = await api('/api/audit');
  const offsets = e => h('ul', { class: 'offsets' }, e.offsets.map(o =>
    h('li', {}, h('code', {}, `${o.topic}[${o.partition}]`), ' ', o.before === null || o.before === undefined ? '' : `${fmt.n(o.before)} → `, fmt.n(o.after))));
  root.replaceChildren(h('h1', {}, 'Audit log'),
    h('p', { class: 'muted' }, 'Every offset reset and dead-letter redrive, newest first. A reset shows each partition\'s committed offset before → after; a redrive, where the copy was written.'),
    h('div', { 'data-testid': 'audit' }, table([
      { title: 'time', cell: e => fmt.time(e.time) },
      { title: 'who', cell: e => h('span', {}, h('b', {}, e.user), ' ', badge(e.role)) },
      { title: 'action', cell: e => e.action },
      { title: 'what', cell: e => e.target },
      { title: 'offsets', cell: offsets },
    ], entries, 'No resets or redrives yet.')));
}
