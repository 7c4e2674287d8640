/**
 * The dataset: the bundled MNIST, or one of the user's own — IDX (raw or .gz, e.g. Fashion-MNIST),
 * CSV, or a zip of images in one folder per class — chosen with the file picker or dropped here.
 * Files are parsed in the worker; a preview (shape, classes, counts, samples) comes before the
 * switch, which clears the teachers and runs of the old dataset. A refusal is said right under the
 * picker (the run bar only points here); a CSV gets a "Label column" chooser, in the preview or
 * under the refusal. Imported names are shown as text.
 */
import { useEffect, useId, useMemo, useState, type DragEvent } from 'react';
import { datasetOf, type CsvLabelChoice } from '../core/import/dataset-files';
import { FASHION_MNIST_CLASS_NAMES } from '../core/import/idx';
import { formatCount, formatPercent } from '../state/format';
import { TextCorpusChooser } from './TextCorpusChooser';
import { useActions, useDatasetPanel } from '../state/hooks';
import type { DatasetImport } from '../state/types';
import {
  DATASET_IMPORT_ID,
  DATASET_INPUT_ID,
  DATASET_MESSAGE_ID,
  DATASET_SWITCH_ID,
  DATASET_SWITCH_MESSAGE_ID,
  DATASET_USE_BUTTON_ID,
  revealDatasetImport,
} from './dataset-import-focus';
import { DigitCanvas } from './DigitCanvas';

export function DatasetPanel() {
  const { summary, datasetImport, running, teachers, runs, text } = useDatasetPanel();
  const { importDatasetFiles, switchToBundledDataset, cancelImport } = useActions();
  const helpId = useId();
  const [dragging, setDragging] = useState(false);
  const choose = (files: FileList | null) => {
    if (!files || files.length === 0) return;
    void importDatasetFiles([...files].map((f) => ({ name: f.name, size: f.size, read: () => f.arrayBuffer() })));
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (!running) choose(event.dataTransfer.files);
  };
  const bundled = summary?.name === 'MNIST';
  const problem = datasetImport?.state === 'failed' ? datasetImport.error : null;
  // A refused import: its message (under the picker) comes into view, and focus goes to the picker.
  useEffect(() => {
    if (problem !== null) revealDatasetImport();
  }, [problem]);
  return (
    <section className="panel panel--side" aria-labelledby="dataset-heading">
      <h2 id="dataset-heading">Dataset</h2>
      <p className="panel__line">
        {summary ? (
          <>
            <strong>{summary.name}</strong>: {formatCount(summary.count)} samples, {summary.classNames.length} classes (
            {formatCount(summary.train)} / {formatCount(summary.val)} / {formatCount(summary.test)}){bundled ? ', bundled' : ''}
          </>
        ) : (
          'Loading…'
        )}
      </p>
      {text ? (
        <p className="panel__line">
          Texts: vocabulary of {formatCount(text.vocabSize)} ids from the training split, {text.length} tokens per text,{' '}
          {formatPercent(text.testUnknownRate, 1)} of the test tokens unknown.
        </p>
      ) : null}
      <TextCorpusChooser running={running} current={text} />
      {!bundled && summary ? (
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={running}
          onClick={() => void switchToBundledDataset()}
        >
          Back to MNIST
        </button>
      ) : null}
      <div
        id={DATASET_IMPORT_ID}
        className={`dropzone${dragging ? ' dropzone--over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label htmlFor={DATASET_INPUT_ID}>Import dataset files</label>
        <p className="field__help" id={helpId}>
          IDX (the images and labels files, raw or .gz; e.g. Fashion-MNIST), a CSV (a label column and numeric columns, or a column named
          text), or a .zip of PNG/JPEG images in one folder per class; or drop them here. Nothing leaves this browser.
        </p>
        <input
          id={DATASET_INPUT_ID}
          type="file"
          multiple
          disabled={running}
          accept=".csv,.zip,.gz,.idx,application/zip,text/csv"
          aria-describedby={problem !== null ? `${DATASET_MESSAGE_ID} ${helpId}` : helpId}
          aria-invalid={problem !== null ? true : undefined}
          onChange={(e) => {
            choose(e.target.files);
            e.target.value = '';
          }}
        />
        {problem !== null ? (
          <div className="import-problem">
            <p id={DATASET_MESSAGE_ID} role="alert" tabIndex={-1} className="import-problem__message">
              {problem}
            </p>
            <button type="button" className="button button--secondary button--small" onClick={cancelImport}>
              Dismiss
            </button>
          </div>
        ) : null}
        {datasetImport?.labelChoice ? (
          <LabelColumnChooser
            choice={datasetImport.labelChoice}
            busy={datasetImport.state === 'parsing' || datasetImport.state === 'switching'}
            problemId={problem !== null ? DATASET_MESSAGE_ID : null}
          />
        ) : null}
      </div>
      {datasetImport && datasetImport.state !== 'failed' ? (
        <ImportPreview pending={datasetImport} losing={(teachers ? 1 : 0) + runs} />
      ) : null}
    </section>
  );
}

/**
 * A CSV's "Label column": every column of its header, the one read as the label selected. Choosing
 * another parses the file again in the worker; a column that cannot be the label is said in the
 * message just above. It stays mounted while the file is parsed again, so focus stays on it.
 */
function LabelColumnChooser({ choice, busy, problemId }: { choice: CsvLabelChoice; busy: boolean; problemId: string | null }) {
  const { chooseLabelColumn } = useActions();
  const id = useId();
  const helpId = useId();
  return (
    <div className="field import-label-column">
      <label htmlFor={id}>Label column</label>
      <select
        id={id}
        value={choice.labelColumn ?? ''}
        aria-describedby={problemId !== null ? `${problemId} ${helpId}` : helpId}
        onChange={(e) => {
          if (!busy && e.target.value !== '') void chooseLabelColumn(e.target.value);
        }}
      >
        {choice.labelColumn === null ? <option value="">Choose the column of the classes…</option> : null}
        {choice.header.map((name, i) =>
          name === '' ? (
            <option key={i} value="" disabled>
              (column {i + 1} has no name)
            </option>
          ) : (
            <option key={i} value={name}>
              {name}
            </option>
          ),
        )}
      </select>
      <p className="field__help" id={helpId}>
        The column that holds the classes (names or whole numbers); every other column must hold numbers.
      </p>
    </div>
  );
}

/** How the preview names images by their channels. */
const IMAGE_KINDS: Record<number, string> = { 1: 'grey images', 3: 'colour images (RGB)' };

function ImportPreview({ pending, losing }: { pending: DatasetImport; losing: number }) {
  const { setImportClassNames, switchToImportedDataset, cancelImport } = useActions();
  const namesId = useId();
  const { preview } = pending;
  const samples = useMemo(() => {
    if (!preview) return null;
    try {
      return datasetOf(preview.samples);
    } catch {
      return null;
    }
  }, [preview]);
  // A refused switch: its message (above the buttons) comes into view, and focus goes back to "Use this dataset".
  const switchProblem = pending.state === 'preview' ? pending.error : null;
  useEffect(() => {
    if (switchProblem !== null) revealDatasetImport();
  }, [switchProblem]);
  if (pending.state === 'parsing' || !preview) {
    return (
      <p className="panel__line" role="status" aria-live="polite">
        <progress aria-label="Importing the dataset" /> {pending.stage}
      </p>
    );
  }
  // The names as typed, so the table follows the field.
  const typed = pending.classNames.split(',');
  const text = preview.samples.text;
  const shape = preview.image
    ? `${preview.image.height}×${preview.image.width} ${IMAGE_KINDS[preview.image.channels] ?? `images, ${preview.image.channels} channels`}`
    : text
      ? `texts, read as their first ${text.length} tokens (a vocabulary of ${formatCount(text.vocabSize)} ids from the training split)`
      : `${preview.features} numeric columns (${(preview.columns ?? []).slice(0, 6).join(', ')}${preview.features > 6 ? ', …' : ''})`;
  return (
    <div className="import-preview">
      <h3>{preview.name}</h3>
      <p className="panel__line">
        {formatCount(preview.count)} samples: {shape}. {formatCount(preview.split.train)} train, {formatCount(preview.split.val)}{' '}
        validation, {formatCount(preview.split.test)} test: {preview.splitRule}.
      </p>
      <table className="compact-table">
        <caption>Samples per class</caption>
        <tbody>
          {preview.classNames.map((name, c) => (
            <tr key={c}>
              <th scope="row">{typed[c]?.trim() || name}</th>
              <td>{formatCount(preview.perClass[c] ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {samples && (preview.image || text) ? (
        <ul className="digit-list" aria-label={text ? 'Sample texts' : 'Sample images'}>
          {Array.from(samples.labels, (label, i) => (
            <li key={i}>
              <DigitCanvas dataset={samples} index={i} label={`Sample of class ${typed[label]?.trim() || preview.classNames[label]}`} />
            </li>
          ))}
        </ul>
      ) : null}
      <div className="field">
        <label htmlFor={namesId}>Class names</label>
        <input id={namesId} type="text" value={pending.classNames} onChange={(e) => setImportClassNames(e.target.value)} />
        {preview.classNames.length === FASHION_MNIST_CLASS_NAMES.length && preview.image ? (
          <button type="button" className="button button--link" onClick={() => setImportClassNames(FASHION_MNIST_CLASS_NAMES.join(', '))}>
            Use Fashion-MNIST’s class names
          </button>
        ) : null}
      </div>
      {losing > 0 ? (
        <p className="inline-warning" role="note">
          Using this dataset clears the trained teachers and the runs of this page (download what you want to keep first).
        </p>
      ) : null}
      <div id={DATASET_SWITCH_ID} className="import-preview__switch">
        {switchProblem !== null ? (
          <p id={DATASET_SWITCH_MESSAGE_ID} role="alert" className="import-problem import-problem__message">
            {switchProblem}
          </p>
        ) : null}
        <div className="import-preview__buttons">
          <button
            id={DATASET_USE_BUTTON_ID}
            type="button"
            className="button"
            disabled={pending.state === 'switching'}
            aria-describedby={switchProblem !== null ? DATASET_SWITCH_MESSAGE_ID : undefined}
            onClick={() => void switchToImportedDataset()}
          >
            Use this dataset
          </button>
          <button type="button" className="button button--secondary" disabled={pending.state === 'switching'} onClick={cancelImport}>
            Cancel import
          </button>
        </div>
      </div>
    </div>
  );
}
