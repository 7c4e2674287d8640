/**
 * What the ensemble is made of: each member's weight in the mean (editable) and fitted
 * temperature, each member and the ensemble before and after temperature scaling, how often the
 * members disagree, and their reliability diagrams. Every figure comes from the worker.
 */
import { useId, useState } from 'react';
import type { BeforeAfter, ScoredFigures } from '../core/ensemble/calibration';
import { formatPercent, formatSig } from '../state/format';
import { useActions, useEnsemblePanel, useWords } from '../state/hooks';
import type { TeacherRecord } from '../state/types';
import { COLORS, MEMBER_COLORS } from './charts/palette';
import { ReliabilityChart, type ReliabilitySeries } from './charts/ReliabilityChart';

export function EnsemblePanel() {
  const { teachers, running } = useEnsemblePanel();
  return (
    <section className="panel panel--wide" aria-labelledby="ensemble-heading">
      <h2 id="ensemble-heading">The ensemble: weights, calibration, diversity</h2>
      {teachers ? (
        <>
          <MemberTable teachers={teachers} running={running} />
          <div className="ensemble__columns">
            <DiversityFigures teachers={teachers} />
            <ReliabilityChart
              name="Teacher reliability diagram"
              series={teacherSeries(teachers)}
              initiallyShown={['ensemble-before', 'ensemble-after']}
            />
          </div>
        </>
      ) : (
        <p className="placeholder">Train teachers to weigh them, calibrate them (temperature scaling) and see how often they disagree.</p>
      )}
    </section>
  );
}

function teacherSeries({ calibration }: TeacherRecord): ReliabilitySeries[] {
  const members = calibration.members.flatMap(({ before, after }, m): ReliabilitySeries[] => {
    const color = MEMBER_COLORS[m % MEMBER_COLORS.length]!;
    return [
      { key: `member-${m}-before`, label: `Teacher ${m + 1}`, color, figures: before },
      { key: `member-${m}-after`, label: `Teacher ${m + 1}, calibrated`, color, dashed: true, figures: after },
    ];
  });
  return [
    { key: 'ensemble-before', label: 'Ensemble', color: COLORS.ensemble, figures: calibration.ensemble.before },
    { key: 'ensemble-after', label: 'Ensemble, calibrated', color: COLORS.mark, dashed: true, figures: calibration.ensemble.after },
    ...members,
  ];
}

const MEASURES: [string, (f: ScoredFigures) => string][] = [
  ['Test accuracy', (f) => formatPercent(f.accuracy)],
  ['ECE', (f) => formatPercent(f.ece)],
  ['MCE', (f) => formatPercent(f.mce)],
  ['NLL', (f) => formatSig(f.nll, 3)],
  ['Brier', (f) => formatSig(f.brier, 3)],
];

/**
 * Each teacher and the ensemble: its weight in the mean (editable), its fitted temperature, and its
 * figures on test as trained → calibrated. A teacher's accuracy cannot move (dividing logits by T
 * keeps the top class); the ensemble's can, a little, because its members are rescaled by
 * different T before the mean.
 */
function MemberTable({ teachers, running }: { teachers: TeacherRecord; running: boolean }) {
  const { calibration, weights } = teachers;
  const { setTeacherWeights } = useActions();
  const unequal = weights.some((w) => w !== weights[0]);
  const rows: [string, BeforeAfter][] = [
    ...calibration.members.map((m, i): [string, BeforeAfter] => [`Teacher ${i + 1}`, m]),
    ['Ensemble', calibration.ensemble],
  ];
  return (
    <>
      <div className="table-scroll">
        <table className="compact-table">
          <caption>Weights and temperature scaling: as trained → calibrated (fitted on validation, measured on test)</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Weight</th>
              <th scope="col">Fitted T</th>
              {MEASURES.map(([name]) => (
                <th key={name} scope="col">
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, { before, after }], i) => {
              const isEnsemble = i === calibration.members.length;
              return (
                <tr key={name} className={isEnsemble ? 'compact-table__total' : undefined}>
                  <th scope="row">{name}</th>
                  <td>
                    {isEnsemble ? (
                      '–'
                    ) : (
                      <WeightInput
                        // A new value from the worker (e.g. "Equal weights") starts the input afresh.
                        key={weights[i]}
                        member={i}
                        value={weights[i] ?? 1}
                        disabled={running}
                        onCommit={(value) => setTeacherWeights(weights.map((w, m) => (m === i ? value : w)))}
                      />
                    )}
                  </td>
                  <td>
                    {isEnsemble
                      ? `× ${formatSig(calibration.ensembleTemperature, 3)}`
                      : formatSig(calibration.memberTemperatures[i] ?? NaN, 3)}
                  </td>
                  {MEASURES.map(([measure, format]) => (
                    <td key={measure}>
                      {format(before)} → {format(after)}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <button
        type="button"
        className="button button--secondary button--small"
        disabled={running || !unequal}
        title={unequal ? undefined : 'The weights are equal already.'}
        onClick={() => setTeacherWeights(weights.map(() => 1))}
      >
        Equal weights
      </button>
      <p className="field__help">
        Weight: each teacher’s share of the ensemble mean (0 leaves it out); the soft targets of the next run and every ensemble figure use
        them. Fitted T: temperature scaling on the validation split (above 1: the teacher was over-confident); the ensemble’s own T
        multiplies its members’. “Calibrate teachers” (Distillation loss) distils from the calibrated teachers.
      </p>
    </>
  );
}

/** A number input that sends its value on Enter or when it loses focus; a bad value is refused with a message beside it. */
function WeightInput({
  member,
  value,
  disabled,
  onCommit,
}: {
  member: number;
  value: number;
  disabled: boolean;
  onCommit(v: number): void;
}) {
  const [text, setText] = useState(String(value));
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  const commit = () => {
    const parsed = text.trim() === '' ? NaN : Number(text);
    if (!Number.isFinite(parsed) || parsed < 0) {
      setError('A weight is a number of at least 0.');
      return;
    }
    setError(null);
    if (parsed !== value) onCommit(parsed);
  };
  return (
    <span className="weight-input">
      <input
        type="number"
        min={0}
        step={0.5}
        value={text}
        disabled={disabled}
        aria-label={`Weight of teacher ${member + 1}`}
        aria-invalid={error !== null}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      {error ? (
        <span id={errorId} className="field__error" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}

function DiversityFigures({ teachers }: { teachers: TeacherRecord }) {
  const { diversity, memberTestAccuracy } = teachers;
  const words = useWords();
  const gain = diversity.ensembleGain * 100;
  return (
    <>
      <p className="panel__line">
        On the test split, at least one teacher is right on {formatPercent(diversity.oracleAccuracy)} of the {words.many} (the oracle); the
        ensemble is {gain >= 0 ? '+' : '−'}
        {Math.abs(gain).toFixed(2)} points from its best member.
      </p>
      {memberTestAccuracy.length > 1 ? (
        <table className="compact-table">
          <caption>Disagreement between teachers (share of test {words.many})</caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Teacher</span>
              </th>
              {diversity.disagreement.map((_, j) => (
                <th key={j} scope="col">
                  {j + 1}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {diversity.disagreement.map((row, i) => (
              <tr key={i}>
                <th scope="row">Teacher {i + 1}</th>
                {row.map((value, j) => (
                  <td key={j}>{i === j ? '–' : formatPercent(value, 1)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
