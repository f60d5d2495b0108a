// Throughput, failure reasons and sync lag (approval to posting) over the last 14 days, from GET /api/v1/metrics?days=14:
// { from, to, truncated, totals:{posted,rejected,failed,awaitingResolution},
//   days:[{date, posted, rejected, failed, awaitingResolution, lag:{count,p50Minutes,p90Minutes,maxMinutes}|null}], failureReasons:[{code,count}] }.
// Each chart has the same numbers as a table beside it.
import { call } from '../api.js';
import { h, fill, table, facts, heading } from '../dom.js';
import { minutes } from '../format.js';
import { stackedBars, horizontalBars, lines } from '../svg.js';

const Days = 14;
const Outcomes = [['posted', 'posted'], ['rejected', 'rejected'], ['failed', 'failed'], ['awaitingResolution', 'awaiting a person']];

export async function showCharts({ container, announce, isCurrent }) {
  const body = h('div', { id: 'charts' }, h('p', {}, 'Loading the metrics…'));
  container.append(heading(`Charts: the last ${Days} days`), body);

  const answer = await call('GET', `/api/v1/metrics?days=${Days}`);
  if (!isCurrent()) return;
  if (answer.status === 404) {
    fill(body, h('p', { class: 'empty', id: 'metrics-unavailable' }, 'Metrics not available: this host does not serve GET /api/v1/metrics.'));
    announce('Metrics not available on this host.');
    return;
  }

  if (!answer.ok) {
    fill(body, h('p', { class: 'error' }, answer.message));
    announce(answer.message, 'error');
    return;
  }

  const metrics = answer.data;
  const days = metrics.days ?? [];
  const labels = days.map(d => String(d.date).slice(5));
  const every = days.length > 16 ? Math.ceil(days.length / 8) : 1;
  fill(body,
    facts([
      ['From', metrics.from],
      ['To', metrics.to],
      ...Outcomes.map(([key, name]) => [`Reports ${name}`, String(metrics.totals?.[key] ?? 0)]),
    ]),
    metrics.truncated ? h('p', { class: 'note' }, 'Not every event of the period was counted (the answer is truncated): the figures are a lower bound.') : null,
    figure('chart-throughput', 'Throughput: reports per day by outcome',
      stackedBars('chart-throughput-caption', labels, Outcomes.map(([key, name]) => ({ name, values: days.map(d => d[key] ?? 0) })), { every }),
      legend(Outcomes.map(([, name]) => name)),
      table('Reports per day', ['Day', ...Outcomes.map(([, name]) => name)], days.map(d => [d.date, ...Outcomes.map(([key]) => String(d[key] ?? 0))]), 'No day in the period.')),
    reasons(metrics.failureReasons ?? []),
    figure('chart-lag', 'Sync lag: minutes from approval to posting (median and 90th percentile per day)',
      lines('chart-lag-caption', labels, [
        { name: 'median', values: days.map(d => d.lag?.p50Minutes ?? null) },
        { name: '90th percentile', values: days.map(d => d.lag?.p90Minutes ?? null) },
      ], { every, format: minutes }),
      legend(['median', '90th percentile']),
      table('Sync lag per day', ['Day', 'Reports posted', 'Median', '90th percentile', 'Longest'],
        days.map(d => [d.date, String(d.lag?.count ?? 0), minutes(d.lag?.p50Minutes), minutes(d.lag?.p90Minutes), minutes(d.lag?.maxMinutes)]),
        'No day in the period.')));
  announce(`Metrics from ${metrics.from} to ${metrics.to}.`);
}

function reasons(list) {
  const sorted = [...list].sort((a, b) => b.count - a.count);
  if (sorted.length === 0) {
    return h('section', { 'aria-labelledby': 'chart-reasons-caption' }, h('h2', { id: 'chart-reasons-caption' }, 'Failure reasons'), h('p', { class: 'empty' }, 'No failure in the period.'));
  }

  return figure('chart-reasons', 'Failure reasons: reports per finding or failure code',
    horizontalBars('chart-reasons-caption', sorted.map(r => ({ label: r.code, value: r.count }))),
    null,
    table('Failures by reason', ['Reason', 'Reports'], sorted.map(r => [r.code, String(r.count)]), 'No failure.'));
}

function figure(id, caption, svg, key, numbers) {
  return h('figure', { id, class: 'chart-figure' },
    h('figcaption', { id: `${id}-caption` }, caption),
    svg,
    key,
    h('details', {}, h('summary', {}, 'The numbers as a table'), numbers));
}

function legend(names) {
  return h('ul', { class: 'legend', 'aria-hidden': 'true' }, names.map((name, k) => h('li', {}, h('span', { class: `swatch series-${k}` }), name)));
}
