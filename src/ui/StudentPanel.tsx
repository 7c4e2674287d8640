/** The student: live T and alpha sliders, its size and epochs, Distill / Download. */
import { useActions, useStudentPanel } from '../state/hooks';
import { ActionButton } from './ActionButton';
import { NumberField } from './NumberField';
import { STUDENT_KEYS } from './param-groups';
import { ProgressView } from './ProgressView';
import { SliderField } from './SliderField';

export function StudentPanel() {
  const { job, progress, temperature, alpha, distillBlocker, running, hasStudent } = useStudentPanel();
  const { setTemperature, setAlpha, distill, downloadStudent } = useActions();
  const live = job === 'distill' ? 'Changes apply to the running distillation within a batch.' : 'Can be moved while the student trains.';
  return (
    <section className="panel" aria-labelledby="student-heading">
      <h2 id="student-heading">Student</h2>
      <p className="panel__intro">
        A 784-h-10 network trained on α·T²·KL(teachers ‖ student at T) + (1 − α)·cross-entropy, next to a baseline of the same size
        trained on hard labels only.
      </p>
      <div className="fields">
        <SliderField paramKey="temperature" value={temperature} onChange={setTemperature} note={live} />
        <SliderField paramKey="alpha" value={alpha} onChange={setAlpha} note={live} />
      </div>
      <fieldset className="fields" disabled={running}>
        <legend className="visually-hidden">Student settings</legend>
        {STUDENT_KEYS.map((key) => (
          <NumberField key={key} paramKey={key} />
        ))}
      </fieldset>
      <div className="actions">
        <ActionButton variant="primary" onClick={() => void distill()} disabledReason={distillBlocker}>
          Distill student
        </ActionButton>
        <ActionButton onClick={downloadStudent} disabledReason={hasStudent ? null : 'Distil a student first.'}>
          Download student
        </ActionButton>
      </div>
      {job === 'distill' ? (
        <div className="job">
          <h3>Distilling the student and its baseline</h3>
          <ProgressView label="Distillation progress" progress={progress} />
        </div>
      ) : null}
    </section>
  );
}
