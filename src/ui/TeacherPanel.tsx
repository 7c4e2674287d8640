/** Teacher ensemble: settings, "Train teachers", live progress, and the members' accuracy. */
import { useId } from 'react';
import { ENSEMBLE_MODES, TEACHER_ARCHS, type EnsembleMode, type TeacherArch } from '../core/config';
import { formatPercent } from '../state/format';
import { useActions, useConfigForm, useTeacherPanel } from '../state/hooks';
import type { TeacherRecord } from '../state/types';
import type { TeacherProgress } from '../worker/protocol';
import { ActionButton } from './ActionButton';
import { NumberField } from './NumberField';
import { TEACHER_KEYS } from './param-groups';
import { ProgressView } from './ProgressView';

const ARCH_LABELS: Record<TeacherArch, string> = { mlp: 'MLP', cnn: 'CNN' };
const MODE_LABELS: Record<EnsembleMode, string> = { arithmetic: 'Arithmetic', geometric: 'Geometric' };

export function TeacherPanel() {
  const { job, progress, teachers, blocker } = useTeacherPanel();
  const { config, running } = useConfigForm();
  const { setTeacherArch, setEnsembleMode, trainTeachers } = useActions();
  const archId = useId();
  const modeId = useId();
  return (
    <section className="panel" aria-labelledby="teachers-heading">
      <h2 id="teachers-heading">Teachers</h2>
      <p className="panel__intro">An ensemble of networks trained on hard labels; their averaged soft labels teach the student.</p>
      <fieldset className="fields" disabled={running}>
        <legend className="visually-hidden">Teacher settings</legend>
        <div className="field">
          <label htmlFor={archId}>Teacher model</label>
          <select id={archId} value={config.teacherArch} onChange={(e) => setTeacherArch(e.target.value as TeacherArch)}>
            {TEACHER_ARCHS.map((arch) => (
              <option key={arch} value={arch}>
                {ARCH_LABELS[arch]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={modeId}>Ensemble mean</label>
          <select id={modeId} value={config.ensembleMode} onChange={(e) => setEnsembleMode(e.target.value as EnsembleMode)}>
            {ENSEMBLE_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {MODE_LABELS[mode]}
              </option>
            ))}
          </select>
        </div>
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
