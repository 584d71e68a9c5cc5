import { api, h, table, fmt, badge, info, confirmAction, every, errorBox, sparkline } from '../lib.js';

export async function groups(root, [name]) {
  if (name) return groupDetail(root, name);
  const list = await api('/api/groups');
  root.replaceChildren(h('h1', {}, 'Consumer groups'), table([
    { title: 'group', cell: g => h('a', { href: `#/groups/${encodeURIComponent(g.group)}` }, g.group) },
    { title: 'state', cell: g => badge(g.state) },
    { title: 'lag status', cell: g => badge(g.status) },
    { title: 'members', num: true, cell: g => g.members },
    { title: 'lag', num: true, cell: g => fmt.n(g.lag) },
    { title: 'lag in time', num: true, cell: g => fmt.age(g.lagSeconds) },
  ], list, 'No consumer groups.'));
}

async function groupDetail(root, name) {
  const body = h('div', {});
  const draw = async () => {
    const g = await api(`/api/groups/${encodeURIComponent(name)}`);
    body.replaceChildren(
      h('p', {}, 'State ', badge(g.state), ' · lag status ', h('span', { 'data-testid': 'group-status' }, badge(g.trend.status)), ' · assignor ', h('code', {}, g.assignor || '–'), ' · total lag ', h('b', { 'data-testid': 'group-lag' }, fmt.n(g.partitions.reduce((s, p) => s + p.lag, 0))),
        ' · behind by ', h('b', { 'data-testid': 'group-lag-seconds', title: 'age of the oldest record not consumed yet, at the last poll' }, fmt.age(maxAge(g.partitions)))),
      h('h2', {}, 'Members'),
      table([
        { title: 'client', cell: m => m.clientId },
        { title: 'host', cell: m => m.host },
        { title: 'assignment', cell: m => m.assignment.join(', ') },
      ], g.members, 'No members: the group is empty.'),
      h('h2', {}, 'Partitions'),
      table([
        { title: 'topic', cell: p => h('a', { href: `#/topics/${encodeURIComponent(p.topic)}` }, p.topic) },
        { title: 'partition', num: true, cell: p => p.partition },
        { title: 'committed', num: true, cell: p => fmt.n(p.committed) },
        { title: 'log end', num: true, cell: p => fmt.n(p.end) },
        { title: 'lag', num: true, cell: p => fmt.n(p.lag) },
        { title: 'lag in time', num: true, cell: p => fmt.age(p.lagSeconds) },
        { title: 'lag over time', cell: p => trendOf(g, p) },
        { title: 'owner', cell: p => p.owner ?? '–' },
      ], g.partitions, 'No committed offsets.'));
  };
  root.replaceChildren(h('p', {}, h('a', { href: '#/groups' }, '‹ all groups')), h('div', { class: 'bar' }, h('h1', {}, name), info.readOnly ? '' : deleteButton(name)),
    body, info.readOnly ? '' : resetForm(name, draw));
  await draw();
  every(3000, () => draw().catch(e => body.replaceChildren(errorBox(e))));
}

// The largest measured age; null when no partition was measured (nothing to show rather than a made-up 0).
function maxAge(partitions) {
  const measured = partitions.map(p => p.lagSeconds).filter(s => s !== null && s !== undefined);
  return measured.length ? Math.max(...measured) : null;
}

function trendOf(g, p) {
  const t = g.trend.partitions.find(x => x.topic === p.topic && x.partition === p.partition);
  if (!t) return h('span', { class: 'muted' }, 'collecting…');
  return h('span', {}, sparkline(t.lag.map(x => x.value), 140, 24, `lag of ${p.topic}[${p.partition}]`), ' ', t.status ? badge(t.status) : '');
}

function resetForm(group, after) {
  const to = h('select', { name: 'to' }, ['earliest', 'latest', 'offset', 'timestamp'].map(v => h('option', { value: v }, v)));
  const timestamp = h('input', { name: 'timestamp', placeholder: '2026-11-25T12:00:00Z', size: 22 });
  const offset = h('input', { name: 'offset', placeholder: 'offset', size: 8 });
  const topic = h('input', { name: 'topic', placeholder: 'all topics', size: 18 });
  const out = h('div', { 'data-testid': 'reset-result' });
  const submit = async (ev) => {
    ev.preventDefault();
    const what = to.value === 'timestamp' ? `the first offset at ${timestamp.value}` : to.value === 'offset' ? `offset ${offset.value}` : `the ${to.value} offset`;
    if (!await confirmAction('Reset offsets?', `Move ${group}'s committed offsets${topic.value ? ` on ${topic.value}` : ''} to ${what}. Its consumers will re-read or skip messages.`)) return;
    try {
      const r = await api(`/api/groups/${encodeURIComponent(group)}/reset`, { method: 'POST', body: JSON.stringify({ to: to.value, timestamp: timestamp.value || null, topic: topic.value || null, offset: offset.value === '' ? null : (/^\d+$/.test(offset.value) ? Number(offset.value) : offset.value) }) });
      out.replaceChildren(h('div', { class: 'notice' }, `Reset ${r.partitions.length} partition(s): `, r.partitions.map(p => `${p.topic}[${p.partition}]→${p.offset}`).join(', ')));
      await after();
    } catch (e) { out.replaceChildren(errorBox(e)); }
  };
  return h('section', {}, h('h2', {}, 'Reset offsets'),
    h('p', { class: 'muted' }, 'Only an empty group (no running consumers) can be reset.'),
    h('form', { class: 'bar', onsubmit: submit }, h('label', {}, 'to', to), h('label', {}, 'offset', offset), h('label', {}, 'timestamp', timestamp), h('label', {}, 'topic', topic),
      h('button', { class: 'danger', 'data-action': 'reset' }, 'Reset offsets…')), out);
}

// Kafka deletes only an empty group; the console says so (409) rather than trying while consumers run.
function deleteButton(group) {
  const out = h('span', { 'data-testid': 'group-delete-result' });
  const remove = async () => {
    if (!await confirmAction('Delete this consumer group?', `Delete ${group} and its committed offsets. Its consumers will start again from their auto.offset.reset position.`)) return;
    try {
      await api(`/api/groups/${encodeURIComponent(group)}`, { method: 'DELETE' });
      location.hash = '#/groups';
    } catch (e) { out.replaceChildren(errorBox(e)); }
  };
  return h('span', {}, h('button', { class: 'danger', 'data-action': 'delete-group', onclick: remove }, 'Delete group…'), out);
}
