// Who calls the API: the same identity the API itself accepts. A pasted bearer token (a development token locally, an Entra ID access
// token anywhere) kept in sessionStorage, so it lives as long as this tab; in the Functions app also the App Service (Easy Auth) session
// cookie, which the browser sends by itself to the same origin, and the function key the /api/v1 routes need there.

const TokenKey = 'financeflow.console.token';
const FunctionKeyKey = 'financeflow.console.functionKey';

/** True when served by the Functions app (under its api route prefix) rather than the self-host. */
export const onFunctionsApp = location.pathname.startsWith('/api/console');

export function token() {
  return sessionStorage.getItem(TokenKey) ?? '';
}

export function functionKey() {
  return sessionStorage.getItem(FunctionKeyKey) ?? '';
}

/** The headers every API call carries. */
export function headers() {
  const result = {};
  if (token()) result.Authorization = `Bearer ${token()}`;
  if (onFunctionsApp && functionKey()) result['x-functions-key'] = functionKey();
  return result;
}

/**
 * What the token says about its holder, read only to tell the person who they appear to be: the API validates the token and decides.
 * Null when there is no token or it is not a readable JWT.
 */
export function claims() {
  const parts = token().split('.');
  if (parts.length !== 3) return null;
  try {
    const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(parts[1].length / 4) * 4, '='));
    const payload = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, c => c.charCodeAt(0))));
    const roles = Array.isArray(payload.roles) ? payload.roles : payload.roles ? [payload.roles] : [];
    return {
      name: payload.preferred_username ?? payload.email ?? payload.upn ?? payload.sub ?? 'unknown',
      roles,
      expires: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null,
    };
  } catch {
    return null;
  }
}

function summary() {
  const who = claims();
  if (who) {
    const expired = who.expires && who.expires.getTime() < Date.now();
    return `Signed in as ${who.name} with ${who.roles.length ? who.roles.join(', ') : 'no FinanceFlow role'}`
      + (expired ? ' (the token has expired: sign in again).' : '.');
  }

  if (token()) return 'Signed in with a token this page cannot read; the API decides what it allows.';
  return onFunctionsApp ? 'Using your Microsoft sign-in session, if you have one.' : 'Not signed in.';
}

/** Wires the sign-in form; <changed> runs after a sign-in or sign-out so the view loads again with the new identity. */
export function setUpSignIn(changed, announce) {
  const form = document.getElementById('sign-in-form');
  const details = document.getElementById('sign-in');
  const tokenInput = document.getElementById('token');
  const keyInput = document.getElementById('function-key');
  const show = () => {
    document.getElementById('identity-summary').textContent = summary();
    document.getElementById('sign-out').hidden = !token();
    details.querySelector('summary').textContent = token() ? 'Sign in with another token' : 'Sign in';
  };

  if (onFunctionsApp) {
    document.getElementById('platform-sign-in').hidden = false;
    document.getElementById('function-key-field').hidden = false;
    document.getElementById('platform-logout').hidden = false;
  }

  if (!token() && !onFunctionsApp) details.open = true;
  keyInput.value = functionKey();
  show();

  form.addEventListener('submit', event => {
    event.preventDefault();
    const pasted = tokenInput.value.trim().replace(/^Bearer\s+/i, '');
    if (pasted) sessionStorage.setItem(TokenKey, pasted);
    if (onFunctionsApp) sessionStorage.setItem(FunctionKeyKey, keyInput.value.trim());
    tokenInput.value = '';
    show();
    details.open = false;
    announce(summary());
    changed();
  });

  document.getElementById('sign-out').addEventListener('click', () => {
    sessionStorage.removeItem(TokenKey);
    sessionStorage.removeItem(FunctionKeyKey);
    tokenInput.value = '';
    keyInput.value = '';
    show();
    announce('Signed out: the token is no longer kept in this tab.');
    changed();
  });
}
