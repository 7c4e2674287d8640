/**
 * The distilled student under each weight format the download offers: the size of its weights,
 * its test accuracy and its agreement with the float32 student, all measured in the worker by
 * loading the quantized weights back (core/evaluation.ts, quantizedRows) — and a download for each.
 */
import { formatBytes, formatPercent } from '../state/format';
import { downloadName } from '../state/downloads';
import { useActions } from '../state/hooks';
import type { StudentRun } from '../state/types';
import { ScrollRegion } from './ScrollRegion';

export function QuantizedTable({ run }: { run: StudentRun }) {
  const { downloadModel } = useActions();
  const rows = run.result.quantized;
  if (rows.length === 0) return null;
  const float32 = rows[0]!;
  return (
    <ScrollRegion label="Quantized weights, scrollable" className="quantized">
      <table className="results">
        <caption>The distilled student’s weights, quantized and measured</caption>
        <thead>
          <tr>
            <th scope="col">Weights</th>
            <th scope="col">Weights file</th>
            <th scope="col">Test accuracy</th>
            <th scope="col">Change</th>
            <th scope="col">Agreement with float32</th>
            <th scope="col">
              <span className="visually-hidden">Download</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const change = (row.testAccuracy - float32.testAccuracy) * 100;
            const name = downloadName(run, 'student', row.dtype);
            return (
              <tr key={row.dtype}>
                <th scope="row">{row.dtype}</th>
                <td>{formatBytes(row.bytes)}</td>
                <td>{formatPercent(row.testAccuracy)}</td>
                <td>{row.dtype === 'float32' ? '–' : `${change >= 0 ? '+' : '−'}${Math.abs(change).toFixed(2)} points`}</td>
                <td>{formatPercent(row.agreement, 1)}</td>
                <td>
                  <button
                    type="button"
                    className="button button--link"
                    title={name}
                    onClick={() => downloadModel(run.id, 'student', row.dtype)}
                  >
                    Download {row.dtype} student
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
