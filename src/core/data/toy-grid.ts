/**
 * The grid on which teaching mode paints a model's decision regions, and raw points standardised
 * as the dataset's were (the models see standardised inputs). No tfjs and no DOM here.
 */
function checkGrid(resolution: number, extent: number): void {
  if (!Number.isInteger(resolution) || resolution < 2)
    throw new Error(`Grid resolution must be a whole number of at least 2 (got ${resolution}).`);
  if (!(extent > 0) || !Number.isFinite(extent)) throw new Error(`Grid extent must be a positive number (got ${extent}).`);
}

/**
 * The point of row `index` of gridPoints(resolution, extent): rows run left to right, then top
 * to bottom; corners included, so the first is (-extent, +extent) and the last (+extent, -extent).
 */
export function gridCell(index: number, resolution: number, extent = 1.25): { x: number; y: number } {
  checkGrid(resolution, extent);
  if (!Number.isInteger(index) || index < 0 || index >= resolution * resolution) {
    throw new Error(`Grid index must be a whole number in 0..${resolution * resolution - 1} (got ${index}).`);
  }
  const step = (2 * extent) / (resolution - 1);
  const row = Math.floor(index / resolution);
  const column = index % resolution;
  return { x: -extent + column * step, y: extent - row * step };
}

/**
 * A resolution × resolution grid over [-extent, extent]² as (x, y) rows, row-major from the top
 * left (y from +extent down), for painting a model's decision regions. Feed it through
 * standardizePoints first: the models see standardised inputs.
 */
export function gridPoints(resolution: number, extent = 1.25): Float32Array {
  checkGrid(resolution, extent);
  const out = new Float32Array(resolution * resolution * 2);
  for (let i = 0; i < resolution * resolution; i++) {
    const { x, y } = gridCell(i, resolution, extent);
    out[2 * i] = x;
    out[2 * i + 1] = y;
  }
  return out;
}

/**
 * (value − mean) / std per column, as makeDataset did to the dataset's own values: raw points
 * (a grid, a clicked point) in, the models' inputs out. The columns are mean.length wide.
 */
export function standardizePoints(points: Float32Array, standardization: { mean: number[]; std: number[] }): Float32Array {
  const { mean, std } = standardization;
  const features = mean.length;
  if (features === 0 || std.length !== features) {
    throw new Error(`Standardization needs one mean and one std per column (got ${mean.length} and ${std.length}).`);
  }
  if (points.length % features !== 0) throw new Error(`${points.length} values do not make rows of ${features}.`);
  const out = new Float32Array(points.length);
  for (let i = 0; i < points.length; i++) out[i] = (points[i]! - mean[i % features]!) / std[i % features]!;
  return out;
}
