/**
 * How the student learns from the teachers: the loss (with its formula) and how T moves during
 * a run. Settings that only one loss or schedule uses appear only with it.
 */
import { Fragment, lazy, Suspense, type ReactNode } from 'react';
import { lossById } from '../core/losses/registry';
import type { SettingKey } from '../core/settings/config';
import { SETTINGS } from '../core/settings/registry';
import { useConfigForm } from '../state/hooks';
import { SCHEDULE_TEXT, type FormulaText } from './formulas';
import { formFields } from './setting-fields';
import { SettingField } from './SettingField';

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

/** Consecutive number fields side by side (DKD's two weights), any other field on its own line. */
function fieldRows(keys: readonly SettingKey[]): SettingKey[][] {
  const rows: SettingKey[][] = [];
  for (const key of keys) {
    const last = rows.at(-1);
    if (last && SETTINGS[key].kind === 'number' && SETTINGS[last[0]!].kind === 'number') last.push(key);
    else rows.push([key]);
  }
  return rows;
}

function FieldRows({ keys, after }: { keys: readonly SettingKey[]; after?: (key: SettingKey) => ReactNode }) {
  return fieldRows(keys).map((row) => (
    <Fragment key={row[0]}>
      {row.length > 1 ? (
        <div className="fields">
          {row.map((key) => (
            <SettingField key={key} settingKey={key} />
          ))}
        </div>
      ) : (
        <SettingField settingKey={row[0]!} />
      )}
      {after?.(row.at(-1)!)}
    </Fragment>
  ));
}

export function LossPanel() {
  const { config, running } = useConfigForm();
  const text = lossById(config.loss).formula;
  const schedule = SCHEDULE_TEXT[config.temperatureSchedule];
  // The formula of the loss and of the schedule, each under its choice.
  const formulaAfter = (key: SettingKey) =>
    key === 'loss' ? (
      <FormulaBox label="Loss formula" text={text} caption={text.reference} />
    ) : key === 'temperatureSchedule' && schedule ? (
      <FormulaBox label="Temperature schedule formula" text={schedule} />
    ) : null;
  return (
    <section className="panel panel--side" aria-labelledby="loss-settings-heading">
      <h2 id="loss-settings-heading">Distillation loss</h2>
      <fieldset className="fields fields--stack" disabled={running}>
        <legend className="visually-hidden">Loss and temperature schedule</legend>
        <FieldRows keys={formFields('loss', config)} after={formulaAfter} />
      </fieldset>
      <fieldset className="fields fields--stack" disabled={running}>
        <legend className="fields__legend">The teachers as the student sees them</legend>
        <FieldRows keys={formFields('teacher-view', config)} />
        {config.loss === 'ls' && (config.calibrateTeachers || config.teacherConfidence !== 1) ? (
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
