// The console's shell: sign-in, the status line, and hash routing to the views (#/exceptions, #/reports/{source}/{id},
// #/reconciliation[/{runId}], #/charts). No data lives here: each view asks the API when it is shown.
import { setUpSignIn } from './identity.js';
import { showExceptions } from './views/exceptions.js';
import { showStory } from './views/story.js';
import { showReconciliation } from './views/reconciliation.js';
import { showCharts } from './views/charts.js';

const status = document.getElementById('status');
const main = document.getElementById('main');
let generation = 0;

/** Says <text> in the status line, which screen readers read out (aria-live). */
export function announce(text, kind = 'info') {
  status.textContent = text;
  status.dataset.kind = kind;
}

/** A path segment as typed; a malformed escape is taken as it stands rather than breaking the page. */
function decode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function route() {
  const hash = location.hash.replace(/^#/, '') || '/exceptions';
  const [path, query = ''] = hash.split('?');
  const parts = path.split('/').filter(p => p.length > 0).map(decode);
  const params = new URLSearchParams(query);
  if (parts[0] === 'reports' && parts.length === 3) return { view: 'exceptions', show: showStory, args: { source: parts[1], reportId: parts[2] } };
  if (parts[0] === 'reconciliation') return { view: 'reconciliation', show: showReconciliation, args: { runId: parts[1] ?? null } };
  if (parts[0] === 'charts') return { view: 'charts', show: showCharts, args: {} };
  return { view: 'exceptions', show: showExceptions, args: { params } };
}

async function render() {
  const current = ++generation;
  const { view, show, args } = route();
  for (const link of document.querySelectorAll('nav a[data-view]')) {
    if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }

  announce('');
  const container = document.createElement('div');
  main.replaceChildren(container);
  // A view that finishes after the person moved on must not draw over the newer one.
  const context = { container, announce, isCurrent: () => current === generation, reload: render };
  await show(context, args);
  if (context.isCurrent()) {
    document.title = `${document.getElementById('view-heading')?.textContent ?? 'Console'} · FinanceFlow console`;
  }
}

window.addEventListener('hashchange', async () => {
  await render();
  document.getElementById('view-heading')?.focus();
});

setUpSignIn(render, announce);
render();
