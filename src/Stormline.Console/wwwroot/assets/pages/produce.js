import { api, h, info, errorBox } from '../lib.js';
import { pairs } from './topic-admin.js';

// Produces one message to a topic: key, headers, and a value sent as typed or encoded with a registered schema.
export async function produceForm(topic, partitions) {
  if (info.readOnly) return '';
  let subjects = [];
  try { subjects = await api('/api/schemas'); } catch { /* no registry: plain values only */ }
  const ours = subjects.filter(s => s === `${topic}-value` || s.startsWith(`${topic}-`));
  const subject = h('select', { name: 'subject' }, h('option', { value: '' }, 'none (send as typed)'),
    [...ours, ...subjects.filter(s => !ours.includes(s))].map(s => h('option', { value: s }, s)));
  const version = h('input', { name: 'version', placeholder: 'latest', size: 6 });
  const partition = h('select', { name: 'produce-partition' }, h('option', { value: '' }, 'by key'), partitions.map(p => h('option', { value: p.partition }, p.partition)));
  const key = h('input', { name: 'produce-key', placeholder: 'key (empty: null)', size: 24 });
  const headers = h('textarea', { name: 'headers', rows: 3, cols: 40, placeholder: 'event-type: OrderCreated' });
  const value = h('textarea', { name: 'value', rows: 6, cols: 70, placeholder: '{"orderId": "o-1"}' });
  const out = h('div', { 'data-testid': 'produce-result' });
  const submit = async (ev) => {
    ev.preventDefault();
    try {
      const sent = await api(`/api/topics/${encodeURIComponent(topic)}/messages`, { method: 'POST', body: JSON.stringify({
        key: key.value === '' ? null : key.value,
        headers: pairs(headers.value, ':').map(([name, v]) => ({ name, value: v })),
        value: value.value, subject: subject.value || null,
        version: version.value ? Number(version.value) : null, partition: partition.value === '' ? null : Number(partition.value) }) });
      out.replaceChildren(h('div', { class: 'notice' }, `Produced to ${sent.topic}[${sent.partition}]@${sent.offset}`, sent.schemaId ? ` as ${sent.format}, schema ${sent.schemaId}` : ''));
    } catch (e) { out.replaceChildren(errorBox(e)); }
  };
  return h('details', { class: 'action' }, h('summary', {}, 'Produce a message'),
    h('form', { onsubmit: submit },
      h('div', { class: 'bar' }, h('label', {}, 'key', key), h('label', {}, 'partition', partition),
        h('label', {}, 'schema subject', subject), h('label', {}, 'version', version)),
      h('div', { class: 'bar' }, h('label', {}, 'headers (name: value a line)', headers), h('label', {}, 'value (JSON when a subject is picked)', value)),
      h('button', { class: 'primary', 'data-action': 'produce' }, 'Produce')), out);
}
