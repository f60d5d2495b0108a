// Small charts as inline SVG, drawn from numbers the page already has: no library, no canvas, readable at any zoom. Colours come from
// classes in console.css (series-0…3), so the style sheet alone decides them and no inline style is needed.
const Ns = 'http://www.w3.org/2000/svg';

function el(tag, attributes = {}, ...children) {
  const node = document.createElementNS(Ns, tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== null && value !== undefined) node.setAttribute(name, String(value));
  for (const child of children) if (child) node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}

function frame(labelId, width, height) {
  return el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': labelId, class: 'chart', preserveAspectRatio: 'xMinYMin meet' });
}

/** A round top for the axis: 1, 2, 5 × 10^n at or above <max>. */
function niceMax(max) {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map(m => m * power).find(v => v >= max);
}

function axis(svg, { left, top, plotWidth, plotHeight, max, format }) {
  for (const fraction of [0, 0.5, 1]) {
    const y = top + plotHeight - fraction * plotHeight;
    svg.append(el('line', { x1: left, x2: left + plotWidth, y1: y, y2: y, class: 'grid' }));
    svg.append(el('text', { x: left - 6, y: y + 4, class: 'tick', 'text-anchor': 'end' }, format(max * fraction)));
  }
}

/** Stacked bars per category (e.g. per day) of several series; <labels> under every <every>th bar. */
export function stackedBars(labelId, categories, series, { every = 1 } = {}) {
  const [width, height, left, top, bottom] = [720, 260, 44, 12, 40];
  const plotWidth = width - left - 8;
  const plotHeight = height - top - bottom;
  const totals = categories.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const svg = frame(labelId, width, height);
  axis(svg, { left, top, plotWidth, plotHeight, max, format: v => String(Math.round(v)) });
  const slot = plotWidth / Math.max(1, categories.length);
  categories.forEach((category, i) => {
    let base = top + plotHeight;
    series.forEach((s, k) => {
      const value = s.values[i] ?? 0;
      if (value <= 0) return;
      const barHeight = (value / max) * plotHeight;
      base -= barHeight;
      svg.append(el('rect', { x: left + i * slot + slot * 0.15, y: base, width: slot * 0.7, height: barHeight, class: `series-${k}` },
        el('title', {}, `${category}: ${value} ${s.name}`)));
    });
    if (i % every === 0) svg.append(el('text', { x: left + i * slot + slot / 2, y: height - bottom + 16, class: 'tick', 'text-anchor': 'middle' }, category));
  });
  return svg;
}

/** Horizontal bars, one per item, longest first as given. */
export function horizontalBars(labelId, items) {
  const [width, rowHeight, left] = [720, 26, 220];
  const height = Math.max(1, items.length) * rowHeight + 8;
  const max = niceMax(Math.max(0, ...items.map(i => i.value)));
  const svg = frame(labelId, width, height);
  items.forEach((item, i) => {
    const y = 4 + i * rowHeight;
    const barWidth = (item.value / max) * (width - left - 60);
    svg.append(el('text', { x: left - 8, y: y + rowHeight / 2 + 4, class: 'tick', 'text-anchor': 'end' }, item.label));
    svg.append(el('rect', { x: left, y: y + 4, width: Math.max(barWidth, 1), height: rowHeight - 8, class: 'series-2' }, el('title', {}, `${item.label}: ${item.value}`)));
    svg.append(el('text', { x: left + barWidth + 6, y: y + rowHeight / 2 + 4, class: 'tick' }, String(item.value)));
  });
  return svg;
}

/** Lines of several series over categories; a null value leaves a gap (no point that day). */
export function lines(labelId, categories, series, { every = 1, format = String } = {}) {
  const [width, height, left, top, bottom] = [720, 260, 56, 12, 40];
  const plotWidth = width - left - 8;
  const plotHeight = height - top - bottom;
  const max = niceMax(Math.max(0, ...series.flatMap(s => s.values.filter(v => v !== null && v !== undefined))));
  const svg = frame(labelId, width, height);
  axis(svg, { left, top, plotWidth, plotHeight, max, format });
  const slot = plotWidth / Math.max(1, categories.length);
  const x = i => left + i * slot + slot / 2;
  const y = v => top + plotHeight - (v / max) * plotHeight;
  series.forEach((s, k) => {
    let run = [];
    const flush = () => {
      if (run.length > 1) svg.append(el('polyline', { points: run.join(' '), class: `line series-line-${k}` }));
      run = [];
    };
    s.values.forEach((value, i) => {
      if (value === null || value === undefined) {
        flush();
        return;
      }

      run.push(`${x(i)},${y(value)}`);
      svg.append(el('circle', { cx: x(i), cy: y(value), r: 4, class: `series-${k}` }, el('title', {}, `${categories[i]}: ${s.name} ${format(value)}`)));
    });
    flush();
  });
  categories.forEach((category, i) => {
    if (i % every === 0) svg.append(el('text', { x: x(i), y: height - bottom + 16, class: 'tick', 'text-anchor': 'middle' }, category));
  });
  return svg;
}
