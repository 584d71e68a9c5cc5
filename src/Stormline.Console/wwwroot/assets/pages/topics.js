import { api, h, table, fmt, badge, errorBox, messageTable } from '../lib.js';
import { createTopicForm, deleteTopicButton, configForm } from './topic-admin.js';
import { produceForm } from './produce.js';
import { searchForm } from './search.js';
import { tailView } from './tail.js';

const pageSize = 50;

export async function topics(root, [name]) {
  if (name) return topicDetail(root, name);
  const state = { search: '', page: 0 };
  const search = h('input', { type: 'search', name: 'search', placeholder: 'search topics', value: state.search, 'aria-label': 'search topics' });
  const results = h('div', {});
  const load = async () => {
    const page = await api(`/api/topics?search=${encodeURIComponent(state.search)}&page=${state.page}&size=${pageSize}`);
    const pages = Math.max(1, Math.ceil(page.total / pageSize));
    results.replaceChildren(
      h('div', { class: 'pager' },
        h('button', { disabled: state.page === 0, onclick: () => { state.page--; load(); } }, '‹ prev'),
        h('span', { 'data-testid': 'topic-count' }, `${fmt.n(page.total)} topics · page ${state.page + 1} of ${pages}`),
        h('button', { disabled: state.page + 1 >= pages, onclick: () => { state.page++; load(); } }, 'next ›')),
      table([
        { title: 'topic', cell: t => h('a', { href: `#/topics/${encodeURIComponent(t.name)}` }, t.name) },
        { title: 'partitions', num: true, cell: t => t.partitions },
        { title: 'messages', num: true, cell: t => fmt.n(t.messages) },
        { title: 'under-replicated', num: true, cell: t => t.underReplicated },
        { title: 'size (bytes)', num: true, cell: t => fmt.n(t.sizeBytes) },
      ], page.topics, 'No topic matches.'));
  };
  let timer;
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => { state.search = search.value; state.page = 0; load().catch(e => results.replaceChildren(errorBox(e))); }, 250); });
  root.replaceChildren(h('h1', {}, 'Topics'), createTopicForm(load), h('div', { class: 'bar' }, search), results);
  await load();
}

async function topicDetail(root, name) {
  let t = await api(`/api/topics/${encodeURIComponent(name)}`);
  const showAll = h('input', { type: 'checkbox' });
  const configs = h('div', { 'data-testid': 'configs' });
  const reloadConfigs = async () => { t = await api(`/api/topics/${encodeURIComponent(name)}`); drawConfigs(); };
  const drawConfigs = () => configs.replaceChildren(table([
    { title: 'name', cell: c => h('code', {}, c.name) },
    { title: 'value', cell: c => c.value ?? '(sensitive)' },
    { title: 'source', cell: c => c.isDefault ? badge('default') : badge(c.source, 'ok') },
  ], t.configs.filter(c => showAll.checked || !c.isDefault), 'Every config is at its default.'));
  showAll.addEventListener('change', drawConfigs);
  drawConfigs();
  root.replaceChildren(
    h('p', {}, h('a', { href: '#/topics' }, '‹ all topics')),
    h('div', { class: 'bar' }, h('h1', {}, name), deleteTopicButton(name)),
    h('h2', {}, 'Partitions'),
    table([
      { title: 'partition', num: true, cell: p => p.partition },
      { title: 'leader', num: true, cell: p => p.leader },
      { title: 'replicas', cell: p => p.replicas.join(', ') },
      { title: 'in sync', cell: p => p.isr.join(', ') },
      { title: 'earliest', num: true, cell: p => fmt.n(p.earliest) },
      { title: 'latest', num: true, cell: p => fmt.n(p.latest) },
      { title: 'messages', num: true, cell: p => fmt.n(p.messages) },
      { title: 'size (bytes)', num: true, cell: p => fmt.n(p.sizeBytes) },
    ], t.partitions),
    h('h2', {}, 'Messages'),
    await produceForm(name, t.partitions),
    browser(name, t.partitions),
    h('h2', {}, 'Search'),
    searchForm(name),
    h('h2', {}, 'Live tail'),
    tailView(name),
    h('h2', {}, 'Configs ', h('label', { style: 'display:inline-flex;flex-direction:row;gap:4px' }, showAll, 'show defaults')),
    configForm(name, t.configs, reloadConfigs),
    configs);
}

function browser(topic, partitions) {
  const partition = h('select', { name: 'partition' }, h('option', { value: '' }, 'all'), partitions.map(p => h('option', { value: p.partition }, p.partition)));
  const offset = h('input', { name: 'offset', placeholder: 'offset', size: 8 });
  const time = h('input', { name: 'time', placeholder: '2026-11-25T12:00:00Z', size: 22 });
  const key = h('input', { name: 'key', placeholder: 'key contains', size: 16 });
  const limit = h('input', { name: 'limit', value: '50', size: 4 });
  const out = h('div', { 'data-testid': 'messages' });
  const read = async (ev) => {
    ev?.preventDefault();
    const q = new URLSearchParams();
    for (const [k, el] of Object.entries({ partition, offset, time, key, limit })) if (el.value) q.set(k, el.value);
    out.replaceChildren(h('p', { class: 'muted' }, 'Reading…'));
    try {
      const r = await api(`/api/topics/${encodeURIComponent(topic)}/messages?${q}`);
      out.replaceChildren(
        h('p', { class: 'muted' }, `${r.messages.length} message(s), ${fmt.n(r.scanned)} scanned${r.complete ? '' : ' (stopped early; narrow the search)'}`),
        messageTable(r.messages));
    } catch (e) { out.replaceChildren(errorBox(e)); }
  };
  const form = h('form', { class: 'bar', onsubmit: read },
    h('label', {}, 'partition', partition), h('label', {}, 'from offset', offset), h('label', {}, 'or from time', time),
    h('label', {}, 'key', key), h('label', {}, 'limit', limit), h('button', { class: 'primary' }, 'Read'));
  read();
  return h('div', {}, form, out);
}
