import { api, h, table, fmt, badge } from '../lib.js';

// Every action taken through this console: who, what, when, and the partitions' offsets it touched.
export async function audit(root) {
  const entries = await api('/api/audit');
  const offsets = e => h('ul', { class: 'offsets' }, e.offsets.map(o =>
    h('li', {}, h('code', {}, `${o.topic}[${o.partition}]`), ' ', o.before === null || o.before === undefined ? '' : `${fmt.n(o.before)} → `, o.after < 0 ? 'deleted' : fmt.n(o.after))));
  root.replaceChildren(h('h1', {}, 'Audit log'),
    h('p', { class: 'muted' }, 'Every action, newest first: offset resets, redrives, produced messages, topic creations, deletions and config changes, group deletions. A reset shows each partition\'s committed offset before → after; a redrive or a produce, where the message was written; a group deletion, the offsets it had.'),
    h('div', { 'data-testid': 'audit' }, table([
      { title: 'time', cell: e => fmt.time(e.time) },
      { title: 'who', cell: e => h('span', {}, h('b', {}, e.user), ' ', badge(e.role)) },
      { title: 'action', cell: e => e.action },
      { title: 'what', cell: e => e.target },
      { title: 'offsets', cell: offsets },
    ], entries, 'No actions yet.')));
}
