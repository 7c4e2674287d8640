/** Settings shared by the next job, teachers or student: optimizer, learning rate, batch size, training images, seed. */
import { useConfigForm, useWords } from '../state/hooks';
import { formFields } from './setting-fields';
import { SettingField } from './SettingField';

export function TrainingSettings() {
  const { config, running } = useConfigForm();
  const words = useWords();
  const summary = `${config.optimizer === 'adam' ? 'Adam' : 'SGD'} ${config.learningRate}, batch ${config.batchSize}, ${config.trainPercent} % of the training ${words.many}, seed ${config.seed}`;
  return (
    <details className="panel panel--side details details--panel">
      <summary>
        <span className="details__title">Training settings</span>
        <span className="details__summary">{summary}</span>
      </summary>
      <p className="field__help">Used by the next job, teachers or student; trained teachers keep the values they were trained with.</p>
      <fieldset className="fields" disabled={running}>
        <legend className="visually-hidden">Training settings</legend>
        {formFields('training').map((key) => (
          <SettingField key={key} settingKey={key} />
        ))}
      </fieldset>
    </details>
  );
}
