import { api, h, table, fmt, badge, every, errorBox, sparkline } from '../lib.js';

function card(label, value, id, bad = false) {
  return h('div', { class: `card${bad ? ' bad' : ''}`, 'data-testid': id }, h('div', { class: 'n' }, fmt.n(value)), h('div', { class: 'l' }, label));
}

function trend(label, points, id, show) {
  const values = points.map(p => p.value);
  return h('div', { class: 'card', 'data-testid': `trend-${id}` },
    h('div', { class: 'n' }, values.length ? show(values[values.length - 1]) : '–'),
    sparkline(values, 180, 30, label), h('div', { class: 'l' }, values.length < 2 ? `${label} (collecting…)` : label));
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
        card('total lag', o.trends.totalLag.at(-1)?.value, 'total-lag')),
      h('h2', {}, 'Trends'),
      h('section', { class: 'cards' },
        trend('messages/s, all topics', o.trends.throughput, 'throughput', fmt.rate),
        trend('total consumer lag', o.trends.totalLag, 'lag', fmt.n),
        h('div', { class: 'card' }, h('div', { class: 'l' }, 'group lag status'),
          Object.entries(o.trends.groupStatuses).map(([k, v]) => h('span', {}, badge(`${k} ${v}`, k))))),
      o.trends.collectorError ? h('p', { class: 'error' }, `Collector: ${o.trends.collectorError}`) : '',
      h('h2', {}, 'Alerts'),
      table([
        { title: 'alert', cell: a => h('b', {}, a.name) },
        { title: 'state', cell: a => badge(a.state.toLowerCase()) },
        { title: 'severity', cell: a => a.severity },
        { title: 'summary', cell: a => a.summary },
        { title: 'since', cell: a => fmt.time(a.activeSince) },
      ], o.alerts, 'No alerts pending or firing.'),
      h('h2', {}, 'Services'),
      table([
        { title: 'service', cell: s => s.name },
        { title: 'status', cell: s => s.ready ? badge('ready', 'ok') : badge('not ready', 'bad') },
        { title: 'answer', cell: s => s.detail },
        { title: 'checked', cell: s => fmt.time(s.checkedAt) },
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
