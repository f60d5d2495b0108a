// The exception queue: GET /api/v1/exceptions with kind, source, entity, olderThan and top, one page at a time (continuation).
import { call } from '../api.js';
import { h, fill, table, heading, link } from '../dom.js';
import { age, time } from '../format.js';

const PageSize = 20;

// The queue's kinds (ExceptionQueue.Kinds); the answer's counts add any the API knows and this list does not.
const Kinds = ['awaiting-resolution', 'posting-failed', 'posting-in-doubt', 'awaiting-master-data', 'stuck', 'rejected', 'dead-lettered', 'receipt-not-attached'];

const Ages = [
  ['', 'any age'], ['PT1H', 'older than 1 hour'], ['PT12H', 'older than 12 hours'], ['P1D', 'older than 1 day'],
  ['P2D', 'older than 2 days'], ['P5D', 'older than 5 days'], ['P7D', 'older than 7 days'], ['P30D', 'older than 30 days'],
];

const Filters = ['kind', 'source', 'entity', 'olderThan'];

export async function showExceptions({ container, announce, isCurrent }, { params }) {
  const results = h('div', { id: 'queue-results' }, h('p', {}, 'Loading the queue…'));
  container.append(heading('Exception queue'), filterForm(params), results);

  const query = new URLSearchParams();
  for (const name of Filters) if (params.get(name)) query.set(name, params.get(name));
  query.set('top', String(PageSize));
  if (params.get('continuation')) query.set('continuation', params.get('continuation'));

  const answer = await call('GET', `/api/v1/exceptions?${query}`);
  if (!isCurrent()) return;
  if (!answer.ok) {
    fill(results, h('p', { class: 'error' }, answer.message));
    announce(answer.message, 'error');
    return;
  }

  const queue = answer.data;
  addKinds(container.querySelector('#filter-kind'), Object.keys(queue.counts ?? {}));
  fill(results,
    counts(queue.counts ?? {}),
    h('p', { id: 'queue-matched' }, `${queue.matched} item(s) match${params.get('continuation') ? '; a later page' : ''}.`),
    items(queue.items ?? []),
    pager(params, queue.continuation),
    lastReconciliation(queue));
  announce(`Exception queue: ${queue.matched} item(s) match, ${(queue.items ?? []).length} shown.`);
}

function filterForm(params) {
  const field = (id, label, control) => h('div', { class: 'field' }, h('label', { for: id }, label), control);
  const kind = h('select', { id: 'filter-kind', name: 'kind' }, h('option', { value: '' }, 'every kind'));
  addKinds(kind, Kinds);
  kind.value = params.get('kind') ?? '';
  const olderThan = h('select', { id: 'filter-age', name: 'olderThan' }, Ages.map(([value, text]) => h('option', { value }, text)));
  olderThan.value = params.get('olderThan') ?? '';
  const text = (id, name, hint) => h('input', { id, name, type: 'text', value: params.get(name) ?? '', placeholder: hint, maxlength: '64', spellcheck: 'false' });

  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter the exception queue' },
    field('filter-kind', 'Kind', kind),
    field('filter-source', 'Source', text('filter-source', 'source', 'e.g. concur')),
    field('filter-entity', 'Legal entity', text('filter-entity', 'entity', 'e.g. US01')),
    field('filter-age', 'Age', olderThan),
    h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Apply filters'), link('#/exceptions', 'Clear')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of Filters) {
      const value = form.elements[name].value.trim();
      if (value) next.set(name, value);
    }

    location.hash = `#/exceptions${next.size ? `?${next}` : ''}`;
  });
  return form;
}

function addKinds(select, kinds) {
  const known = new Set([...select.options].map(o => o.value));
  for (const kind of kinds) if (!known.has(kind)) select.append(h('option', { value: kind }, kind));
}

function counts(byKind) {
  const open = Object.entries(byKind).filter(([, n]) => n > 0);
  if (open.length === 0) return h('p', { class: 'ok' }, 'Nothing is open: every report and card batch went through.');
  return h('section', { 'aria-labelledby': 'counts-heading' },
    h('h2', { id: 'counts-heading' }, 'Open now, by kind'),
    h('ul', { class: 'counts' }, open.map(([kind, n]) => h('li', {}, link(`#/exceptions?kind=${encodeURIComponent(kind)}`, `${kind}: ${n}`)))));
}

function items(list) {
  const reportLink = item => item.source === 'cards' || item.reportId === '(unidentified)'
    ? `${item.source}/${item.reportId}`
    : link(`#/reports/${encodeURIComponent(item.source)}/${encodeURIComponent(item.reportId)}`, `${item.source}/${item.reportId}`);
  return table('Open items, oldest first',
    ['Report', 'Kind', 'Version', 'Outcome', 'Since', 'Entities', 'Reason', 'What to do'],
    list.map(item => [reportLink(item), item.kind, `v${item.version}`, item.outcome, `${time(item.since)} (${age(item.since)} ago)`,
      (item.entities ?? []).join(', ') || null, item.reason, item.action]),
    'No open item matches these filters.');
}

function pager(params, continuation) {
  const at = new URLSearchParams(params);
  const buttons = [];
  if (params.get('continuation')) {
    at.delete('continuation');
    buttons.push(link(`#/exceptions${at.size ? `?${at}` : ''}`, 'First page'));
  }

  if (continuation) {
    const next = new URLSearchParams(params);
    next.set('continuation', continuation);
    buttons.push(link(`#/exceptions?${next}`, 'Next page'));
  }

  return buttons.length ? h('nav', { class: 'pager', 'aria-label': 'Pages of the queue' }, buttons) : null;
}

function lastReconciliation(queue) {
  const run = queue.lastReconciliation;
  const differences = (queue.ledgerDifferences ?? []).length + (queue.reconciliationDifferences ?? []).length;
  return h('p', {},
    run ? [`Last reconciliation ${run.runId}: ${run.outcome} at ${time(run.finishedAt)}, ${differences} difference(s) for finance. `,
      link(`#/reconciliation/${encodeURIComponent(run.runId)}`, 'See the reconciliation')]
      : 'No reconciliation has run yet.');
}
