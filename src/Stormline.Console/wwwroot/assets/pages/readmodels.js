import { api, h, table, fmt, badge, info, confirmAction, errorBox, every } from '../lib.js';

// Each service's read models, read through the console from the service's own /stormline/read-models, with the
// zero-downtime rebuild (the same as `stormline projections rebuild`): queries keep reading the live version.
export async function readmodels(root) {
  const out = h('div', {});
  const progress = m => m.state === 'rebuilding'
    ? `version ${m.targetVersion}: ${m.percent}% · ${fmt.n(Math.round(m.eventsPerSecond))} events/s${m.etaSeconds === null ? '' : ` · ETA ${fmt.age(m.etaSeconds)}`}`
    : m.rebuiltAt ? `last rebuilt ${fmt.time(m.rebuiltAt)}` : '';
  const draw = async () => {
    const services = await api('/api/read-models');
    out.replaceChildren(...services.map(s => h('section', { 'data-testid': 'service-read-models', 'data-service': s.service },
      h('h2', {}, s.service, ' ', h('span', { class: 'muted' }, s.baseUrl)),
      s.error ? h('p', { class: 'notice' }, s.error) : table([
        { title: 'read model', cell: m => h('code', {}, m.readModel) },
        { title: 'state', cell: m => badge(m.state, m.state === 'idle' ? 'ok' : 'WARN') },
        { title: 'live version', cell: m => h('span', { 'data-testid': 'active-version' }, `${m.activeVersion}`) },
        { title: 'rebuild', cell: progress },
        { title: '', cell: m => info.readOnly || m.state === 'rebuilding' ? ''
            : h('button', { class: 'danger', 'data-action': 'rebuild', onclick: () => rebuild(s, m) }, 'Rebuild') },
      ], s.readModels, 'This service has no read models.'))));
  };
  const rebuild = async (s, m) => {
    if (!await confirmAction(`Rebuild ${m.readModel} of ${s.service}?`,
      `Version ${m.activeVersion + 1} replays the whole log beside the live version ${m.activeVersion}, which keeps answering queries until the new one has caught up and is swapped in.`)) return;
    try {
      await api(`/api/read-models/${encodeURIComponent(s.service)}/${encodeURIComponent(m.readModel)}/rebuild`, { method: 'POST' });
      await draw();
    } catch (e) { out.prepend(errorBox(e)); }
  };
  root.replaceChildren(h('h1', {}, 'Read models'),
    h('p', { class: 'muted' }, 'Each service\'s read models with their live version. A rebuild fills the next version from the start of the log beside the live one, then swaps it in.'), out);
  await draw();
  every(2000, () => draw().catch(e => out.replaceChildren(errorBox(e))));
}
