/** A 28×28 MNIST digit drawn on a canvas, scaled up with crisp (pixelated) edges by CSS. */
import { useEffect, useRef } from 'react';
import { IMAGE_SIZE, PIXELS, type Dataset } from '../core/data';

export function DigitCanvas({ dataset, index, label }: { dataset: Dataset; index: number; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = ref.current?.getContext('2d');
    if (!context) return;
    const image = context.createImageData(IMAGE_SIZE, IMAGE_SIZE);
    const offset = index * PIXELS;
    for (let p = 0; p < PIXELS; p++) {
      // Dark ink on white paper reads better on a light page than MNIST's white-on-black.
      const ink = 255 - dataset.pixels[offset + p]!;
      image.data[p * 4] = ink;
      image.data[p * 4 + 1] = ink;
      image.data[p * 4 + 2] = ink;
      image.data[p * 4 + 3] = 255;
    }
    context.putImageData(image, 0, 0);
  }, [dataset, index]);
  return <canvas ref={ref} className="digit" width={IMAGE_SIZE} height={IMAGE_SIZE} role="img" aria-label={label} />;
}
