/**
 * Soft labels of one test digit, computed on the page from the teachers' cached logits, so the
 * Temperature slider redraws them at once without asking the worker.
 */
import { useId, useMemo, useRef } from 'react';
import { formatCount, formatPercent } from '../state/format';
import { useActions, useSample, useWords } from '../state/hooks';
import { currentTeacherView, softLabelView, splitRow, testIndices, wrapPosition } from '../state/samples';
import { ChartExport } from './charts/ChartExport';
import { SoftLabelChart } from './charts/SoftLabelChart';
import { DigitCanvas } from './DigitCanvas';

export function SoftLabelsPanel() {
  const { dataset, snapshot, temperature, mode, samplePosition, sampleDigit, showMembers, showStudent, latestRun, ...viewInputs } =
    useSample();
  const { nextSample, previousSample, setSampleDigit, setShowMembers, setShowStudent } = useActions();
  const words = useWords();
  const classId = useId();
  const membersId = useId();
  const studentId = useId();
  const chartRef = useRef<HTMLDivElement>(null);
  const { teachers, calibrateTeachers, teacherConfidence } = viewInputs;
  const teacherView = useMemo(
    () => currentTeacherView(teachers, { calibrateTeachers, teacherConfidence }),
    [teachers, calibrateTeachers, teacherConfidence],
  );

  const indices = useMemo(() => (dataset ? testIndices(dataset, sampleDigit) : null), [dataset, sampleDigit]);
  const position = indices ? wrapPosition(samplePosition, indices.length) : 0;
  const sampleIndex = indices?.[position] ?? null;
  const view = useMemo(() => {
    if (!snapshot || !dataset || sampleIndex === null || !teacherView) return null;
    const classes = dataset.classNames.length;
    const row = showStudent && latestRun ? splitRow(dataset.split.test, sampleIndex) : -1;
    const student = row >= 0 && latestRun ? latestRun.result.outputs.student.test.subarray(row * classes, (row + 1) * classes) : null;
    return softLabelView(snapshot, sampleIndex, temperature, mode, dataset.classNames, teacherView, student);
  }, [snapshot, dataset, sampleIndex, temperature, mode, teacherView, showStudent, latestRun]);
  const noStudent = latestRun ? undefined : `Distill a student first: its soft labels for this ${words.one} come from its run.`;

  const noSample = dataset === null ? 'The dataset is still loading.' : null;
  return (
    <section className="panel panel--chart" aria-labelledby="soft-heading">
      <div className="panel__head">
        <h2 id="soft-heading">Soft labels</h2>
        <div className="field field--checkbox">
          <input id={membersId} type="checkbox" checked={showMembers} onChange={(e) => setShowMembers(e.target.checked)} />
          <label htmlFor={membersId}>Show members</label>
        </div>
        <div className="field field--checkbox" title={noStudent}>
          <input
            id={studentId}
            type="checkbox"
            checked={showStudent && latestRun !== null}
            disabled={latestRun === null}
            onChange={(e) => setShowStudent(e.target.checked)}
          />
          <label htmlFor={studentId}>Show student{latestRun ? ` (run ${latestRun.id})` : ''}</label>
        </div>
        <ChartExport
          name="Soft labels chart"
          chart={chartRef}
          title={`Soft labels of test ${words.one} ${formatCount(position + 1)}, T = ${temperature}`}
          disabled={view === null}
        />
      </div>
      <div className="picker">
        {dataset && sampleIndex !== null ? (
          <DigitCanvas
            dataset={dataset}
            index={sampleIndex}
            label={`${words.One} ${formatCount(position + 1)}, true label ${dataset.classNames[dataset.labels[sampleIndex] ?? 0]}`}
          />
        ) : (
          <div className="digit digit--empty" aria-hidden="true" />
        )}
        <div className="picker__controls">
          {dataset && sampleIndex !== null ? (
            <p className="picker__label">
              True label <strong className="picker__true">{dataset.classNames[dataset.labels[sampleIndex] ?? 0]}</strong>
              <span className="picker__where">
                {' '}
                · test {words.one} {formatCount(position + 1)} of {formatCount(indices?.length ?? 0)}
                {sampleDigit !== null ? ` (class ${dataset.classNames[sampleDigit] ?? sampleDigit})` : ''}
              </span>
            </p>
          ) : (
            <p className="picker__label">Loading the test {words.many}…</p>
          )}
          <div className="picker__buttons">
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={previousSample}
              disabled={noSample !== null}
              title={noSample ?? undefined}
            >
              Previous sample
            </button>
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={nextSample}
              disabled={noSample !== null}
              title={noSample ?? undefined}
            >
              Next sample
            </button>
            <label htmlFor={classId} className="picker__class-label">
              Class
            </label>
            <select
              id={classId}
              value={sampleDigit === null ? 'all' : String(sampleDigit)}
              onChange={(e) => setSampleDigit(e.target.value === 'all' ? null : Number(e.target.value))}
            >
              <option value="all">All {words.many}</option>
              {(dataset?.classNames ?? []).map((name, c) => (
                <option key={name} value={c}>
                  {name}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>
      {view ? (
        <>
          <SoftLabelChart ref={chartRef} view={view} temperature={temperature} showMembers={showMembers} sampleWord={words.one} />
          <p className="soft__stats">
            Ensemble predicts <strong>{view.classNames[view.prediction]}</strong> ({formatPercent(view.atOne[view.prediction] ?? 0, 1)}).
            Entropy: <strong>{view.entropyAtOne.toFixed(2)} bits</strong> at T = 1, <strong>{view.entropyAtT.toFixed(2)} bits</strong> at T
            = {temperature} (at most {Math.log2(view.classNames.length).toFixed(2)}).
          </p>
        </>
      ) : (
        <p className="placeholder placeholder--chart">
          Train teachers to see what they tell the student about this {words.one}. Raising T softens their distribution and shows which
          wrong classes they find similar — the “dark knowledge”.
        </p>
      )}
    </section>
  );
}
