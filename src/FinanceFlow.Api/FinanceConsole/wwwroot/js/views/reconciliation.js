// The reconciliation runs (GET /api/v1/reconciliations) and one run's differences (GET /api/v1/reconciliations/{runId}): the newest
// unless the address names another.
import { call } from '../api.js';
import { h, fill, table, facts, heading, link } from '../dom.js';
import { time } from '../format.js';

export async function showReconciliation({ container, announce, isCurrent }, { runId }) {
  const runs = h('div', { id: 'runs' }, h('p', {}, 'Loading the runs…'));
  const detail = h('div', { id: 'run-detail' });
  container.append(heading('Reconciliation'), detail, runs);

  const list = await call('GET', '/api/v1/reconciliations?top=10');
  if (!isCurrent()) return;
  if (!list.ok) {
    fill(runs, h('p', { class: 'error' }, list.message));
    announce(list.message, 'error');
    return;
  }

  const summaries = list.data ?? [];
  fill(runs, h('section', { 'aria-labelledby': 'runs-heading' },
    h('h2', { id: 'runs-heading' }, 'Recent runs'),
    table('The last runs, newest first', ['Run', 'Started', 'Outcome', 'Trigger', 'Ledgers', 'Matched', 'Errors', 'Warnings', 'Open reports'],
      summaries.map(r => [link(`#/reconciliation/${encodeURIComponent(r.runId)}`, r.runId), time(r.startedAt), r.outcome, r.trigger,
        String(r.ledgers), String(r.matched), String(r.errors), String(r.warnings), String(r.openItems)]),
      'No reconciliation has run yet: the nightly run, or POST /api/v1/reconciliations, makes the first.')));

  const chosen = runId ?? summaries[0]?.runId;
  if (!chosen) {
    announce('No reconciliation has run yet.');
    return;
  }

  const answer = await call('GET', `/api/v1/reconciliations/${encodeURIComponent(chosen)}`);
  if (!isCurrent()) return;
  if (!answer.ok) {
    fill(detail, h('p', { class: 'error' }, answer.message));
    announce(answer.message, 'error');
    return;
  }

  fill(detail, run(answer.data, runId === null));
  announce(`Reconciliation ${chosen}: ${answer.data.outcome}.`);
}

function run(report, newest) {
  const ledgerFindings = (report.ledgers ?? []).flatMap(l => l.findings ?? []);
  const threeWay = report.threeWay;
  const forFinance = (threeWay?.findings ?? []).filter(f => !f.redrive);
  return h('section', { 'aria-labelledby': 'run-heading' },
    h('h2', { id: 'run-heading' }, `${newest ? 'Last run' : 'Run'} ${report.runId}: ${report.outcome}`),
    facts([
      ['Started', time(report.startedAt)],
      ['Finished', time(report.finishedAt)],
      ['Trigger', report.trigger],
      ['Stuck reports the watchdog ran again (24 h)', String(report.watchdogRedrives ?? 0)],
    ]),
    table('Each ledger against FinanceFlow\'s postings', ['Ledger', 'Ledger transactions', 'FinanceFlow postings', 'Matched', 'Differences'],
      (report.ledgers ?? []).map(l => [l.ledger, String(l.erpTransactions), String(l.recordedPostings), String(l.matched), String((l.findings ?? []).length)]),
      'No ledger was compared.'),
    h('h3', {}, 'Ledger differences'),
    table('Differences between the posting log and the ledgers', ['Reference', 'Ledger', 'Severity', 'Code', 'Message', 'What to do'],
      ledgerFindings.map(f => [f.reference, f.ledger, f.severity, f.code, f.message, f.action]),
      'None: every ledger holds what FinanceFlow posted.'),
    threeWay ? [
      h('h3', {}, `Three-way: platforms, FinanceFlow and the ledgers (${threeWay.window})`),
      facts([
        ['Approved on the platforms', String(threeWay.approved)],
        ['Tracked by FinanceFlow', String(threeWay.tracked)],
        ['Ledger entries', String(threeWay.ledgerEntries)],
        ['Matched', String(threeWay.matched)],
        ['Sent through the pipeline again', String((threeWay.redriven ?? []).length)],
        ['Platforms that could not be read', (threeWay.platforms ?? []).filter(p => p.error).map(p => `${p.source}: ${p.error}`).join('; ')],
      ]),
      table('Three-way differences for finance (not sent again by the run)', ['Document', 'Class', 'Reference', 'Ledger', 'Ours', 'Theirs', 'Message'],
        forFinance.map(f => [`${f.source}/${f.documentId}`, f.class, f.reference, f.ledger, f.ours, f.theirs, f.message]),
        'None left for a person.'),
    ] : null,
    h('h3', {}, 'Reports still open at the run'),
    table('Open reports', ['Report', 'Kind', 'Outcome', 'Since', 'Reason'],
      (report.openItems ?? []).map(i => [i.source === 'cards' ? `${i.source}/${i.reportId}` : link(`#/reports/${encodeURIComponent(i.source)}/${encodeURIComponent(i.reportId)}`, `${i.source}/${i.reportId}`),
        i.kind, i.outcome, time(i.since), i.reason]),
      'None.'));
}
