/**
 * A scalar over the toy plane — the ensemble's entropy in bits at T, or its probability of one
 * class — painted like RegionMap: a light-to-dark blue sequential scale (ColorBrewer Blues: one
 * hue, so it reads for every kind of colour vision and in greyscale), white at 0 and darkest at
 * `max`, with the training points on top and a legend bar. Redrawn on every Temperature-slider
 * move, so a draw is one putImageData plus the cached points layer.
 */
import { useMemo } from 'react';
import { DEFAULT_MAP_SIZE, hexToRgb, MapCanvas } from './RegionMap';

/** ColorBrewer's 9-class Blues, light to dark. */
export const SEQUENTIAL_STOPS = ['#f7fbff', '#deebf7', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#08519c', '#08306b'];

/** 256 RGB steps interpolated between the stops: entry k is the colour of k / 255 of the maximum. */
const LUT = (() => {
  const stops = SEQUENTIAL_STOPS.map(hexToRgb);
  const table = new Uint8Array(256 * 3);
  for (let k = 0; k < 256; k++) {
    const at = (k / 255) * (stops.length - 1);
    const low = Math.min(Math.floor(at), stops.length - 2);
    const f = at - low;
    for (let channel = 0; channel < 3; channel++) {
      table[3 * k + channel] = Math.round(stops[low]![channel]! * (1 - f) + stops[low + 1]![channel]! * f);
    }
  }
  return table;
})();

const LEGEND_GRADIENT = `linear-gradient(to right, ${SEQUENTIAL_STOPS.join(', ')})`;

/** Fills RGBA pixels with `values` on the sequential scale, 0 → lightest, `max` and above → darkest (NaN as 0). */
export function paintField(pixels: Uint8ClampedArray, values: Float32Array, max: number): void {
  const count = Math.min(values.length, pixels.length / 4);
  const scale = max > 0 ? 255 / max : 0;
  for (let i = 0; i < count; i++) {
    const t = values[i]! * scale;
    const k = 3 * (t > 0 ? (t < 255 ? Math.round(t) : 255) : 0);
    const at = 4 * i;
    pixels[at] = LUT[k]!;
    pixels[at + 1] = LUT[k + 1]!;
    pixels[at + 2] = LUT[k + 2]!;
    pixels[at + 3] = 255;
  }
}

/** A legend number: at most two decimals, no trailing zeros. */
const formatBound = (v: number) => String(+v.toFixed(2));

interface Props {
  /** The accessible name of the map (e.g. "Teachers' entropy at T = 4"). */
  name: string;
  /** One value per grid cell in [0, max] (entropyGrid, classProbabilityGrid); null before the teachers have trained. */
  values: Float32Array | null;
  /** The top of the scale: log2(classes) for entropy in bits, 1 for a probability. */
  max: number;
  resolution: number;
  extent: number;
  /** The labelled points as raw (x, y) rows in the grid's coordinates, and their classes. */
  points: Float32Array;
  labels: Uint8Array;
  /** The unlabelled transfer set's points, if any (grey). */
  unlabelled?: Float32Array;
  /** A summary for screen readers (hidden), written by the caller. */
  description: string;
  /** Width and height in CSS pixels. */
  size?: number;
  /** The legend's unit after the numbers (e.g. "bits"); none by default. */
  unit?: string;
  /**
   * Bump when `values` was refilled in place (entropyGrid's `out`): the map redraws when the
   * array or this number changes.
   */
  version?: number;
}

/** A scalar field (entropy or a class probability) on a canvas, light to dark blue, the training points on top, with a legend bar. */
export function EntropyMap({
  name,
  values,
  max,
  resolution,
  extent,
  points,
  labels,
  unlabelled,
  description,
  size = DEFAULT_MAP_SIZE,
  unit,
  version,
}: Props) {
  const paint = useMemo(() => (values ? (pixels: Uint8ClampedArray) => paintField(pixels, values, max) : null), [values, max]);
  const suffix = unit ? ` ${unit}` : '';
  // "1 bit", not "1 bits" (the entropy of two classes tops out at exactly 1).
  const maxSuffix = unit === 'bits' && formatBound(max) === '1' ? ' bit' : suffix;
  const described = (
    <>
      {description} Colour scale: white at 0, dark blue at {formatBound(max)}
      {maxSuffix}.
    </>
  );
  return (
    <MapCanvas
      name={name}
      description={described}
      layout={{ resolution, extent, points, labels, unlabelled, size }}
      paint={paint}
      redraw={version}
      className="region-map region-map--scalar"
    >
      <div className="region-map__legend" aria-hidden="true">
        <div className="region-map__legend-bar" style={{ height: 10, background: LEGEND_GRADIENT, border: '1px solid #8a96a3' }} />
        <div className="region-map__legend-labels" style={{ display: 'flex', justifyContent: 'space-between' }}>
          <span>0{suffix}</span>
          <span>
            {formatBound(max)}
            {maxSuffix}
          </span>
        </div>
      </div>
    </MapCanvas>
  );
}
