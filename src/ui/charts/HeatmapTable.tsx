/**
 * A matrix drawn as a table of coloured cells (class similarity, confusion matrices): each cell a
 * button, so the chart is readable by keyboard and screen reader, its value in its name. The
 * diagonal is grey and the colour scale is set by the largest off-diagonal value, so the small
 * values that matter (confusions, dark knowledge) stay visible beside a diagonal near 100 %.
 */
import { useId } from 'react';
import { cellBackground, textOn } from './heatmap-colors';
import { HeatmapExport } from './HeatmapExport';

interface Props {
  /** The accessible name of the chart. */
  name: string;
  rowHeader: string;
  columnHeader: string;
  /** A summary for screen readers (hidden). */
  description?: string;
  labels: string[];
  values: number[][];
  format(value: number): string;
  /** The cell's accessible name (and tooltip). */
  describe(row: number, column: number, value: number): string;
  selected: [number, number] | null;
  onSelect(row: number, column: number): void;
}

/** The colour strength of each cell: the square root of its share of the largest off-diagonal value (0 on the diagonal). */
function shading(values: number[][]): (row: number, column: number) => number {
  let max = 0;
  values.forEach((row, r) => row.forEach((v, c) => r !== c && Number.isFinite(v) && (max = Math.max(max, v))));
  return (r, c) => (r === c || !(max > 0) || !Number.isFinite(values[r]![c]!) ? 0 : Math.sqrt(Math.min(1, values[r]![c]! / max)));
}

export function HeatmapTable({ name, description, rowHeader, columnHeader, labels, values, format, describe, selected, onSelect }: Props) {
  const descriptionId = useId();
  const shade = shading(values);
  return (
    <div className="heatmap-scroll">
      <HeatmapExport
        name={name}
        labels={labels}
        values={values}
        format={format}
        shade={shade}
        caption={`${rowHeader} ↓ · ${columnHeader} →`}
      />
      {description ? (
        <p id={descriptionId} className="visually-hidden">
          {description}
        </p>
      ) : null}
      <table className="heatmap" aria-label={name} aria-describedby={description ? descriptionId : undefined}>
        <thead>
          <tr>
            <th scope="col" className="heatmap__corner">
              {rowHeader} ↓ · {columnHeader} →
            </th>
            {labels.map((label) => (
              <th key={label} scope="col">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {values.map((row, r) => (
            <tr key={labels[r]}>
              <th scope="row">{labels[r]}</th>
              {row.map((v, c) => {
                const diagonal = r === c;
                const strength = shade(r, c);
                const background = cellBackground(strength);
                const isSelected = selected !== null && selected[0] === r && selected[1] === c;
                return (
                  <td key={labels[c]}>
                    <button
                      type="button"
                      className={`heatmap__cell${diagonal ? ' heatmap__cell--diagonal' : ''}${isSelected ? ' heatmap__cell--selected' : ''}`}
                      style={diagonal ? undefined : { backgroundColor: `rgb(${background.join(', ')})`, color: textOn(background) }}
                      aria-label={describe(r, c, v)}
                      aria-pressed={isSelected}
                      title={describe(r, c, v)}
                      onClick={() => onSelect(r, c)}
                    >
                      {format(v)}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
