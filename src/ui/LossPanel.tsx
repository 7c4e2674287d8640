/**
 * How the student learns from the teachers: the loss (with its formula) and how T moves during
 * a run. Settings that only one loss or schedule uses appear only with it.
 */
import { lazy, Suspense } from 'react';
import { useConfigForm } from '../state/hooks';
import { ChoiceField } from './ChoiceField';
import { LOSS_TEXT, SCHEDULE_TEXT, type FormulaText } from './formulas';
import { NumberField } from './NumberField';

const LazyFormula = lazy(() => import('./Formula'));

/** The formula once the typesetter has loaded; its LaTeX source until then. */
function Formula({ latex }: { latex: string }) {
  return (
    <Suspense fallback={<code className="formula formula--source">{latex}</code>}>
      <LazyFormula latex={latex} />
    </Suspense>
  );
}

function FormulaBox({ label, text, caption }: { label: string; text: FormulaText; caption?: string }) {
  return (
    <figure className="formula-box" aria-label={label}>
      {text.lines.map((line) => (
        <Formula key={line} latex={line} />
      ))}
      {text.note ? <p className="formula-box__note">{text.note}</p> : null}
      {caption ? <figcaption className="formula-box__note">{caption}</figcaption> : null}
    </figure>
  );
}

export function LossPanel() {
  const { config, running } = useConfigForm();
  const text = LOSS_TEXT[config.loss];
  const schedule = SCHEDULE_TEXT[config.temperatureSchedule];
  return (
    <section className="panel panel--side" aria-labelledby="loss-settings-heading">
      <h2 id="loss-settings-heading">Distillation loss</h2>
      <fieldset className="fields fields--stack" disabled={running}>
        <legend className="visually-hidden">Loss and temperature schedule</legend>
        <ChoiceField choiceKey="loss" />
        <FormulaBox label="Loss formula" text={text} caption={text.reference} />
        {config.loss === 'dkd' ? (
          <div className="fields">
            <NumberField paramKey="dkdAlpha" />
            <NumberField paramKey="dkdBeta" />
          </div>
        ) : null}
        <ChoiceField choiceKey="temperatureSchedule" />
        {schedule ? <FormulaBox label="Temperature schedule formula" text={schedule} /> : null}
        {config.temperatureSchedule === 'linear' || config.temperatureSchedule === 'cosine' ? (
          <NumberField paramKey="temperatureEnd" />
        ) : null}
      </fieldset>
      <fieldset className="fields fields--stack" disabled={running}>
        <legend className="fields__legend">The teachers as the student sees them</legend>
        <ChoiceField choiceKey="calibrateTeachers" />
        <NumberField paramKey="teacherConfidence" />
        {config.loss === 'ls' && (config.calibrateTeachers === 'on' || config.teacherConfidence !== 1) ? (
          <p className="field__help" role="note">
            Logit standardisation divides each teacher’s logits by their spread, so calibration and confidence do not change its soft
            targets.
          </p>
        ) : null}
      </fieldset>
      <p className="field__help">Applies to the next distillation; a running one keeps the loss it started with.</p>
    </section>
  );
}
