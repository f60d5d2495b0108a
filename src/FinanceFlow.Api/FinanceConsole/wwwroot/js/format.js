// How amounts, times and durations read on the page. Amounts are shown with their currency, never converted.

export function money(amount, currency) {
  if (amount === null || amount === undefined) return null;
  if (!currency) return String(amount);
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'code' }).format(amount);
  } catch {
    return `${currency} ${amount}`;
  }
}

export function time(iso) {
  if (!iso) return null;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return at.toISOString().replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
}

/** "3 d 4 h", "25 min": how long ago <iso> was. */
export function age(iso, now = Date.now()) {
  if (!iso) return null;
  const minutes = Math.max(0, Math.round((now - new Date(iso).getTime()) / 60000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

export function minutes(value) {
  if (value === null || value === undefined) return null;
  if (value < 120) return `${Math.round(value * 10) / 10} min`;
  return `${Math.round(value / 6) / 10} h`;
}

export function bytes(length) {
  if (length === null || length === undefined) return null;
  if (length < 1024) return `${length} B`;
  if (length < 1024 * 1024) return `${Math.round(length / 102.4) / 10} KiB`;
  return `${Math.round(length / 104857.6) / 10} MiB`;
}

export function yesNo(value) {
  return value === true ? 'yes' : value === false ? 'no' : null;
}
