/**
 * What `npm run bench -- --estimates` checks the run bar's estimates on: the presets a new user
 * starts from (Quick demo and Full defaults on MNIST, teaching mode's spirals at their defaults),
 * each with a two-point sweep over the student's width, whose second width no probe has timed yet.
 */
import { DEFAULT_CONFIG, type ExperimentConfig } from '../core/settings/config';
import { presetById } from '../core/settings/presets';
import type { SweepAxis } from '../core/training/sweep';
import type { ToySettings } from '../core/data/toy-settings';
import { teachingDefaults } from '../state/teaching';

export type EstimatePresetId = 'quick' | 'defaults' | 'spirals';

export interface EstimatePreset {
  id: EstimatePresetId;
  label: string;
  config: ExperimentConfig;
  /** The dataset: MNIST (or one given to the benchmark instead), or teaching mode's 2D points. */
  data: { kind: 'mnist' } | { kind: 'toy'; toy: ToySettings };
  sweep: SweepAxis[];
}

const spirals = teachingDefaults('spirals');

export const ESTIMATE_PRESETS: readonly EstimatePreset[] = [
  {
    id: 'quick',
    label: 'Quick demo',
    config: presetById('quick').config,
    data: { kind: 'mnist' },
    sweep: [{ key: 'studentHidden', values: [presetById('quick').config.studentHidden, '12'] }],
  },
  {
    id: 'defaults',
    label: 'Full defaults',
    config: DEFAULT_CONFIG,
    data: { kind: 'mnist' },
    sweep: [{ key: 'studentHidden', values: [DEFAULT_CONFIG.studentHidden, '32'] }],
  },
  {
    id: 'spirals',
    label: 'Spirals (teaching defaults)',
    config: spirals.config,
    data: { kind: 'toy', toy: spirals.toy },
    sweep: [{ key: 'studentHidden', values: [spirals.config.studentHidden, '12-12'] }],
  },
];

export function estimatePreset(id: string): EstimatePreset {
  const preset = ESTIMATE_PRESETS.find((p) => p.id === id);
  if (!preset) throw new Error(`unknown preset "${id}"; choose from ${ESTIMATE_PRESETS.map((p) => p.id).join(', ')}`);
  return preset;
}
