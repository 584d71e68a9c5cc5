import { api, h, table, fmt, badge, every, errorBox } from '../lib.js';

function card(label, value, id, bad = false) {
  return h('div', { class: `card${bad ? ' bad' : ''}`, 'data-testid': id }, h('div', { class: 'n' }, fmt.n(value)), h('div', { class: 'l' }, label));
}

export async function overview(root) {
  const draw = async () => {
    const o = await api('/api/overview');
    root.replaceChildren(
      h('h1', {}, 'Overview'),
      h('section', { class: 'cards' },
        card('brokers', o.brokers.length, 'brokers'),
        card('topics', o.topics, 'topics'),
        card('partitions', o.partitions, 'partitions'),
        card('under-replicated', o.underReplicated, 'under-replicated', o.underReplicated > 0),
        card('offline', o.offline, 'offline', o.offline > 0),
        card('consumer groups', o.groups, 'groups'),
        card('total lag', o.totalLag, 'total-lag')),
      h('h2', {}, 'Services'),
      table([
        { title: 'service', cell: s => s.name },
        { title: 'status', cell: s => badge(s.status) },
        { title: 'health URL', cell: s => h('code', {}, s.url) },
        { title: 'answer', cell: s => s.error ?? `HTTP ${s.httpStatus} in ${s.milliseconds} ms` },
      ], o.services, 'No services configured.'),
      h('h2', {}, 'Brokers'),
      table([
        { title: 'id', cell: b => b.id },
        { title: 'address', cell: b => `${b.host}:${b.port}` },
      ], o.brokers));
  };
  await draw();
  every(5000, () => draw().catch(e => root.replaceChildren(errorBox(e))));
}
