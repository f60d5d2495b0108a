// One report's story: GET /api/v1/reports/{source}/{reportId}/story — status, findings, journals, ERP documents, receipts, audit trail —
// and what a person may do about it (story-actions.js).
import { call, reportPath } from '../api.js';
import { h, fill, table, facts, heading } from '../dom.js';
import { money, time, bytes, yesNo } from '../format.js';
import { actions } from './story-actions.js';

export async function showStory(context, { source, reportId }) {
  const { container, announce, isCurrent } = context;
  const body = h('div', { id: 'story' }, h('p', {}, 'Loading the report…'));
  container.append(heading(`Report ${source}/${reportId}`), body);

  const load = async () => {
    const answer = await call('GET', reportPath(source, reportId, '/story'));
    if (!isCurrent()) return null;
    if (!answer.ok) {
      fill(body, h('p', { class: 'error' }, answer.message));
      announce(answer.message, 'error');
      return null;
    }

    // Keep the focus where it was when the story is drawn again (after an action, while the run goes on).
    const focused = document.activeElement?.id;
    const story = answer.data;
    fill(body,
      statusSection(story.status),
      actions(context, story, load),
      findingsSection(story.findings ?? []),
      journalsSection(story.journals ?? []),
      documentsSection(story.erpDocuments ?? []),
      attachmentsSection(story.attachments ?? []),
      auditSection(story.audit ?? []));
    if (focused) document.getElementById(focused)?.focus();
    return story;
  };

  const story = await load();
  if (story) announce(`Report ${source}/${reportId}: ${story.status.outcome}.`);
}

function section(id, title, ...content) {
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), content);
}

function statusSection(s) {
  return section('story-status-heading', 'Status', facts([
    ['Outcome', h('span', { class: `outcome outcome-${s.outcome}` }, s.outcome), 'story-outcome'],
    ['Stage', s.stage],
    ['Run', s.runtimeStatus ? `${s.runtimeStatus} (${s.instanceId})` : s.instanceId],
    ['Version', `v${s.version}`],
    ['Employee', [s.employeeName, s.employeeId].filter(Boolean).join(' · ')],
    ['Legal entity', s.legalEntity],
    ['Amount', money(s.totalAmount, s.currency)],
    ['ERP document', s.erpDocumentNumber],
    ['Why it failed', s.failureReason],
    ['Paid', s.paidAt ? `${money(s.paidAmount, s.currency)} at ${time(s.paidAt)} (${s.paymentReference ?? 'no reference'})` : null],
    ['Received', time(s.receivedAt)],
    ['Last change', time(s.updatedAt)],
  ]));
}

function findingsSection(findings) {
  return section('story-findings-heading', 'Findings', table('Findings of the last run',
    ['Code', 'Severity', 'May be overridden', 'Message', 'Where'],
    findings.map(f => [f.code, f.severity, yesNo(f.overridable), f.message, f.path]),
    'No findings: the report passed every check.'));
}

function journalsSection(journals) {
  return section('story-journals-heading', 'Journals',
    journals.length === 0 ? h('p', { class: 'empty' }, 'No journal yet: nothing was posted for this report.') : journals.map(journal));
}

function journal(j, index) {
  const id = `journal-${index}`;
  const lines = j.lines === null || j.lines === undefined
    ? h('p', { class: 'empty' }, `Lines not available: ${j.linesUnavailable ?? 'unknown reason'}.`)
    : table(`Lines of ${j.reference} as the report codes them now`, ['Account', 'Role', 'Debit', 'Credit', 'Cost center', 'Project', 'Memo'],
      j.lines.map(l => [l.account, l.role, money(l.debit, l.currency), money(l.credit, l.currency), l.costCenter, l.project, l.memo]),
      'No lines.');
  return h('article', { 'aria-labelledby': id, class: 'journal' },
    h('h3', { id }, `${j.reference} — ${j.entity}`),
    facts([
      ['Amount', money(j.amount, j.currency)],
      ['Ledger', j.ledger],
      ['Posting', j.postingState],
      ['Document', j.documentNumber],
      ['Journal date', j.journalDate],
      ['Posted', time(j.postedAt)],
      ['Detail', j.postingDetail],
      ['Lines agree with the posting', yesNo(j.linesAgree)],
    ]),
    lines);
}

function documentsSection(documents) {
  return section('story-documents-heading', 'ERP documents', table('ERP documents, one per legal entity',
    ['Entity', 'Ledger', 'Amount', 'Reference', 'Document', 'Note'],
    documents.map(d => [d.entity, d.ledger, money(d.amount, d.currency), d.reference, d.documentNumber, d.reason]),
    'No ERP document.'));
}

function attachmentsSection(attachments) {
  return section('story-attachments-heading', 'Receipts', table('Receipts kept for this version',
    ['File', 'Type', 'Size', 'SHA-256', 'Link expires'],
    attachments.map(a => [h('a', { href: a.downloadUrl, download: a.fileName, rel: 'noreferrer' }, `Download ${a.fileName}`), a.contentType,
      bytes(a.length), a.sha256 ? `${a.sha256.slice(0, 12)}…` : null, time(a.expiresAt)]),
    'No receipt is kept for this version.'));
}

function auditSection(rows) {
  return section('story-audit-heading', 'Audit trail', table('Every step, oldest first',
    ['#', 'At', 'Version', 'Step', 'Outcome', 'Who', 'Detail'],
    rows.map((r, i) => [String(r.sequence ?? i + 1), time(r.at), `v${r.version}`, r.step, r.outcome, r.actor, r.detail]),
    'No audit row.'));
}
