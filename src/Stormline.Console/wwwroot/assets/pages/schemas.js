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
  const diff = h('div', {});
  const draw = () => {
    const a = versions.find(v => String(v.version) === left.value), b = versions.find(v => String(v.version) === right.value);
    diff.replaceChildren(sideBySide(a.schema.split('\n'), b.schema.split('\n')));
  };
  left.addEventListener('change', draw); right.addEventListener('change', draw);
  root.replaceChildren(h('h2', {}, s.subject),
    h('p', {}, 'compatibility ', badge(s.compatibility, 'ok'), ` · ${versions.length} version(s) · `, badge(versions[versions.length - 1].type)),
    h('div', { class: 'bar' }, h('label', {}, 'left', left), h('label', {}, 'right', right)), diff);
  draw();
}

/** A line diff (longest common subsequence) drawn in two aligned columns. */
function sideBySide(a, b) {
  const n = a.length, m = b.length, lcs = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const l = [], r = [];
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) { l.push([a[i++], '']); r.push([b[j++], '']); }
    else if (j < m && (i >= n || lcs[i][j + 1] >= lcs[i + 1][j])) { l.push(['', 'gap']); r.push([b[j++], 'add']); }
    else { l.push([a[i++], 'del']); r.push(['', 'gap']); }
  }
  const col = (lines) => h('div', { class: 'col' }, lines.map(([t, c]) => h('div', { class: `ln ${c}` }, t)));
  return h('div', { class: 'diff', 'data-testid': 'diff' }, col(l), col(r));
}
