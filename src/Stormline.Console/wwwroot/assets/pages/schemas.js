import { api, h, badge, errorBox } from '../lib.js';

export async function schemas(root, [subject]) {
  const subjects = await api('/api/schemas');
  const detail = h('div', {}, subject ? '' : h('p', { class: 'muted' }, subjects.length ? 'Pick a subject.' : 'The registry has no subjects.'));
  root.replaceChildren(h('h1', {}, 'Schemas'), h('div', { class: 'split' },
    h('nav', { class: 'list', 'data-testid': 'subjects' }, subjects.map(s => h('a', { href: `#/schemas/${encodeURIComponent(s)}`, class: s === subject ? 'active' : null }, s))),
    detail));
  if (subject) {
    try { drawSubject(detail, await api(`/api/schemas/${encodeURIComponent(subject)}`)); } catch (e) { detail.replaceChildren(errorBox(e)); }
  }
}

function drawSubject(root, s) {
  const versions = s.versions;
  const pick = (name, selected) => h('select', { name }, versions.map(v => h('option', { value: v.version, selected: v.version === selected }, `v${v.version} (id ${v.id})`)));
  const left = pick('left', versions[Math.max(0, versions.length - 2)].version);
  const right = pick('right', versions[versions.length - 1].version);
  const changes = h('div', {});
  const text = h('pre', { class: 'value' });
  const draw = async () => {
    text.textContent = versions.find(v => String(v.version) === right.value).schema;
    try {
      const list = await api(`/api/schemas/${encodeURIComponent(s.subject)}/changes?from=${left.value}&to=${right.value}`);
      changes.replaceChildren(changeTable(list));
    } catch (e) { changes.replaceChildren(errorBox(e)); }
  };
  left.addEventListener('change', draw); right.addEventListener('change', draw);
  root.replaceChildren(h('h2', {}, s.subject),
    h('p', {}, 'compatibility ', badge(s.compatibility, 'ok'), ` · ${versions.length} version(s) · `, badge(versions[versions.length - 1].type)),
    h('div', { class: 'bar' }, h('label', {}, 'from', left), h('label', {}, 'to', right)), changes, h('h3', {}, 'schema (to)'), text);
  draw();
}

/** Field-level changes with the levels each breaks and the registry check's reasons. */
function changeTable(list) {
  if (list.length === 0) return h('p', { class: 'muted', 'data-testid': 'changes' }, 'No changes between these versions.');
  const shape = (c) => c.before === null ? c.after : c.after === null ? c.before : `${c.before} → ${c.after}`;
  return h('table', { 'data-testid': 'changes' },
    h('thead', {}, h('tr', {}, ['change', 'field', 'before → after', 'breaks', 'why'].map(t => h('th', {}, t)))),
    h('tbody', {}, list.map(c => h('tr', {},
      h('td', {}, c.kind),
      h('td', {}, h('code', {}, c.path || '(schema)')),
      h('td', {}, h('code', {}, shape(c) ?? '')),
      h('td', {}, c.brokenLevels.length ? c.brokenLevels.map(l => badge(l, 'bad')) : badge('compatible', 'ok')),
      h('td', {}, c.breaks.map(b => h('div', {}, `${b.level}: ${b.errorType}: ${b.reason}`)))))));
}
