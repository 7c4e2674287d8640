/** Starting points: whole configs under a name, with what they set up and what they were measured to give. */
import { DEFAULT_CONFIG, type ExperimentConfig } from './config';

export type PresetId = 'quick' | 'defaults' | 'omitted';

export interface Preset {
  id: PresetId;
  /** The button's name. */
  label: string;
  /** What it sets up, one sentence, true on any dataset. */
  description: string;
  /** What it was measured to give — on the bundled MNIST only (README), so the page shows it only there. */
  measuredOnMnist: string;
  config: ExperimentConfig;
}

/**
 * Starting points. "Quick demo" was chosen on the validation split over seeds 0–2 (README,
 * "Quick demo") so that distillation visibly beats the baseline in well under a minute on a laptop CPU.
 */
export const PRESETS: readonly Preset[] = [
  {
    id: 'quick',
    label: 'Quick demo',
    description: 'Three 256-unit teachers on 30 % of the training samples and a 6-unit student, too small to learn well from labels alone.',
    measuredOnMnist: 'On MNIST: about half a minute on WASM, and the distilled student beats its baseline by about two points.',
    config: {
      ...DEFAULT_CONFIG,
      ensembleSize: 3,
      teacherHidden: 256,
      teacherEpochs: 10,
      learningRate: 0.003,
      trainPercent: 30,
      studentHidden: '6',
      studentEpochs: 60,
      temperature: 3,
      alpha: 0.9,
    },
  },
  {
    id: 'defaults',
    label: 'Full defaults',
    description: 'The defaults: three 512-unit teachers on all training samples, a 64-unit student for 80 epochs at T = 4.',
    measuredOnMnist: 'Chosen on MNIST’s validation split; about a minute and a half on WASM there.',
    config: DEFAULT_CONFIG,
  },
  {
    id: 'omitted',
    label: 'Omitted digit (Hinton)',
    description: 'Hinton et al.’s experiment: the defaults, but no sample of class 3 in the students’ training set (the teachers see all).',
    measuredOnMnist:
      'On MNIST the distilled student still recognises most 3s from the soft labels alone; the baseline recognises none. T = 4 and alpha = 1 were chosen on validation (README).',
    config: { ...DEFAULT_CONFIG, omitClass: '3', alpha: 1 },
  },
];

export function presetById(id: PresetId): Preset {
  const preset = PRESETS.find((p) => p.id === id);
  if (!preset) throw new Error(`unknown preset "${id}"`);
  return preset;
}

/** The preset `config` equals, if any. */
export function matchingPreset(config: ExperimentConfig): PresetId | null {
  const keys = Object.keys(DEFAULT_CONFIG) as (keyof ExperimentConfig)[];
  return PRESETS.find((p) => keys.every((k) => p.config[k] === config[k]))?.id ?? null;
}
