/** Teacher ensemble: settings, "Train teachers", live progress, and the members' accuracy. */
import { CHOICES } from '../core/config';
import { formatPercent } from '../state/format';
import { useActions, useConfigForm, useTeacherPanel } from '../state/hooks';
import type { TeacherRecord } from '../state/types';
import type { TeacherProgress } from '../worker/protocol';
import { ActionButton } from './ActionButton';
import { ChoiceField } from './ChoiceField';
import { NumberField } from './NumberField';
import { TEACHER_KEYS } from './param-groups';
import { ProgressView } from './ProgressView';

export function TeacherPanel() {
  const { job, progress, teachers, blocker } = useTeacherPanel();
  const { running } = useConfigForm();
  const { trainTeachers } = useActions();
  return (
    <section className="panel" aria-labelledby="teachers-heading">
      <h2 id="teachers-heading">Teachers</h2>
      <p className="panel__intro">An ensemble of networks trained on hard labels; their averaged soft labels teach the student.</p>
      <fieldset className="fields" disabled={running}>
        <legend className="visually-hidden">Teacher settings</legend>
        {CHOICES.map((choice) => (
          <ChoiceField key={choice.key} choiceKey={choice.key} />
        ))}
        {TEACHER_KEYS.map((key) => (
          <NumberField key={key} paramKey={key} />
        ))}
      </fieldset>
      <div className="actions">
        <ActionButton variant="primary" onClick={() => void trainTeachers()} disabledReason={blocker}>
          Train teachers
        </ActionButton>
      </div>
      {job === 'teachers' ? <TeacherTraining progress={progress} /> : null}
      {teachers && job !== 'teachers' ? <TeacherSummary teachers={teachers} /> : null}
    </section>
  );
}

function TeacherTraining({ progress }: { progress: TeacherProgress | null }) {
  return (
    <div className="job">
      <h3>{progress ? `Teacher ${progress.member + 1} of ${progress.members}` : 'Preparing the teachers…'}</h3>
      <ProgressView
        label="Teacher training progress"
        progress={progress}
        detail={progress && Number.isFinite(progress.loss) ? `loss ${progress.loss.toFixed(3)}` : undefined}
      />
      {progress && progress.memberTestAccuracy.length > 0 ? (
        <ul className="member-list">
          {progress.memberTestAccuracy.map((accuracy, i) => (
            <li key={i}>
              Teacher {i + 1}: <strong>{formatPercent(accuracy)}</strong> test accuracy
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function TeacherSummary({ teachers }: { teachers: TeacherRecord }) {
  const { snapshot, memberTestAccuracy, ensembleTestAccuracy, stopped } = teachers;
  return (
    <div className="job">
      <h3>
        {snapshot.members.length} teacher{snapshot.members.length === 1 ? '' : 's'} ({snapshot.config.teacherArch.toUpperCase()}, {snapshot.config.ensembleMode} mean)
        {stopped ? ' — stopped early' : ''}
      </h3>
      <table className="compact-table">
        <caption className="visually-hidden">Teacher test accuracy</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Test accuracy</th>
          </tr>
        </thead>
        <tbody>
          {memberTestAccuracy.map((accuracy, i) => (
            <tr key={i}>
              <th scope="row">Teacher {i + 1}</th>
              <td>{formatPercent(accuracy)}</td>
            </tr>
          ))}
          <tr className="compact-table__total">
            <th scope="row">Ensemble</th>
            <td>{formatPercent(ensembleTestAccuracy)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
