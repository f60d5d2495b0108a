// Builds the page from data without ever parsing it as HTML: every value becomes a text node.

/** An element with attributes (class, id, href, …; on* keys become listeners) and children (nodes, strings, arrays, null). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces <parent>'s content with <children> (nodes, strings, arrays; null and false are left out). */
export function fill(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** A table with a caption, column headers and one row per item; a cell is a value or a node. Empty: the text instead of the table. */
export function table(caption, columns, rows, empty) {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h('div', { class: 'table-wrap' },
    h('table', {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.map(cells => h('tr', {}, cells.map((cell, i) => i === 0 ? h('th', { scope: 'row' }, cell ?? '—') : h('td', {}, cell ?? '—')))))));
}

/** A description list of [term, value] pairs, leaving out empty values. */
export function facts(pairs, attributes = {}) {
  return h('dl', { class: 'facts', ...attributes },
    pairs.filter(([, value]) => value !== null && value !== undefined && value !== '')
      .map(([term, value, id]) => [h('dt', {}, term), h('dd', id ? { id } : {}, value)]));
}

/** The view's heading: focused after navigation so keyboard and screen reader users start there. */
export function heading(text) {
  return h('h1', { tabindex: '-1', id: 'view-heading' }, text);
}

export function link(href, text) {
  return h('a', { href }, text);
}
