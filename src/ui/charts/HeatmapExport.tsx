/**
 * "Save as SVG / PNG" for a heatmap drawn as a table (class similarity, confusion matrices): the
 * matrix is drawn once as an SVG of coloured cells, off screen, and saved through the same
 * export as the other charts (export-chart.ts).
 */
import { cellBackground, textOn } from './heatmap-colors';
import { SaveButtons } from './ChartExport';
import { saveChartPng, saveChartSvg } from './export-chart';

const SVG_NS = 'http://www.w3.org/2000/svg';
const CELL = 44;
const HEADER = 96;
const FONT = 12;

interface Props {
  name: string;
  labels: string[];
  values: number[][];
  format(value: number): string;
  /** The colour strength of a cell, 0..1 (the table's own scale; 0 on the diagonal). */
  shade(row: number, column: number): number;
  caption: string;
}

function node(tag: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** The matrix as an svg.chart-svg inside a detached holder (what export-chart reads). */
function drawMatrix({ labels, values, format, shade }: Props): HTMLElement {
  const size = HEADER + labels.length * CELL;
  const svg = node('svg', { class: 'chart-svg', width: size, height: size, viewBox: `0 0 ${size} ${size}` });
  const text = { 'font-size': FONT, 'font-family': 'system-ui, sans-serif', 'text-anchor': 'middle', 'dominant-baseline': 'middle' };
  labels.forEach((label, i) => {
    svg.append(node('text', { ...text, x: HEADER + i * CELL + CELL / 2, y: HEADER - 10, fill: '#1d2530' }, label.slice(0, 8)));
    svg.append(
      node('text', { ...text, x: HEADER - 8, y: HEADER + i * CELL + CELL / 2, fill: '#1d2530', 'text-anchor': 'end' }, label.slice(0, 12)),
    );
  });
  values.forEach((row, r) =>
    row.forEach((value, c) => {
      const strength = shade(r, c);
      const background = cellBackground(strength);
      const x = HEADER + c * CELL;
      const y = HEADER + r * CELL;
      svg.append(
        node('rect', {
          x,
          y,
          width: CELL - 2,
          height: CELL - 2,
          fill: r === c ? '#eceff2' : `rgb(${background.join(', ')})`,
          stroke: '#d5dbe1',
        }),
      );
      svg.append(
        node('text', { ...text, x: x + CELL / 2 - 1, y: y + CELL / 2 - 1, fill: r === c ? '#1d2530' : textOn(background) }, format(value)),
      );
    }),
  );
  const holder = document.createElement('div');
  // Laid out (computed styles are read) but out of sight.
  holder.style.cssText = 'position: fixed; left: -100000px; top: 0;';
  holder.append(svg);
  return holder;
}

export function HeatmapExport(props: Props) {
  return (
    <SaveButtons
      name={props.name}
      save={async (format) => {
        const holder = drawMatrix(props);
        document.body.append(holder);
        try {
          const options = { title: props.name, caption: props.caption };
          if (format === 'svg') saveChartSvg(holder, props.name, options);
          else await saveChartPng(holder, props.name, options);
        } finally {
          holder.remove();
        }
      }}
    />
  );
}
