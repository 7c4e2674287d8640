/**
 * A chart as a file, made on the page (no worker, no request). The SVG: a copy of each `svg.chart-svg`
 * the chart drew, stacked under its title and legend, with the computed styles that matter written
 * onto every element (the stylesheet stays behind), on a white background. The PNG: that SVG drawn
 * at 2× into a canvas, from a data: URL (the page's Content-Security-Policy allows data: images).
 */
import { saveFile } from '../download';
import { AXIS_TICK, CHART_FONT, COLORS, LINE_WIDTH } from './palette';
import type { LegendItem } from './svg/parts';
import { textWidth } from './svg/labels';

const SVG_NS = 'http://www.w3.org/2000/svg';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/** What a chart's picture carries besides its plots. */
export interface ChartPictureOptions {
  /** Drawn at the top. */
  title: string;
  /** The legend under the title; when absent, read from the chart's HTML legend (ul.chart-legend), if it has one. */
  legend?: readonly LegendItem[];
  /** A line under the plots (the x axis' name). */
  caption?: string;
}

export interface ChartPicture {
  /** A standalone SVG document. */
  svg: string;
  width: number;
  height: number;
}

/** Inherited presentation properties: written where an element's value differs from its parent's. */
const INHERITED = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'stroke-linejoin',
  'stroke-linecap',
  'paint-order',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'visibility',
] as const;
/** Not inherited: written where not at their initial value. */
const OWN = { opacity: '1', display: 'inline' } as const;

/** Writes the computed styles of `source` and its descendants onto `copy` (a deep clone of it) as style attributes. */
function inlineStyles(source: Element, copy: Element): void {
  const sources = [source, ...source.querySelectorAll('*')];
  const copies = [copy, ...copy.querySelectorAll('*')];
  const computed = new Map<Element, CSSStyleDeclaration>();
  const style = (element: Element) => {
    let found = computed.get(element);
    if (!found) computed.set(element, (found = getComputedStyle(element)));
    return found;
  };
  sources.forEach((element, i) => {
    const target = copies[i]!;
    if (element instanceof SVGTitleElement || element.closest('defs')) return;
    const own = style(element);
    const parent = element === source ? null : element.parentElement && style(element.parentElement);
    const declarations: string[] = [];
    for (const name of INHERITED) {
      const value = own.getPropertyValue(name);
      if (value && (!parent || parent.getPropertyValue(name) !== value)) declarations.push(`${name}:${value}`);
    }
    for (const [name, initial] of Object.entries(OWN)) {
      const value = own.getPropertyValue(name);
      if (value && value !== initial) declarations.push(`${name}:${value}`);
    }
    if (declarations.length > 0) target.setAttribute('style', declarations.join(';'));
    else target.removeAttribute('style');
  });
}

/** The items of the chart's HTML legend (ChartLegend), their colours as the page shows them. */
export function htmlLegend(chart: Element): LegendItem[] {
  return [...chart.querySelectorAll('.chart-legend__item')].map((item, i): LegendItem => {
    const swatch = item.querySelector('.chart-legend__swatch');
    const label = item.textContent?.trim() ?? '';
    if (!swatch) return { key: String(i), label, color: COLORS.mark, shape: 'line' };
    const style = getComputedStyle(swatch);
    return swatch.classList.contains('chart-legend__swatch--bar')
      ? { key: String(i), label, color: style.backgroundColor, shape: 'bar', opacity: Number(style.opacity) }
      : { key: String(i), label, color: style.borderTopColor, shape: 'line', dash: style.borderTopStyle === 'dashed' };
  });
}

function element<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, text?: string) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

const PAD = 12;
const TITLE_FONT = 16;
const ROW = CHART_FONT + 8;
const SWATCH = { line: 18, bar: 12 };
const ITEM_GAP = 14;
const TEXT = { 'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', fill: COLORS.mark };

/** Legend items in rows no wider than `width`, each row centred, as the page's legend wraps. */
function legendRows(items: readonly LegendItem[], width: number): { item: LegendItem; x: number }[][] {
  const widthOf = (item: LegendItem) => SWATCH[item.shape] + 6 + textWidth(item.label, CHART_FONT);
  const rows: LegendItem[][] = [];
  let used = Infinity;
  for (const item of items) {
    const w = widthOf(item);
    if (used + ITEM_GAP + w > width) {
      rows.push([item]);
      used = w;
    } else {
      rows[rows.length - 1]!.push(item);
      used += ITEM_GAP + w;
    }
  }
  return rows.map((row) => {
    const total = row.reduce((sum, item, i) => sum + widthOf(item) + (i > 0 ? ITEM_GAP : 0), 0);
    let x = Math.max(0, (width - total) / 2);
    return row.map((item) => {
      const placed = { item, x: Math.round(x * 10) / 10 };
      x += widthOf(item) + ITEM_GAP;
      return placed;
    });
  });
}

function legendGroup(items: readonly LegendItem[], width: number, top: number): { group: SVGGElement; height: number } {
  const group = element('g', { class: 'chart-export-legend', 'font-size': CHART_FONT, ...TEXT });
  const rows = legendRows(items, width);
  rows.forEach((row, r) => {
    const y = top + r * ROW + ROW / 2;
    for (const { item, x } of row) {
      const left = PAD + x;
      group.append(
        item.shape === 'bar'
          ? element('rect', {
              x: left,
              y: y - 6,
              width: SWATCH.bar,
              height: SWATCH.bar,
              rx: 2,
              fill: item.color,
              'fill-opacity': item.opacity ?? 1,
            })
          : element('line', {
              x1: left,
              x2: left + SWATCH.line,
              y1: y,
              y2: y,
              stroke: item.color,
              'stroke-width': LINE_WIDTH + 1,
              ...(item.dash ? { 'stroke-dasharray': '4 3' } : {}),
            }),
        element('text', { x: left + SWATCH[item.shape] + 6, y, 'dominant-baseline': 'central' }, item.label),
      );
    }
  });
  return { group, height: rows.length * ROW };
}

/**
 * The chart inside `chart` as a standalone SVG: title, legend, every `svg.chart-svg` it holds (top to
 * bottom, at the size drawn), caption. Throws when the chart has drawn nothing yet.
 */
export function chartPicture(chart: Element, options: ChartPictureOptions): ChartPicture {
  const plots = [...chart.querySelectorAll<SVGSVGElement>('svg.chart-svg')];
  if (plots.length === 0) throw new Error('The chart has nothing drawn yet.');
  const sizes = plots.map((plot) => ({ width: Number(plot.getAttribute('width')) || 0, height: Number(plot.getAttribute('height')) || 0 }));
  // Wide enough for the title (bold: a little wider than textWidth's estimate).
  const inner = Math.max(240, textWidth(options.title, TITLE_FONT) * 1.05, ...sizes.map((s) => s.width));
  const width = Math.ceil(inner + 2 * PAD);

  const root = element('svg', {});
  root.setAttributeNS(XMLNS_NS, 'xmlns', SVG_NS);
  const background = element('rect', { x: 0, y: 0, width: '100%', height: '100%', fill: '#fff' });
  const title = element(
    'text',
    { x: PAD, y: PAD, 'dominant-baseline': 'hanging', 'font-size': TITLE_FONT, 'font-weight': 600, ...TEXT },
    options.title,
  );
  root.append(background, title);
  let y = PAD + TITLE_FONT + 8;

  const items = options.legend ?? htmlLegend(chart);
  if (items.length > 0) {
    const legend = legendGroup(items, inner, y);
    root.append(legend.group);
    y += legend.height + 4;
  }
  plots.forEach((plot, i) => {
    const copy = plot.cloneNode(true) as SVGSVGElement;
    inlineStyles(plot, copy);
    copy.removeAttribute('class');
    copy.setAttribute('x', String(PAD));
    copy.setAttribute('y', String(y));
    copy.setAttribute('overflow', 'visible');
    root.append(copy);
    y += sizes[i]!.height + 4;
  });
  if (options.caption) {
    root.append(
      element(
        'text',
        {
          x: PAD + inner,
          y: y + 2,
          'text-anchor': 'end',
          'dominant-baseline': 'hanging',
          'font-size': CHART_FONT - 1,
          ...TEXT,
          fill: AXIS_TICK.fill,
        },
        options.caption,
      ),
    );
    y += CHART_FONT + 4;
  }
  const height = Math.ceil(y + PAD);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const svg = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}\n`;
  return { svg, width, height };
}

/** Draws `picture` at `scale`× into a canvas (white behind it) and encodes it as PNG. */
export async function pictureToPng(picture: ChartPicture, scale = 2): Promise<Blob> {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(picture.svg)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(picture.width * scale);
  canvas.height = Math.round(picture.height * scale);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot draw into a canvas.');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The browser could not encode the PNG.'))), 'image/png'),
  );
}

/** "Loss chart" → "loss-chart": the files' base name. */
export const chartFileBase = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Saves the chart as `<base>.svg`; returns the file name. */
export function saveChartSvg(chart: Element, name: string, options: ChartPictureOptions): string {
  const fileName = `${chartFileBase(name)}.svg`;
  saveFile(fileName, chartPicture(chart, options).svg, 'image/svg+xml');
  return fileName;
}

/** Saves the chart as `<base>.png`, drawn at 2×; returns the file name. */
export async function saveChartPng(chart: Element, name: string, options: ChartPictureOptions): Promise<string> {
  const fileName = `${chartFileBase(name)}.png`;
  const png = await pictureToPng(chartPicture(chart, options));
  saveFile(fileName, new Uint8Array(await png.arrayBuffer()), 'image/png');
  return fileName;
}
