/** The student: the live T and alpha sliders, its size and epochs. */
import { sliderNote } from '../core/settings/config';
import { useActions, useStudentPanel } from '../state/hooks';
import { LayoutField } from './LayoutField';
import { NumberField } from './NumberField';
import { ChoiceField } from './ChoiceField';
import { STUDENT_CHOICES, STUDENT_KEYS } from './param-groups';
import { SliderField } from './SliderField';

/** During a sweep each student has its own T and alpha from the lists: the sliders only set the next single run. */
const SWEEP_NOTE = 'A sweep is running: each of its students has T and alpha from the sweep’s lists; this slider sets the next single run.';

export function StudentPanel() {
  const { temperature, alpha, loss, temperatureSchedule, running, sweeping } = useStudentPanel();
  const uses = { loss, temperatureSchedule };
  const { setTemperature, setAlpha } = useActions();
  return (
    <section className="panel panel--side" aria-labelledby="student-heading">
      <h2 id="student-heading">Student</h2>
      <p className="panel__intro">
        An MLP of up to three hidden layers (or a small CNN), trained on the distillation loss below, next to a same-size baseline trained
        on the labels alone.
      </p>
      <div className="fields fields--sliders">
        <SliderField
          paramKey="temperature"
          value={temperature}
          onChange={setTemperature}
          note={sweeping ? SWEEP_NOTE : sliderNote(uses, 'temperature')}
        />
        <SliderField paramKey="alpha" value={alpha} onChange={setAlpha} note={sweeping ? SWEEP_NOTE : sliderNote(uses, 'alpha')} />
      </div>
      <p className="field__help field__help--live">The sliders also steer a running distillation, from its next batch.</p>
      <fieldset className="fields" disabled={running}>
        <legend className="visually-hidden">Student settings</legend>
        <LayoutField layoutKey="studentHidden" />
        {STUDENT_KEYS.map((key) => (
          <NumberField key={key} paramKey={key} />
        ))}
        {STUDENT_CHOICES.map((key) => (
          <ChoiceField key={key} choiceKey={key} />
        ))}
      </fieldset>
    </section>
  );
}
