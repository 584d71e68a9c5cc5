import { api, h, table, fmt, badge, info } from '../lib.js';

// Where the running system has drifted from its event model: the same check as `stormline model drift`.
export async function drift(root) {
  if (!info.hasModel) {
    root.replaceChildren(h('h1', {}, 'Drift'), h('p', { class: 'notice' }, 'No model file: start the console with --model models/shop.storm.yaml to compare the running system with its event model.'));
    return;
  }
  const r = await api('/api/model/drift');
  const section = (title, hint, rows, columns) => rows.length === 0 ? null :
    h('section', { class: 'drift', 'data-testid': 'drift-section' }, h('h2', {}, `${title} (${rows.length})`), hint ? h('p', { class: 'muted' }, hint) : null, table(columns, rows));
  const text = (title, key) => ({ title, cell: row => key ? row[key] : row });
  const code = (title, key) => ({ title, cell: row => h('code', {}, key ? row[key] : row) });
  const sections = [
    section('Event types on topics the model does not give them', 'From the event-type header (or CloudEvents ce_type) of the latest records of each partition.',
      r.unknownEventTypes, [code('topic', 'topic'), code('event type', 'eventType'), { title: 'records', cell: u => fmt.n(u.records) }]),
    section('Model events not seen in the sample', null, r.unseenEvents, [code('topic', 'topic'), text('event', 'event')]),
    section('Topics in the cluster but not in the plan', null, r.unplannedTopics, [code('topic')]),
    section('Topics in the plan but not in the cluster', 'stormline topics apply creates them.', r.missingTopics, [code('topic')]),
    section('Idle consumer groups', 'No members, or no commit for an hour or more.', r.idleGroups,
      [code('group', 'group'), text('why', 'reason'), { title: 'topics', cell: g => g.topics.join(', ') }]),
    section('Subjects registered but not in the model', null, r.unknownSubjects, [code('subject')]),
    section('Schemas that differ from the model', 'stormline schema diff, or the Schemas page, shows the field-level changes.', r.differingSchemas,
      [code('subject', 'subject'), text('event', 'event'), { title: 'registered', cell: d => d.registeredVersion === null ? badge('not registered', 'WARN') : `version ${d.registeredVersion} differs` }]),
  ].filter(s => s);
  const verdict = r.drift
    ? h('p', { 'data-testid': 'drift-verdict' }, badge(`${r.driftKinds} kind(s) of drift`, 'WARN'))
    : h('p', { 'data-testid': 'drift-verdict' }, badge('No drift', 'ok'), ' the cluster', r.registry ? ' and the registry match' : ' matches', ' the model.');
  root.replaceChildren(h('h1', {}, 'Drift'),
    h('p', { class: 'muted' }, `${r.model} against ${r.bootstrap}${r.registry ? ` and ${r.registry}` : ' (no registry: subjects not checked)'}; ${fmt.n(r.recordsSampled)} record(s) sampled from the end of each partition.`),
    verdict, ...sections);
}
