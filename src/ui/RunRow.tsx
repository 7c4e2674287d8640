/**
 * One run in the Runs table: the figures to compare runs by (dataset, loss, T and α as the run used
 * them, distilled and baseline test accuracy, the gain) and its actions; "More" opens a row under
 * it with the rest (date, student, teachers and how the run saw them, ECEs).
 */
import { useId, useState, type ReactNode } from 'react';
import { hiddenText, lossText, teacherViewText } from '../core/settings/describe';
import { formatPercent } from '../state/format';
import { formatGain, runGain, usedSettings } from '../state/run-summary';
import type { StudentRun } from '../state/types';
import { RunName, RunRowActions } from './RunRowActions';
import { teacherSummary } from './TeacherPanel';

/** Columns of the Runs table (RunsTable's header): the run, seven figures, the actions. */
export const RUN_COLUMNS = 9;

interface RunRowProps {
  run: StudentRun;
  selected: boolean;
  comparing: boolean;
  busy: boolean;
  /** True when the run's teachers are the current ones. */
  current: boolean;
}

export function RunRow({ run, selected, comparing, busy, current }: RunRowProps) {
  const [expanded, setExpanded] = useState(false);
  const moreId = useId();
  const { results, stopped, failure } = run.result;
  const used = usedSettings(run);
  return (
    <>
      <tr className={selected ? 'runs__selected' : undefined}>
        <th scope="row" className="runs__name">
          <RunName run={run} />
          {failure ? <span className="runs__state"> (halted)</span> : stopped ? <span className="runs__state"> (stopped)</span> : null}
        </th>
        <td className="runs__text">{run.dataset.name}</td>
        <td className="runs__text">{lossText(run.config)}</td>
        <td className="runs__text">{used.temperature}</td>
        <td className="runs__text">{used.alpha}</td>
        <td>{formatPercent(results.student.testAccuracy)}</td>
        <td>{formatPercent(results.baseline.testAccuracy)}</td>
        <td>{formatGain(runGain(run))}</td>
        <td className="runs__actions">
          <RunRowActions
            run={run}
            selected={selected}
            comparing={comparing}
            busy={busy}
            current={current}
            expanded={expanded}
            moreId={moreId}
            onToggleMore={() => setExpanded((open) => !open)}
          />
        </td>
      </tr>
      <tr id={moreId} className="runs__more" hidden={!expanded}>
        <td colSpan={RUN_COLUMNS}>
          <dl className="run-facts">
            <Fact term="Date">{new Date(run.createdAt).toLocaleString()}</Fact>
            <Fact term="Student">
              {hiddenText(run.config.studentHidden)}, {run.config.studentEpochs} epochs
              {run.config.studentLabelPercent < 100 ? `, true labels on ${run.config.studentLabelPercent} % of its training images` : ''}
            </Fact>
            <Fact term="Teachers">
              {run.teachersImportedFrom === null
                ? teacherSummary(run.teacherConfig, run.teacherMembers)
                : `${run.teacherMembers} × logits from ${run.teachersImportedFrom}`}
            </Fact>
            <Fact term="Soft targets from">{teacherViewText(run.config, results.teacherView.weights)}</Fact>
            <Fact term="Ensemble test">{formatPercent(results.ensemble.testAccuracy)}</Fact>
            <Fact term="Ensemble ECE">{formatPercent(results.ensemble.ece)}</Fact>
            <Fact term="Distilled ECE">{formatPercent(results.student.ece)}</Fact>
            <Fact term="Baseline ECE">{formatPercent(results.baseline.ece)}</Fact>
          </dl>
        </td>
      </tr>
    </>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="run-facts__item">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
