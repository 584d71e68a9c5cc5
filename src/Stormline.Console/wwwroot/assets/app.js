// The console's shell: a hash router, the API client (with the bearer token when one is needed) and DOM helpers.
import { overview } from './pages/overview.js';
import { topics } from './pages/topics.js';
import { groups } from './pages/groups.js';
import { schemas } from './pages/schemas.js';
import { model } from './pages/model.js';
import { drift } from './pages/drift.js';
import { journey } from './pages/journey.js';
import { deadletters } from './pages/deadletters.js';
import { readmodels } from './pages/readmodels.js';
import { audit } from './pages/audit.js';
import { h, info, loadInfo, stopTimers, errorBox } from './lib.js';

const pages = { overview, topics, groups, schemas, model, drift, journey, deadletters, readmodels, audit };

async function route() {
  stopTimers();
  const [name, ...rest] = (location.hash.replace(/^#\/?/, '') || 'overview').split('/');
  const page = pages[name] ?? overview;
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.page === name);
  const root = document.getElementById('page');
  root.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  try {
    await page(root, rest.map(decodeURIComponent));
  } catch (e) {
    root.replaceChildren(errorBox(e));
  }
}

async function start() {
  const url = new URL(location.href);
  if (url.searchParams.has('token')) {
    sessionStorage.setItem('stormline-token', url.searchParams.get('token'));
    url.searchParams.delete('token');
    history.replaceState(null, '', url);
  }
  try {
    await loadInfo();
    document.getElementById('mode').textContent = `${info.bootstrapServers} · ${info.user} (${info.role})${info.readOnly ? ' · read-only' : ''}`;
    await route();
  } catch (e) {
    document.getElementById('page').replaceChildren(errorBox(e));
  }
}

window.addEventListener('hashchange', route);
start();
