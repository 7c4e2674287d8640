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
  const lengthId = useId();
  const vocabId = useId();
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
        <label htmlFor={lengthId}>Sequence length (tokens)</label>
        <input
          id={lengthId}
          type="number"
          min={4}
          max={256}
          step={1}
          value={length}
          disabled={running}
          aria-invalid={error !== null}
          aria-describedby={error !== null ? errorId : undefined}
          onChange={(e) => setLength(e.target.value)}
        />
        <label htmlFor={vocabId}>Vocabulary size</label>
        <input
          id={vocabId}
          type="number"
          min={100}
          max={50000}
          step={100}
          value={vocabSize}
          disabled={running}
          aria-invalid={error !== null}
          aria-describedby={error !== null ? errorId : undefined}
          onChange={(e) => setVocabSize(e.target.value)}
        />
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

function encodingError(encoding: TextEncoding): string | null {
  try {
    checkEncoding(encoding);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
