/**
 * The teacher ensemble: its settings before training; while it trains, each member's loss and
 * validation accuracy live; afterwards a one-line summary (Edit reopens the settings), and a
 * warning when the settings no longer match the teachers that were trained.
 */
import { useId } from 'react';
import { changedTeacherSettings, formatSetting, settingLabel, type ExperimentConfig } from '../core/settings/config';
import { formatDuration, formatPercent } from '../state/format';
import { useActions, useConfigForm, useTeacherPanel } from '../state/hooks';
import type { TeacherRecord } from '../state/types';
import { TeacherChart } from './charts/TeacherChart';
import { formFields } from './setting-fields';
import { SettingField } from './SettingField';

/** "3 × MLP 512, 8 epochs, arithmetic mean" */
export function teacherSummary(config: ExperimentConfig, members = config.ensembleSize): string {
  const model = {
    mlp: `MLP ${config.teacherHidden}`,
    cnn: 'CNN',
    'cnn-32-64': 'CNN (32-64)',
    mixed: `mixed MLP ${config.teacherHidden}/CNN`,
    transformer: 'transformer',
  }[config.teacherArch];
  return `${members} × ${model}, ${config.teacherEpochs} epoch${config.teacherEpochs === 1 ? '' : 's'}, ${config.ensembleMode} mean`;
}

export function TeacherPanel() {
  const { job, teachers, series, formOpen, changed, progress } = useTeacherPanel();
  const { config, running } = useConfigForm();
  const { setTeacherFormOpen, replaceConfig } = useActions();
  const changedKeys = changed === '' ? [] : (changed.split(',') as (keyof ExperimentConfig)[]);
  const revert = () => {
    if (!teachers) return;
    const trained = teachers.snapshot.config;
    const next = { ...config };
    for (const key of changedTeacherSettings(config, trained)) (next as Record<string, unknown>)[key] = trained[key];
    replaceConfig(next);
  };
  return (
    <section className="panel panel--side" aria-labelledby="teachers-heading">
      <div className="panel__head">
        <h2 id="teachers-heading">Teachers</h2>
        {teachers && !running ? (
          <button type="button" className="button button--link" aria-expanded={formOpen} onClick={() => setTeacherFormOpen(!formOpen)}>
            {formOpen ? 'Hide teacher settings' : 'Edit teacher settings'}
          </button>
        ) : null}
      </div>
      {job === 'teachers' ? (
        <>
          <p className="panel__line">
            Training {teacherSummary(config)}
            {progress ? ` — teacher ${progress.member + 1} of ${progress.members}` : '…'}
          </p>
          <TeacherChart series={series} members={config.ensembleSize} />
        </>
      ) : (
        <>
          {teachers ? (
            <TeacherLine teachers={teachers} />
          ) : (
            <p className="panel__intro">An ensemble trained on hard labels; its softened outputs teach the student.</p>
          )}
          {changedKeys.length > 0 && teachers ? (
            <div className="inline-warning" role="note">
              <p>
                Out of date:{' '}
                {changedKeys
                  .map(
                    (k) =>
                      `${settingLabel(k)} is ${formatSetting(k, config[k])} (trained with ${formatSetting(k, teachers.snapshot.config[k])})`,
                  )
                  .join('; ')}
                . Train the teachers again, or revert.
              </p>
              <button type="button" className="button button--secondary button--small" onClick={revert}>
                Revert teacher settings
              </button>
            </div>
          ) : null}
          {formOpen ? (
            <fieldset className="fields" disabled={running}>
              <legend className="visually-hidden">Teacher settings</legend>
              {formFields('teachers').map((key) => (
                <SettingField key={key} settingKey={key} />
              ))}
            </fieldset>
          ) : null}
          <LogitsImport disabled={running} />
          {teachers ? (
            <details className="details">
              <summary>Teacher details</summary>
              <MemberTable teachers={teachers} />
              {series.losses.length > 0 ? <TeacherChart series={series} members={teachers.snapshot.members.length} /> : null}
            </details>
          ) : null}
        </>
      )}
    </section>
  );
}

function TeacherLine({ teachers }: { teachers: TeacherRecord }) {
  const { snapshot, ensembleTestAccuracy, ensembleValAccuracy, stopped, seconds } = teachers;
  if (snapshot.importedFrom !== null) {
    return (
      <p className="panel__line">
        <strong>
          {snapshot.logits.length} × logits from {snapshot.importedFrom}
        </strong>
        : ensemble {formatPercent(ensembleTestAccuracy)} test, {formatPercent(ensembleValAccuracy)} validation · imported
      </p>
    );
  }
  return (
    <p className="panel__line">
      <strong>{teacherSummary(snapshot.config, snapshot.members.length)}</strong>
      {stopped ? ' (stopped early)' : ''}: ensemble {formatPercent(ensembleTestAccuracy)} test, {formatPercent(ensembleValAccuracy)}{' '}
      validation · trained in {formatDuration(seconds)}
    </p>
  );
}

/** Teachers from elsewhere: their logits for every sample (e.g. from a PyTorch ensemble), or TensorFlow.js models (README, "Bring your own teachers"). */
function LogitsImport({ disabled }: { disabled: boolean }) {
  const { importTeacherLogits, importTeacherModels } = useActions();
  const inputId = useId();
  const modelsId = useId();
  return (
    <details className="details logits-import">
      <summary>Teachers from files</summary>
      <div className="field">
        <label htmlFor={modelsId}>Import teacher models</label>
        <input
          id={modelsId}
          type="file"
          multiple
          accept=".json,.bin,.zip"
          disabled={disabled}
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            if (files.length > 0) void importTeacherModels(files.map((f) => ({ name: f.name, size: f.size, read: () => f.arrayBuffer() })));
          }}
        />
        <p className="field__help">
          TensorFlow.js Layers models (a model.json with its weight files, or one .zip per model, e.g. a student downloaded here) whose
          input and output fit the dataset: they join the trained teachers.
        </p>
      </div>
      <div className="field">
        <label htmlFor={inputId}>Import teacher logits</label>
        <input
          id={inputId}
          type="file"
          accept=".npy,.csv,.json,.gz"
          disabled={disabled}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importTeacherLogits({ name: file.name, size: file.size, read: () => file.arrayBuffer() });
          }}
        />
        <p className="field__help">
          Logits of every sample, in dataset order (.npy float32 [N, C] or [M, N, C], .csv, .json), computed elsewhere: they replace the
          teachers, and students distil from them without running any teacher here.
        </p>
      </div>
    </details>
  );
}

/** Each member and the ensemble at a glance (the Ensemble panel has weights, calibration and diversity). */
function MemberTable({ teachers }: { teachers: TeacherRecord }) {
  const { memberTestAccuracy, memberValAccuracy, ensembleTestAccuracy, ensembleValAccuracy, diversity, calibration } = teachers;
  return (
    <table className="compact-table">
      <caption className="visually-hidden">Teacher accuracy</caption>
      <thead>
        <tr>
          <th scope="col">Model</th>
          <th scope="col">Validation</th>
          <th scope="col">Test</th>
          <th scope="col">ECE</th>
        </tr>
      </thead>
      <tbody>
        {memberTestAccuracy.map((accuracy, i) => (
          <tr key={i}>
            <th scope="row">Teacher {i + 1}</th>
            <td>{formatPercent(memberValAccuracy[i] ?? NaN)}</td>
            <td>{formatPercent(accuracy)}</td>
            <td>{formatPercent(diversity.memberEce[i] ?? NaN)}</td>
          </tr>
        ))}
        <tr className="compact-table__total">
          <th scope="row">Ensemble</th>
          <td>{formatPercent(ensembleValAccuracy)}</td>
          <td>{formatPercent(ensembleTestAccuracy)}</td>
          <td>{formatPercent(calibration.ensemble.before.ece)}</td>
        </tr>
      </tbody>
    </table>
  );
}
