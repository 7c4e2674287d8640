/**
 * One sample as a picture: an image drawn on a canvas, scaled up with crisp (pixelated) edges by
 * CSS; a text as its words (as many as the models read, the rest dimmed); a table row (no picture
 * to draw) as its first values.
 */
import { useEffect, useRef } from 'react';
import type { Dataset } from '../core/data/data';
import { TOKEN_PATTERN } from '../core/text/tokenizer';

export function DigitCanvas({ dataset, index, label }: { dataset: Dataset; index: number; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { image } = dataset;
  useEffect(() => {
    const context = ref.current?.getContext('2d');
    if (!context || !image) return;
    const { height, width, channels } = image;
    const pixels = height * width;
    const data = context.createImageData(width, height);
    const offset = index * dataset.features;
    for (let p = 0; p < pixels; p++) {
      for (let c = 0; c < 3; c++) {
        // Grey images: dark ink on white paper reads better on a light page than MNIST's white-on-black. Colour images as they are.
        const value = dataset.values[offset + p * channels + (channels === 1 ? 0 : Math.min(c, channels - 1))]!;
        data.data[p * 4 + c] = channels === 1 ? 255 - value : value;
      }
      data.data[p * 4 + 3] = 255;
    }
    context.putImageData(data, 0, 0);
  }, [dataset, index, image]);
  if (dataset.text) return <SampleText dataset={dataset} index={index} label={label} />;
  if (!image) {
    const row = Array.from(dataset.values.subarray(index * dataset.features, index * dataset.features + 3), (v) => v.toFixed(2));
    return (
      <span className="digit digit--row" role="img" aria-label={label}>
        {row.join(', ')}
        {dataset.features > 3 ? ', …' : ''}
      </span>
    );
  }
  return <canvas ref={ref} className="digit" width={image.width} height={image.height} role="img" aria-label={label} />;
}

/** A text sample: the tokens the models read (the first `length`), then the rest of it dimmed. */
function SampleText({ dataset, index, label }: { dataset: Dataset; index: number; label: string }) {
  const text = dataset.text!.texts[index] ?? '';
  const cut = readPrefixLength(text, dataset.text!.length);
  return (
    <blockquote className="sample-text" aria-label={label} title={`The models read the first ${dataset.text!.length} tokens.`}>
      {text.slice(0, cut)}
      {cut < text.length ? <span className="sample-text__unread">{text.slice(cut)}</span> : null}
    </blockquote>
  );
}

/** Characters of `text` up to the end of its `tokens`-th token (core/text/tokenizer.ts's rule). */
function readPrefixLength(text: string, tokens: number): number {
  const pattern = new RegExp(TOKEN_PATTERN, 'gi');
  let end = 0;
  for (let n = 0; n < tokens; n++) {
    const match = pattern.exec(text);
    if (!match) return text.length;
    end = match.index + match[0].length;
  }
  return end;
}
