/**
 * "Save as SVG / PNG" for one chart: two small buttons whose names say which chart ("Save Loss chart
 * as SVG"), beside the chart's title. The files are made on the page (export-chart.ts).
 */
import { useState, type RefObject } from 'react';
import { saveChartPng, saveChartSvg, type ChartPictureOptions } from './export-chart';

interface Props extends ChartPictureOptions {
  /** The chart's name in the buttons' names and the files' ("Loss chart" → loss-chart.svg). */
  name: string;
  /** The element that holds the chart's drawn svg.chart-svg (and its HTML legend). */
  chart: RefObject<HTMLElement | null>;
  /** Nothing is drawn yet. */
  disabled?: boolean;
}

export function ChartExport({ name, chart, disabled = false, ...options }: Props) {
  return (
    <SaveButtons
      name={name}
      disabled={disabled}
      save={async (format) => {
        const element = chart.current;
        if (!element) return;
        if (format === 'svg') saveChartSvg(element, name, options);
        else await saveChartPng(element, name, options);
      }}
    />
  );
}

/** The "Save … as SVG / PNG" pair, and the message of a save that failed. `save` makes and hands over the file. */
export function SaveButtons({
  name,
  disabled = false,
  save,
}: {
  name: string;
  disabled?: boolean;
  save(format: 'svg' | 'png'): Promise<void>;
}) {
  const [error, setError] = useState<string | null>(null);
  const run = async (format: 'svg' | 'png') => {
    setError(null);
    try {
      await save(format);
    } catch (e) {
      setError(`Could not save the ${name} as ${format.toUpperCase()}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    <div className="chart-export" role="group" aria-label={`Save ${name}`}>
      <span className="chart-export__label" aria-hidden="true">
        Save
      </span>
      {(['svg', 'png'] as const).map((format) => (
        <button
          key={format}
          type="button"
          className="button button--small chart-export__button"
          aria-label={`Save ${name} as ${format.toUpperCase()}`}
          disabled={disabled}
          onClick={() => void run(format)}
        >
          {format.toUpperCase()}
        </button>
      ))}
      {error ? (
        <span className="chart-export__error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
