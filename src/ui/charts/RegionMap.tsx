/**
 * A model's decision regions over the toy plane, as TensorFlow Playground paints them: each grid
 * cell takes its class's colour, saturated where the model is sure and fading to white where it
 * is not, smoothed as it is scaled up, with the training points on top in their own class colours.
 *
 * The grid (resolution² cells, gridPoints order) is put into a small resolution × resolution
 * buffer and drawn scaled onto a canvas of `size` CSS pixels at the screen's pixel ratio, so the
 * points stay crisp circles. The points are drawn once into a layer of their own and re-drawn only
 * when they change: a new map costs one putImageData and two drawImage calls. EntropyMap draws
 * the same way (drawMap, below).
 */
import { useEffect, useId, useMemo, useRef, type ReactNode } from 'react';
import { COLORS, MEMBER_COLORS } from './palette';

/** Where the points are and how the canvas is laid out: what a map's picture shares with the points layer. */
export interface MapLayout {
  resolution: number;
  extent: number;
  /** The labelled points as raw (x, y) rows, in the grid's [-extent, extent]² coordinates. */
  points: Float32Array;
  labels: Uint8Array;
  /** The unlabelled transfer set's points, as raw (x, y) rows: drawn small and grey, under the labelled ones. */
  unlabelled?: Float32Array;
  /** Width and height in CSS pixels. */
  size: number;
}

/** What a map keeps between draws: the grid buffer, its pixels, and the points layer with what it was drawn from. */
export interface MapCache {
  buffer: HTMLCanvasElement | null;
  image: ImageData | null;
  layer: HTMLCanvasElement | null;
  layerKey: readonly unknown[];
}

export const DEFAULT_MAP_SIZE = 240;
/** A point's radius and outlines, in CSS pixels: a white halo under a dark ring, so a point reads on any colour. */
const POINT_RADIUS = 3.5;
const HALO_WIDTH = 3;
const RING_WIDTH = 1;
/** An unlabelled point: a small grey dot with a thin white halo (it has no class colour). */
const UNLABELLED_RADIUS = 1.6;
const UNLABELLED_FILL = '#4b5563';
/** The canvas behind the points while there is no map yet. */
const EMPTY_FILL = '#f4f6f8';
/** Regions stop short of a point's full colour, so points stay visible inside a confident region. */
const MAX_TINT = 0.8;

export function emptyMapCache(): MapCache {
  return { buffer: null, image: null, layer: null, layerKey: [] };
}

/** '#RRGGBB' → [r, g, b]. */
export function hexToRgb(hex: string): [number, number, number] {
  const value = parseInt(hex.slice(1, 7), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

const CLASS_RGB = MEMBER_COLORS.map(hexToRgb);

/** Class c's colour (MEMBER_COLORS, cycling past the eighth class). */
export function classColor(c: number): string {
  return MEMBER_COLORS[c % MEMBER_COLORS.length]!;
}

/** The points layer for the layout at `pixels` device pixels square, drawn again only when the layout changed. */
function pointsLayer(cache: MapCache, layout: MapLayout, pixels: number, ratio: number): HTMLCanvasElement {
  const { resolution, extent, points, labels, unlabelled } = layout;
  const key = [points, labels, unlabelled, resolution, extent, pixels, ratio];
  const layer = (cache.layer ??= document.createElement('canvas'));
  if (key.length === cache.layerKey.length && key.every((k, i) => k === cache.layerKey[i])) return layer;
  cache.layerKey = key;
  layer.width = pixels;
  layer.height = pixels;
  const context = layer.getContext('2d');
  if (!context) return layer;
  context.clearRect(0, 0, pixels, pixels);
  // Grid cell centres sit at the middle of their pixel in the resolution × resolution image, and the
  // first and last cells at ∓extent: x = −extent ↦ half a cell from the left edge.
  const cell = pixels / resolution;
  const toPixel = (v: number) => ((v + extent) / (2 * extent)) * (resolution - 1) * cell + cell / 2;
  if (unlabelled) {
    context.fillStyle = UNLABELLED_FILL;
    context.strokeStyle = '#ffffff';
    context.lineWidth = ratio;
    for (let i = 0; i + 1 < unlabelled.length; i += 2) {
      context.beginPath();
      context.arc(toPixel(unlabelled[i]!), toPixel(-unlabelled[i + 1]!), UNLABELLED_RADIUS * ratio, 0, 2 * Math.PI);
      context.stroke();
      context.fill();
    }
  }
  const radius = POINT_RADIUS * ratio;
  const count = Math.min(labels.length, Math.floor(points.length / 2));
  for (let i = 0; i < count; i++) {
    const x = toPixel(points[2 * i]!);
    const y = toPixel(-points[2 * i + 1]!); // y runs up in the plane, down on the canvas
    context.beginPath();
    context.arc(x, y, radius, 0, 2 * Math.PI);
    context.lineWidth = HALO_WIDTH * ratio;
    context.strokeStyle = '#ffffff';
    context.stroke();
    context.fillStyle = classColor(labels[i]!);
    context.fill();
    context.lineWidth = RING_WIDTH * ratio;
    context.strokeStyle = COLORS.mark;
    context.stroke();
  }
  return layer;
}

/**
 * Draws one map onto `canvas`: `paint` fills the resolution × resolution RGBA pixels of the grid
 * (row-major from the top left, as gridPoints), which are scaled up smoothly; with no `paint`, a
 * plain background. Then the points. Sizes the canvas to the layout at the screen's pixel ratio.
 */
export function drawMap(
  canvas: HTMLCanvasElement,
  cache: MapCache,
  layout: MapLayout,
  paint: ((pixels: Uint8ClampedArray) => void) | null,
): void {
  const ratio = window.devicePixelRatio || 1;
  const pixels = Math.max(1, Math.round(layout.size * ratio));
  if (canvas.width !== pixels) canvas.width = pixels;
  if (canvas.height !== pixels) canvas.height = pixels;
  const context = canvas.getContext('2d');
  if (!context) return;
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.clearRect(0, 0, pixels, pixels);
  const { resolution } = layout;
  const buffer = (cache.buffer ??= document.createElement('canvas'));
  const bufferContext = paint ? buffer.getContext('2d') : null;
  if (paint && bufferContext) {
    if (buffer.width !== resolution || buffer.height !== resolution || cache.image === null) {
      buffer.width = resolution;
      buffer.height = resolution;
      cache.image = bufferContext.createImageData(resolution, resolution);
    }
    paint(cache.image.data);
    bufferContext.putImageData(cache.image, 0, 0);
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = 'high';
    context.drawImage(buffer, 0, 0, pixels, pixels);
  } else {
    context.fillStyle = EMPTY_FILL;
    context.fillRect(0, 0, pixels, pixels);
  }
  context.drawImage(pointsLayer(cache, layout, pixels, ratio), 0, 0);
}

/**
 * Fills RGBA pixels with decision regions: class colour mixed with white by how far the confidence
 * is above chance (1 / classes), white at chance, MAX_TINT of the colour at certainty.
 */
export function paintRegions(pixels: Uint8ClampedArray, cells: { label: Uint8Array; confidence: Float32Array }, classes: number): void {
  const chance = 1 / Math.max(2, classes);
  const count = Math.min(cells.label.length, pixels.length / 4);
  for (let i = 0; i < count; i++) {
    const rgb = CLASS_RGB[cells.label[i]! % CLASS_RGB.length]!;
    const sure = (cells.confidence[i]! - chance) / (1 - chance);
    const tint = MAX_TINT * (sure > 0 ? (sure < 1 ? sure : 1) : 0);
    const at = 4 * i;
    pixels[at] = 255 + (rgb[0] - 255) * tint;
    pixels[at + 1] = 255 + (rgb[1] - 255) * tint;
    pixels[at + 2] = 255 + (rgb[2] - 255) * tint;
    pixels[at + 3] = 255;
  }
}

/** The classes a map shows when not told: one past the largest label among the cells and the points (at least 2). */
function classesSeen(cells: { label: Uint8Array } | null, labels: Uint8Array): number {
  let max = 1;
  for (const l of labels) if (l > max) max = l;
  if (cells) for (const l of cells.label) if (l > max) max = l;
  return max + 1;
}

interface Props {
  /** The accessible name of the map (e.g. "Distilled student's decision regions"). */
  name: string;
  /** Per grid cell the class picked and its probability (regionCells, ensembleRegion); null before the model has trained. */
  cells: { label: Uint8Array; confidence: Float32Array } | null;
  resolution: number;
  extent: number;
  /** The labelled points as raw (x, y) rows in the grid's coordinates, and their classes. */
  points: Float32Array;
  labels: Uint8Array;
  /** The unlabelled transfer set's points, if any (grey). */
  unlabelled?: Float32Array;
  /** How many classes there are, which sets "chance" (white); by default one past the largest label seen. */
  classes?: number;
  /** Width and height in CSS pixels. */
  size?: number;
  /** A summary for screen readers (hidden), written by the caller. */
  description: string;
}

/** One decision-region map on a canvas: class colour by region, white where the model is unsure, the training points on top. */
export function RegionMap({
  name,
  cells,
  resolution,
  extent,
  points,
  labels,
  unlabelled,
  classes,
  size = DEFAULT_MAP_SIZE,
  description,
}: Props) {
  const count = classes ?? classesSeen(cells, labels);
  const paint = useMemo(() => (cells ? (pixels: Uint8ClampedArray) => paintRegions(pixels, cells, count) : null), [cells, count]);
  return (
    <MapCanvas name={name} description={description} layout={{ resolution, extent, points, labels, unlabelled, size }} paint={paint} />
  );
}

interface MapCanvasProps {
  name: string;
  /** A summary for screen readers (hidden). */
  description: ReactNode;
  layout: MapLayout;
  /** Paints the grid's pixels; null: not trained yet (only the points, and a caption saying so). */
  paint: ((pixels: Uint8ClampedArray) => void) | null;
  /** Changes when `paint` draws something new from the same arrays (a buffer refilled in place). */
  redraw?: unknown;
  className?: string;
  /** Drawn under the map (a legend). */
  children?: ReactNode;
}

/** What every map shares: the canvas (an image named `name`), its hidden description, the caption when untrained. */
export function MapCanvas({ name, description, layout, paint, redraw, className = 'region-map', children }: MapCanvasProps) {
  const descriptionId = useId();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const cacheRef = useRef<MapCache | null>(null);
  const { resolution, extent, points, labels, unlabelled, size } = layout;
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const cache = (cacheRef.current ??= emptyMapCache());
    drawMap(canvas, cache, { resolution, extent, points, labels, unlabelled, size }, paint);
  }, [paint, redraw, resolution, extent, points, labels, unlabelled, size]);
  return (
    <div className={className} style={{ width: size }}>
      <canvas
        ref={canvasRef}
        className="region-map__canvas"
        role="img"
        aria-label={name}
        aria-describedby={descriptionId}
        style={{ width: size, height: size, display: 'block' }}
      />
      <p id={descriptionId} className="visually-hidden">
        {description}
      </p>
      {paint === null && <p className="region-map__caption">Not trained yet</p>}
      {children}
    </div>
  );
}
