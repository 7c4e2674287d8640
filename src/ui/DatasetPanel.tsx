/**
 * The dataset: the bundled MNIST, or one of the user's own — IDX (raw or .gz, e.g. Fashion-MNIST),
 * CSV, or a zip of images in one folder per class — chosen with the file picker or dropped here.
 * Files are parsed in the worker; a preview (shape, classes, counts, samples) comes before the
 * switch, which clears the teachers and runs of the old dataset. Imported names are shown as text.
 */
import { useId, useMemo, useState, type DragEvent } from 'react';
import { datasetOf } from '../core/import/dataset-files';
import { FASHION_MNIST_CLASS_NAMES } from '../core/import/idx';
import { formatCount } from '../state/format';
import { useActions, useDatasetPanel } from '../state/hooks';
import type { DatasetImport } from '../state/types';
import { DigitCanvas } from './DigitCanvas';

export function DatasetPanel() {
  const { summary, datasetImport, running, teachers, runs } = useDatasetPanel();
  const { importDatasetFiles, switchToBundledDataset } = useActions();
  const inputId = useId();
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
      <div
        className={`dropzone${dragging ? ' dropzone--over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label htmlFor={inputId}>Import dataset files</label>
        <input
          id={inputId}
          type="file"
          multiple
          disabled={running}
          accept=".csv,.zip,.gz,.idx,application/zip,text/csv"
          onChange={(e) => {
            choose(e.target.files);
            e.target.value = '';
          }}
        />
        <p className="field__help">
          Or drop them here: IDX (the images and labels files, raw or .gz; e.g. Fashion-MNIST), a CSV (a label column and numeric columns),
          or a .zip of PNG/JPEG images in one folder per class. Nothing leaves this browser.
        </p>
      </div>
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
      {datasetImport ? <ImportPreview pending={datasetImport} losing={(teachers ? 1 : 0) + runs} /> : null}
    </section>
  );
}

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
  if (pending.state === 'parsing' || !preview) {
    return (
      <p className="panel__line" role="status" aria-live="polite">
        <progress aria-label="Importing the dataset" /> {pending.stage}
      </p>
    );
  }
  // The names as typed, so the table follows the field.
  const typed = pending.classNames.split(',');
  const shape = preview.image
    ? `${preview.image.height}×${preview.image.width} ${preview.image.channels === 1 ? 'grey images' : `images, ${preview.image.channels} channels`}`
    : `${preview.features} numeric columns (${(preview.columns ?? []).slice(0, 6).join(', ')}${preview.features > 6 ? ', …' : ''})`;
  return (
    <div className="import-preview">
      <h3>{preview.name}</h3>
      <p className="panel__line">
        {formatCount(preview.count)} samples: {shape}. Split per class 70/10/20: {formatCount(preview.split.train)} train,{' '}
        {formatCount(preview.split.val)} validation, {formatCount(preview.split.test)} test.
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
      {samples && preview.image ? (
        <ul className="digit-list" aria-label="Sample images">
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
      <div className="import-preview__buttons">
        <button type="button" className="button" disabled={pending.state === 'switching'} onClick={() => void switchToImportedDataset()}>
          Use this dataset
        </button>
        <button type="button" className="button button--secondary" disabled={pending.state === 'switching'} onClick={cancelImport}>
          Cancel import
        </button>
      </div>
    </div>
  );
}
