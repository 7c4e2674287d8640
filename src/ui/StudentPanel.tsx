/** The student: the live T and alpha sliders, its size and epochs. */
import type { LiveKey } from '../core/settings/config';
import { useActions, useStudentPanel } from '../state/hooks';
import { formFields, SLIDERS } from './setting-fields';
import { SettingField } from './SettingField';
import { SliderField } from './SliderField';
import { sliderNote } from './slider-notes';

/** During a sweep each student has its own T and alpha from the lists: the sliders only set the next single run. */
const SWEEP_NOTE = 'A sweep is running: each of its students has T and alpha from the sweep’s lists; this slider sets the next single run.';

export function StudentPanel() {
  const { temperature, alpha, loss, temperatureSchedule, running, sweeping, readsText } = useStudentPanel();
  const uses = { loss, temperatureSchedule };
  const { setTemperature, setAlpha } = useActions();
  // Each live setting's value and setter (the store sends them to a running distillation).
  const live: Record<LiveKey, { value: number; set(value: number): void }> = {
    temperature: { value: temperature, set: setTemperature },
    alpha: { value: alpha, set: setAlpha },
  };
  return (
    <section className="panel panel--side" aria-labelledby="student-heading">
      <h2 id="student-heading">Student</h2>
      <p className="panel__intro">
        {readsText
          ? 'For text, a fastText-style embedding bag (bag: 16 wide, bag8: 8 wide) or a 1D convolution (conv1d)'
          : 'An MLP of up to three hidden layers (or a small CNN)'}
        , trained on the distillation loss below, next to a same-size baseline trained on the labels alone.
      </p>
      <div className="fields fields--sliders">
        {SLIDERS.map((key) => (
          <SliderField
            key={key}
            paramKey={key}
            value={live[key].value}
            onChange={live[key].set}
            note={sweeping ? SWEEP_NOTE : sliderNote(uses, key)}
          />
        ))}
      </div>
      <p className="field__help field__help--live">The sliders also steer a running distillation, from its next batch.</p>
      <fieldset className="fields" disabled={running}>
        <legend className="visually-hidden">Student settings</legend>
        {formFields('student').map((key) => (
          <SettingField key={key} settingKey={key} />
        ))}
      </fieldset>
    </section>
  );
}
