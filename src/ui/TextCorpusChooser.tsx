/**
 * The bundled text dataset: the Brown corpus's paragraphs in 8 genre classes, tokenised in the
 * worker with the vocabulary size and sequence length chosen here (the vocabulary is built on the
 * training split). Loading it clears the teachers and runs, like any new dataset.
 */
import { useId, useState } from 'react';
import { checkEncoding, DEFAULT_TEXT_ENCODING, type TextEncoding } from '../core/text/corpus';
import { useActions } from '../state/hooks';

export function TextCorpusChooser({ running, current }: { running: boolean; current: TextEncoding | null }) {
  const { switchToTextCorpus } = useActions();
  const errorId = useId();
  const [length, setLength] = useState(String(current?.length ?? DEFAULT_TEXT_ENCODING.length));
  const [vocabSize, setVocabSize] = useState(String(DEFAULT_TEXT_ENCODING.vocabSize));
  const encoding = { length: Number(length), vocabSize: Number(vocabSize) };
  const error = encodingError(encoding);
  return (
    <details className="text-corpus" open={current !== null}>
      <summary>Text: the Brown corpus (8 genres)</summary>
      <p className="field__help">
        Passages of about 50 words from the 500 documents of the Brown corpus (American English, 1961), each labelled with its document’s
        genre; split by document, so no test passage’s document is seen in training.
      </p>
      <div className="text-corpus__fields">
        {ENCODING_FIELDS.map((field) => (
          <EncodingField
            key={field.key}
            field={field}
            value={field.key === 'length' ? length : vocabSize}
            onChange={field.key === 'length' ? setLength : setVocabSize}
            disabled={running}
            errorId={error !== null ? errorId : null}
          />
        ))}
      </div>
      {error !== null ? (
        <p id={errorId} className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      <button
        type="button"
        className="button button--secondary button--small"
        disabled={running || error !== null}
        onClick={() => void switchToTextCorpus(encoding)}
      >
        {current ? 'Tokenise the Brown corpus again' : 'Use the Brown corpus (text)'}
      </button>
    </details>
  );
}

/** The two numbers of an encoding, as the chooser asks for them (checkEncoding has the same ranges). */
const ENCODING_FIELDS = [
  { key: 'length', label: 'Sequence length (tokens)', min: 4, max: 256, step: 1 },
  { key: 'vocabSize', label: 'Vocabulary size', min: 100, max: 50000, step: 100 },
] as const;

function EncodingField({
  field,
  value,
  onChange,
  disabled,
  errorId,
}: {
  field: (typeof ENCODING_FIELDS)[number];
  value: string;
  onChange(value: string): void;
  disabled: boolean;
  /** The encoding's error message, when there is one. */
  errorId: string | null;
}) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{field.label}</label>
      <input
        id={id}
        type="number"
        min={field.min}
        max={field.max}
        step={field.step}
        value={value}
        disabled={disabled}
        aria-invalid={errorId !== null}
        aria-describedby={errorId ?? undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    </>
  );
}

function encodingError(encoding: TextEncoding): string | null {
  try {
    checkEncoding(encoding);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
