import { api, h, fmt, every, info } from '../lib.js';

export async function model(root) {
  if (!info.hasModel) {
    root.replaceChildren(h('h1', {}, 'Event model'), h('p', { class: 'notice' }, 'No model file: start the console with --model models/shop.storm.yaml to see the storming board with live rates.'));
    return;
  }
  const html = await api('/api/model/board');
  const board = new DOMParser().parseFromString(html, 'text/html');
  const host = h('div', { class: 'board-host', 'data-testid': 'board' });
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  // The board page's own stylesheet, scoped to the shadow root so it cannot restyle the console.
  style.textContent = [...board.querySelectorAll('style')].map(s => s.textContent).join('\n').replace(/\bbody\b/g, ':host') +
    '.rate{position:absolute;right:4px;bottom:3px;font:600 11px system-ui;background:#fff;border-radius:8px;padding:0 5px;color:#1f2328}.rate.zero{opacity:.55}' +
    '.lane-rate{display:block;margin-top:6px;font:600 12px system-ui;color:#0969da}';
  shadow.append(style, document.importNode(board.querySelector('header'), true), document.importNode(board.querySelector('main'), true));
  const summary = h('p', { class: 'muted' });
  root.replaceChildren(h('h1', {}, 'Event model'), summary, host);

  const draw = async () => {
    const rates = await api('/api/model/rates');
    for (const sticky of shadow.querySelectorAll('.sticky[data-kind="event"], .sticky[data-kind="policy"]')) {
      const rate = (sticky.dataset.kind === 'event' ? rates.events : rates.policies)[sticky.dataset.name] ?? 0;
      let badge = sticky.querySelector('.rate');
      if (!badge) { badge = document.createElement('span'); sticky.append(badge); }
      badge.className = `rate${rate === 0 ? ' zero' : ''}`;
      badge.textContent = fmt.rate(rate);
    }
    for (const lane of shadow.querySelectorAll('.lane')) {
      const topic = lane.querySelector('code')?.textContent;
      let badge = lane.querySelector('.lane-rate');
      if (!badge) { badge = document.createElement('span'); badge.className = 'lane-rate'; lane.querySelector('.lane-head').append(badge); }
      badge.textContent = topic in rates.topics ? `${fmt.rate(rates.topics[topic])} on ${topic}` : 'topic missing';
    }
    summary.textContent = `Messages per second over the last ${rates.windowSeconds} s, by topic and by event-type header${rates.complete ? '' : ' (event types counted on a sample)'}.`;
  };
  await draw();
  every(5000, () => draw().catch(() => { summary.textContent = 'Rates unavailable; retrying.'; }));
}
