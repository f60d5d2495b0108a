// Every datum comes from FinanceFlow's /api/v1 routes, called with the signed-in identity; refusals are shown as the API words them.
import { headers, onFunctionsApp } from './identity.js';

export const Roles = {
  Reader: 'FinanceFlow.Reader',
  Operator: 'FinanceFlow.Operator',
  Approver: 'FinanceFlow.Approver',
};

/**
 * Calls the API. Resolves to { ok, status, data } where data is the JSON answer (null when none), and, when not ok, message: one
 * plain sentence for the person (401 and 403 say what is missing, <role> being the role the call needs), then the problem's detail.
 */
export async function call(method, path, { body, role = Roles.Reader } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers() }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }

  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    return { ok: false, status: 0, data: null, message: `The API could not be reached (${error.message}). Is the host running?` };
  }

  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }

  return response.ok
    ? { ok: true, status: response.status, data }
    : { ok: false, status: response.status, data, message: explain(response.status, data, role) };
}

function explain(status, problem, role) {
  const detail = problem?.detail ? ` ${problem.detail}` : '';
  const type = typeof problem?.type === 'string' ? problem.type.split('/').pop() : '';
  if (status === 401) {
    const how = onFunctionsApp ? 'sign in with Microsoft or paste an access token (and the function key)' : 'paste a token under “Sign in”';
    return `Not signed in (401): no valid token came with the request, or it has expired; ${how}.${detail}`;
  }

  if (status === 403 && (type === 'forbidden' || !type)) {
    return `Refused (403): your token lacks the ${role} role.${detail}`;
  }

  const title = problem?.title ?? `HTTP ${status}`;
  const errors = Array.isArray(problem?.errors) ? problem.errors.map(e => ` ${e.pointer ? `${e.pointer}: ` : ''}${e.detail}`).join('') : '';
  return `${title} (${status}):${detail}${errors && !detail.includes(errors.trim()) ? errors : ''}`;
}

/** "/api/v1/reports/{source}/{reportId}…" with each segment escaped. */
export function reportPath(source, reportId, rest = '') {
  return `/api/v1/reports/${encodeURIComponent(source)}/${encodeURIComponent(reportId)}${rest}`;
}
