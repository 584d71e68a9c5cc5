import { api, h, info, confirmAction, errorBox } from '../lib.js';

// Operator actions on topics: create (on the list), delete and config changes (on a topic's page). Hidden for viewers.

/** `name=value` lines to an object; blank lines and # comments skipped. */
export function pairs(text, separator = '=') {
  const out = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const at = line.indexOf(separator);
    out.push(at < 0 ? [line, ''] : [line.slice(0, at).trim(), line.slice(at + 1).trim()]);
  }
  return out;
}

export function createTopicForm(after) {
  if (info.readOnly) return '';
  const name = h('input', { name: 'new-topic', placeholder: 'name', size: 24, required: true });
  const partitions = h('input', { name: 'partitions', value: '1', size: 4 });
  const replication = h('input', { name: 'replication', placeholder: 'default', size: 6 });
  const configs = h('textarea', { name: 'configs', rows: 2, cols: 36, placeholder: 'retention.ms=3600000' });
  const out = h('div', { 'data-testid': 'create-result' });
  const submit = async (ev) => {
    ev.preventDefault();
    try {
      const created = await api('/api/topics', { method: 'POST', body: JSON.stringify({
        name: name.value, partitions: Number(partitions.value), replicationFactor: replication.value ? Number(replication.value) : null,
        configs: Object.fromEntries(pairs(configs.value)) }) });
      out.replaceChildren(h('div', { class: 'notice' }, 'Created ', h('a', { href: `#/topics/${encodeURIComponent(created.name)}` }, created.name), ` with ${created.partitions} partition(s).`));
      name.value = '';
      await after();
    } catch (e) { out.replaceChildren(errorBox(e)); }
  };
  return h('details', { class: 'action' }, h('summary', {}, 'Create a topic'),
    h('form', { class: 'bar', onsubmit: submit },
      h('label', {}, 'name', name), h('label', {}, 'partitions', partitions), h('label', {}, 'replication factor', replication),
      h('label', {}, 'configs (name=value a line)', configs), h('button', { class: 'primary', 'data-action': 'create-topic' }, 'Create')), out);
}

export function deleteTopicButton(topic) {
  if (info.readOnly) return '';
  const out = h('span', { 'data-testid': 'delete-result' });
  const remove = async () => {
    if (!await confirmAction('Delete this topic?', `Delete ${topic} and every message on it. Producers and consumers of it will fail. This cannot be undone.`)) return;
    try {
      await api(`/api/topics/${encodeURIComponent(topic)}`, { method: 'DELETE' });
      location.hash = '#/topics';
    } catch (e) { out.replaceChildren(errorBox(e)); }
  };
  return h('span', {}, h('button', { class: 'danger', 'data-action': 'delete-topic', onclick: remove }, 'Delete topic…'), out);
}

/** Sets a config or returns it to its default; names from the topic's own configs as suggestions. */
export function configForm(topic, configs, after) {
  if (info.readOnly) return '';
  const list = h('datalist', { id: 'config-names' }, configs.map(c => h('option', { value: c.name })));
  const name = h('input', { name: 'config-name', list: 'config-names', placeholder: 'retention.ms', size: 28 });
  const value = h('input', { name: 'config-value', placeholder: 'value', size: 20 });
  const out = h('div', { 'data-testid': 'config-result' });
  const change = (op) => async (ev) => {
    ev.preventDefault();
    try {
      const done = await api(`/api/topics/${encodeURIComponent(topic)}/configs`, { method: 'POST', body: JSON.stringify({ changes: [{ name: name.value, value: op === 'set' ? value.value : null, op }] }) });
      out.replaceChildren(h('div', { class: 'notice' }, done.map(c => c.op === 'set' ? `${c.name} set to ${c.value}` : `${c.name} back to its default`).join(', ')));
      await after();
    } catch (e) { out.replaceChildren(errorBox(e)); }
  };
  return h('div', {}, h('form', { class: 'bar', onsubmit: change('set') }, list,
    h('label', {}, 'config', name), h('label', {}, 'value', value),
    h('button', { class: 'primary', 'data-action': 'set-config' }, 'Set'),
    h('button', { type: 'button', 'data-action': 'reset-config', onclick: change('delete') }, 'Back to default')), out);
}
