// What a person may do about one report, where the API allows it: resolve an exception that waits (POST …/resolution), run a report
// again (POST …/retry) or start it again from its kept payload (POST …/resubmit). The API decides; its answer is shown as it comes.
import { call, reportPath, Roles } from '../api.js';
import { h } from '../dom.js';
import { time } from '../format.js';

const Decisions = [
  ['approve-override', 'Approve with an override', 'The run goes on and posts; the findings stay as warnings naming you and your reason.', Roles.Approver],
  ['fix-and-retry', 'Fix and retry', 'After master data or mappings were corrected: the report is checked again.', Roles.Operator],
  ['reject', 'Reject', 'The report goes back to its source as returned, with your reason.', `${Roles.Approver} or ${Roles.Operator}`],
];

const RetryOutcomes = ['PostingFailed', 'PostingInDoubt', 'AwaitingMasterData'];
const FollowFor = 120_000;
const FollowEvery = 1_500;

export function actions(context, story, load) {
  const { source, reportId, outcome, runtimeStatus } = story.status;
  const canResubmit = outcome === 'PostingFailed' || runtimeStatus === 'Failed' || runtimeStatus === 'Terminated';
  const canRetry = RetryOutcomes.includes(outcome);
  const result = context.actionResult
    ? h('p', { id: 'action-result', class: context.actionResult.kind }, context.actionResult.text)
    : h('p', { id: 'action-result', hidden: true });

  const send = async (label, path, body, role) => {
    const before = story;
    const answer = await call('POST', reportPath(source, reportId, path), { body, role });
    if (!context.isCurrent()) return;
    const text = answer.ok ? accepted(label, answer.data) : answer.message;
    context.actionResult = { text, kind: answer.ok ? 'ok' : 'error' };
    context.announce(text, answer.ok ? 'info' : 'error');
    const after = await load();
    if (answer.ok && after) await follow(context, load, before, after);
  };

  const refresh = async () => {
    const latest = await load();
    if (latest) context.announce(`Report ${source}/${reportId}: ${latest.status.outcome} (read again).`);
  };
  const buttons = [h('button', { type: 'button', id: 'refresh', onclick: refresh }, 'Refresh')];
  if (canRetry) {
    buttons.push(h('button', { type: 'button', id: 'retry', onclick: () => send('Retry', '/retry', undefined, Roles.Operator) }, 'Retry the posting'));
  }

  if (canResubmit) {
    buttons.push(h('button', { type: 'button', id: 'resubmit', onclick: () => send('Resubmit', '/resubmit', undefined, Roles.Operator) }, 'Resubmit from the kept payload'));
  }

  return h('section', { 'aria-labelledby': 'story-actions-heading', class: 'actions' },
    h('h2', { id: 'story-actions-heading' }, 'What you can do'),
    outcome === 'AwaitingResolution' ? resolveForm(send) : null,
    !canRetry && !canResubmit && outcome !== 'AwaitingResolution'
      ? h('p', {}, `Nothing to decide: the report is ${outcome}${runtimeStatus ? ` and its run ${runtimeStatus}` : ''}.`)
      : null,
    h('div', { class: 'buttons' }, buttons),
    result);
}

function resolveForm(send) {
  const form = h('form', { id: 'resolve-form', class: 'stack' },
    h('fieldset', {},
      h('legend', {}, 'Resolve the exception'),
      Decisions.map(([value, label, help, role], i) => h('div', { class: 'choice' },
        h('input', { type: 'radio', name: 'action', id: `decision-${value}`, value, checked: i === 0, 'aria-describedby': `decision-${value}-help` }),
        h('label', { for: `decision-${value}` }, label),
        h('p', { class: 'help', id: `decision-${value}-help` }, `${help} Needs ${role}; not the report's employee, submitter or approvers.`)))),
    h('div', { class: 'field' },
      h('label', { for: 'resolution-reason' }, 'Reason'),
      h('textarea', { id: 'resolution-reason', name: 'reason', rows: '3', maxlength: '2000', 'aria-describedby': 'resolution-reason-help' }),
      h('p', { class: 'help', id: 'resolution-reason-help' }, 'Required to approve or reject; kept in the audit trail.')),
    h('div', { class: 'buttons' }, h('button', { type: 'submit', id: 'resolve' }, 'Send the decision')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const action = form.elements.action.value;
    const reason = form.elements.reason.value.trim();
    const role = Decisions.find(([value]) => value === action)[3];
    form.querySelector('#resolve').disabled = true;
    await send('Resolution', '/resolution', reason ? { action, reason } : { action }, role);
  });
  return form;
}

function accepted(label, data) {
  if (data?.action) {
    return `Decision recorded: ${data.action} by ${data.resolver} at ${time(data.at)}${data.repeated ? ' (already recorded: one decision)' : ''}. `
      + 'The run goes on; this page follows it.';
  }

  return `${label} accepted: run ${data?.id ?? ''} started. This page follows it.`;
}

/** Draws the story again until the run settles (ended, or waits for a person under a new exception), or for two minutes. */
async function follow(context, load, before, latest) {
  const started = Date.now();
  let story = latest;
  while (!settled(before, story) && Date.now() - started < FollowFor) {
    await new Promise(resolve => setTimeout(resolve, FollowEvery));
    if (!context.isCurrent()) return;
    story = await load();
    if (!story) return;
  }

  context.announce(`Report ${story.status.source}/${story.status.reportId}: now ${story.status.outcome}.`);
}

function settled(before, after) {
  const [was, now] = [before.status, after.status];
  // A decision is recorded on the status row before the run hears of it: still AwaitingResolution then, with no new exception.
  const waitsAgain = now.outcome === 'AwaitingResolution' && opened(after) > opened(before);
  const moved = now.outcome !== was.outcome || now.updatedAt !== was.updatedAt;
  const running = now.runtimeStatus === 'Running' || now.runtimeStatus === 'Pending';
  return waitsAgain || (moved && !running && now.outcome !== 'Pending' && now.outcome !== 'AwaitingResolution');
}

function opened(story) {
  return (story.audit ?? []).filter(row => row.outcome === 'ExceptionOpened').length;
}
