import { api, h, table, fmt, badge, info, confirmAction, valueView, errorBox } from '../lib.js';

export async function deadletters(root) {
  const out = h('div', {});
  const draw = async () => {
    const letters = await api('/api/deadletters');
    out.replaceChildren(table([
      { title: 'time', cell: d => fmt.time(d.message.timestamp) },
      { title: 'dead letter', cell: d => h('code', {}, `${d.message.topic}[${d.message.partition}]@${d.message.offset}`) },
      { title: 'key', cell: d => h('code', {}, d.message.key ?? 'null') },
      { title: 'error', cell: d => h('div', {}, h('b', {}, d.error ?? '(no dlq-error header)'), d.exceptionType ? h('div', { class: 'muted' }, d.exceptionType) : '') },
      { title: 'value', cell: d => valueView(d.message.value) },
      { title: 'original topic', cell: d => d.originalTopic },
      { title: '', cell: d => d.redrivenTo ? badge(`redriven → ${d.redrivenTo}`, 'ok')
          : info.readOnly ? '' : h('button', { class: 'danger', 'data-action': 'redrive', onclick: () => redrive(d) }, 'Redrive') },
    ], letters, 'No dead letters: every *.dlq topic is empty.'));
  };
  const redrive = async (d) => {
    const m = d.message;
    if (!await confirmAction('Redrive this dead letter?', `Send ${m.topic}[${m.partition}]@${m.offset} (key ${m.key}) back to ${d.originalTopic}. Its consumer will process it again.`)) return;
    try {
      await api(`/api/deadletters/${encodeURIComponent(m.topic)}/${m.partition}/${m.offset}/redrive`, { method: 'POST' });
      await draw();
    } catch (e) { out.prepend(errorBox(e)); }
  };
  root.replaceChildren(h('h1', {}, 'Dead letters'), h('p', { class: 'muted' }, 'Messages on every *.dlq topic, newest first, with the error their consumer gave.'), out);
  await draw();
}
