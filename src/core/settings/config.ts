/**
 * One experiment = one serialisable config object, seed included.
 *
 * Every numeric setting is described once in PARAMS (label, range, default), every choice in
 * CHOICES and the student's layout in LAYOUTS; the same tables drive the UI's inputs, validation,
 * the URL hash and the headless CLI's flags.
 */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** 'mixed' alternates MLP and CNN members, so the ensemble differs by architecture as well as seed. */
export type TeacherArch = 'mlp' | 'cnn' | 'mixed';

/** How member distributions are combined: mean of probabilities, or softmax of mean logits. */
export type EnsembleMode = 'arithmetic' | 'geometric';

export type OptimizerName = 'adam' | 'sgd';

export type OnOff = 'on' | 'off';

/** The distillation loss (kd-losses.ts has the formulas and references). */
export type LossName = 'kd' | 'dkd' | 'ls' | 'wsld' | 'confidence';

/** Losses that weigh the soft term per sample (they read the teachers at T = 1 too, and have a weight histogram). */
export const WEIGHTED_LOSSES: readonly LossName[] = ['wsld', 'confidence'];

export const isWeighted = (loss: LossName): boolean => WEIGHTED_LOSSES.includes(loss);

/** Equal-width bins of [0, 1] in which a weighted loss's per-sample weights are counted each epoch. */
export const WEIGHT_BINS = 20;

/** How T moves during a run: held (live slider), annealed from T to the final T, or learnt (CTKD). */
export type TemperatureSchedule = 'constant' | 'linear' | 'cosine' | 'ctkd';

export interface ExperimentConfig {
  seed: number;
  ensembleSize: number;
  teacherArch: TeacherArch;
  teacherHidden: number;
  teacherEpochs: number;
  learningRate: number;
  batchSize: number;
  trainPercent: number;
  optimizer: OptimizerName;
  ensembleMode: EnsembleMode;
  /** Restore each student's weights of its epoch with the best validation accuracy at the end of a run. */
  keepBestEpoch: OnOff;
  /** The student's hidden layers, input to output: "64", "128-64", "32-32-32", or "none" (see LAYOUTS). */
  studentHidden: string;
  studentEpochs: number;
  temperature: number;
  alpha: number;
  loss: LossName;
  temperatureSchedule: TemperatureSchedule;
  /** Where a linear or cosine schedule ends (it starts at `temperature`). */
  temperatureEnd: number;
  /** DKD's weights of its target-class (TCKD) and non-target-class (NCKD) terms. */
  dkdAlpha: number;
  dkdBeta: number;
  /** Distil from the temperature-scaled teachers (calibration.ts) instead of the teachers as trained. */
  calibrateTeachers: OnOff;
  /** Multiplies every teacher logit before anything else: above 1 over-confident, below 1 under-confident teachers. */
  teacherConfidence: number;
  /** A class left out of the students' transfer set ('none', or its index): Hinton et al.'s omitted-digit experiment. */
  omitClass: string;
}

export type NumericKey = {
  [K in keyof ExperimentConfig]: ExperimentConfig[K] extends number ? K : never;
}[keyof ExperimentConfig];

export interface NumericParam {
  key: NumericKey;
  /** The accessible name of the control, and the name in error messages. */
  label: string;
  /** CLI flag, without the leading dashes. */
  flag: string;
  min: number;
  max: number;
  step: number;
  integer: boolean;
  defaultValue: number;
  help: string;
}

// Defaults: chosen on the validation split with `npm run distill` over seeds 0–2 (README,
// "Defaults and what we measured"): a 784-64-10 student at T = 4, alpha = 0.9 for 80 epochs.
export const PARAMS: readonly NumericParam[] = [
  {
    key: 'seed',
    label: 'Seed',
    flag: 'seed',
    min: 0,
    max: 2 ** 31 - 1,
    step: 1,
    integer: true,
    defaultValue: 0,
    help: 'Seeds weight initialisation and shuffling, so a run can be repeated.',
  },
  {
    key: 'ensembleSize',
    label: 'Ensemble size',
    flag: 'teachers',
    min: 1,
    max: 8,
    step: 1,
    integer: true,
    defaultValue: 3,
    help: 'Number of teachers; they differ by seed.',
  },
  {
    key: 'teacherHidden',
    label: 'Teacher hidden units',
    flag: 'teacher-hidden',
    min: 8,
    max: 1024,
    step: 8,
    integer: true,
    defaultValue: 512,
    help: "Width of each of the MLP teacher's two hidden layers (the CNN ignores it).",
  },
  {
    key: 'teacherEpochs',
    label: 'Teacher epochs',
    flag: 'teacher-epochs',
    min: 1,
    max: 100,
    step: 1,
    integer: true,
    defaultValue: 8,
    help: 'Passes over the training split for each teacher.',
  },
  {
    key: 'learningRate',
    label: 'Learning rate',
    flag: 'learning-rate',
    min: 1e-5,
    max: 10000,
    step: 0.0001,
    integer: false,
    defaultValue: 0.001,
    help: 'Step size of the optimizer, for teachers and students. Huge values make SGD diverge (the NaN guard stops it).',
  },
  {
    key: 'batchSize',
    label: 'Batch size',
    flag: 'batch-size',
    min: 8,
    max: 1024,
    step: 8,
    integer: true,
    defaultValue: 64,
    help: 'Images per gradient step.',
  },
  {
    key: 'trainPercent',
    label: 'Training images (%)',
    flag: 'train-percent',
    min: 1,
    max: 100,
    step: 1,
    integer: true,
    defaultValue: 100,
    help: 'Share of the training split to train on (a seeded, class-mixed subset): lower it for quick demos on slow backends.',
  },
  {
    key: 'studentEpochs',
    label: 'Student epochs',
    flag: 'student-epochs',
    min: 1,
    max: 200,
    step: 1,
    integer: true,
    defaultValue: 80,
    help: 'Passes over the training split for the distilled and the baseline student.',
  },
  {
    key: 'temperature',
    label: 'Temperature',
    flag: 'temperature',
    min: 1,
    max: 20,
    step: 0.5,
    integer: false,
    defaultValue: 4,
    help: "Softens the teachers' and the student's distributions in the soft (KD) term.",
  },
  {
    key: 'alpha',
    label: 'Alpha',
    flag: 'alpha',
    min: 0,
    max: 1,
    step: 0.05,
    integer: false,
    defaultValue: 0.9,
    help: 'Weight of the soft term; 1 − alpha weighs the hard-label cross-entropy.',
  },
  {
    key: 'temperatureEnd',
    label: 'Final temperature',
    flag: 't-end',
    min: 1,
    max: 20,
    step: 0.5,
    integer: false,
    defaultValue: 1,
    help: 'Where a linear or cosine temperature schedule ends; it starts at the Temperature setting.',
  },
  {
    key: 'dkdAlpha',
    label: 'DKD α (target class)',
    flag: 'dkd-alpha',
    min: 0,
    max: 10,
    step: 0.5,
    integer: false,
    defaultValue: 1,
    help: "Weight of DKD's target-class term TCKD (Zhao et al. use 1).",
  },
  {
    key: 'dkdBeta',
    label: 'DKD β (non-target classes)',
    flag: 'dkd-beta',
    min: 0,
    max: 20,
    step: 0.5,
    integer: false,
    defaultValue: 8,
    help: "Weight of DKD's non-target-class term NCKD (Zhao et al. use 8 on CIFAR-100).",
  },
  {
    key: 'teacherConfidence',
    label: 'Teacher confidence',
    flag: 'teacher-confidence',
    min: 0.25,
    max: 4,
    step: 0.25,
    integer: false,
    defaultValue: 1,
    help: "Multiplies the teachers' logits before the soft targets are made: above 1 makes them over-confident, below 1 under-confident. 1 leaves them as trained.",
  },
];

export type ChoiceKey =
  'teacherArch' | 'ensembleMode' | 'optimizer' | 'keepBestEpoch' | 'loss' | 'temperatureSchedule' | 'calibrateTeachers' | 'omitClass';

export interface ChoiceParam {
  key: ChoiceKey;
  /** The accessible name of the select. */
  label: string;
  /** CLI flag and URL-hash key. */
  flag: string;
  options: readonly { value: string; label: string }[];
  defaultValue: string;
  help: string;
  /** An on/off setting: the page shows a checkbox instead of a select. */
  toggle?: boolean;
}

/** The options of an on/off setting (shown as a checkbox). */
const ON_OFF: ChoiceParam['options'] = [
  { value: 'on', label: 'On' },
  { value: 'off', label: 'Off' },
];

export const CHOICES: readonly ChoiceParam[] = [
  {
    key: 'teacherArch',
    label: 'Teacher model',
    flag: 'teacher-arch',
    defaultValue: 'mlp',
    options: [
      { value: 'mlp', label: 'MLP' },
      { value: 'cnn', label: 'CNN' },
      { value: 'mixed', label: 'Mixed (MLP, CNN, …)' },
    ],
    help: 'MLP: 784-h-h-10 with dropout. CNN: two conv layers. Mixed: members alternate the two. The CNN needs WebGPU, WebGL or CPU (WASM lacks conv gradients).',
  },
  {
    key: 'ensembleMode',
    label: 'Ensemble mean',
    flag: 'ensemble-mean',
    defaultValue: 'arithmetic',
    options: [
      { value: 'arithmetic', label: 'Arithmetic' },
      { value: 'geometric', label: 'Geometric' },
    ],
    help: "Arithmetic: mean of the members' probabilities. Geometric: softmax of the mean logits.",
  },
  {
    key: 'optimizer',
    label: 'Optimizer',
    flag: 'optimizer',
    defaultValue: 'adam',
    options: [
      { value: 'adam', label: 'Adam' },
      { value: 'sgd', label: 'SGD' },
    ],
    help: 'Adam adapts its step size and rarely diverges; plain SGD with a huge learning rate blows up (NaN).',
  },
  {
    key: 'keepBestEpoch',
    label: 'Keep best epoch (validation)',
    flag: 'keep-best',
    defaultValue: 'on',
    toggle: true,
    options: ON_OFF,
    help: 'At the end, each student returns to the weights of its epoch with the best validation accuracy (the test split is never used to choose).',
  },
  {
    key: 'loss',
    label: 'Loss',
    flag: 'loss',
    defaultValue: 'kd',
    options: [
      { value: 'kd', label: 'Vanilla KD (Hinton et al. 2015)' },
      { value: 'dkd', label: 'DKD, decoupled (Zhao et al. 2022)' },
      { value: 'ls', label: 'Logit standardisation (Sun et al. 2024)' },
      { value: 'wsld', label: 'WSLD, weighted soft labels (Zhou et al. 2021)' },
      { value: 'confidence', label: 'Teacher-confidence weighting' },
    ],
    help: 'How the student learns from the teachers; the formula is shown below the choice.',
  },
  {
    key: 'temperatureSchedule',
    label: 'Temperature schedule',
    flag: 't-schedule',
    defaultValue: 'constant',
    options: [
      { value: 'constant', label: 'Constant (the slider)' },
      { value: 'linear', label: 'Linear, to the final T' },
      { value: 'cosine', label: 'Cosine, to the final T' },
      { value: 'ctkd', label: 'Learnt, adversarial (CTKD, Li et al. 2023)' },
    ],
    help: 'Constant: T is the slider, live. Linear and cosine anneal from T to the final T over the run. CTKD learns T, starting at T.',
  },
  {
    key: 'calibrateTeachers',
    label: 'Calibrate teachers',
    flag: 'calibrate',
    defaultValue: 'off',
    toggle: true,
    options: ON_OFF,
    help: 'Distil from the temperature-scaled teachers: each member and the ensemble get a temperature fitted on the validation split (Guo et al. 2017). Each teacher keeps its accuracy; its confidence becomes trustworthy.',
  },
  {
    key: 'omitClass',
    label: 'Omit digit from transfer set',
    flag: 'omit',
    defaultValue: 'none',
    options: [{ value: 'none', label: 'None' }, ...Array.from({ length: 10 }, (_, d) => ({ value: String(d), label: String(d) }))],
    help: "Leaves one digit out of the students' training images (the teachers still see it): Hinton et al.'s test of what soft labels carry about a class never shown.",
  },
];

/** The class a config omits from the transfer set, or null. */
export function omittedClass(config: Pick<ExperimentConfig, 'omitClass'>): number | null {
  return config.omitClass === 'none' ? null : Number(config.omitClass);
}

export function choiceByKey(key: ChoiceKey): ChoiceParam {
  const choice = CHOICES.find((c) => c.key === key);
  if (!choice) throw new Error(`unknown choice "${key}"`);
  return choice;
}

/** Returns a message naming the setting when `value` is not one of its options, else null. */
export function validateChoice(choice: ChoiceParam, value: string): string | null {
  return choice.options.some((o) => o.value === value)
    ? null
    : `${choice.label} must be one of ${choice.options.map((o) => o.value).join(', ')}.`;
}

export type LayoutKey = 'studentHidden';

/** A network's hidden layers typed as text: widths joined by "-", input to output. */
export interface LayoutParam {
  key: LayoutKey;
  label: string;
  flag: string;
  defaultValue: string;
  maxLayers: number;
  maxWidth: number;
  help: string;
}

export const LAYOUTS: readonly LayoutParam[] = [
  {
    key: 'studentHidden',
    label: 'Student hidden layers',
    flag: 'student-hidden',
    defaultValue: '64',
    maxLayers: 3,
    maxWidth: 1024,
    help: "The student's hidden ReLU layers, input to output: 64 is 784-64-10, 128-64 is 784-128-64-10; none is 784-10; cnn is a small convolutional student (not on WASM).",
  },
];

export function layoutByKey(key: LayoutKey): LayoutParam {
  const layout = LAYOUTS.find((l) => l.key === key);
  if (!layout) throw new Error(`unknown layout "${key}"`);
  return layout;
}

/**
 * The widths of a layout text ("128-64" → [128, 64]; "none" or "0" → []), or a message naming the
 * setting when it cannot be read.
 */
export function parseLayout(param: LayoutParam, text: string): number[] | string {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'none' || trimmed === '0') return [];
  const parts = trimmed.split(/\s*[-x×]\s*/);
  const widths = parts.map(Number);
  if (trimmed === '' || widths.some((w) => !Number.isInteger(w)))
    return `${param.label} must be widths joined by "-", e.g. 64 or 128-64, or none, or cnn.`;
  if (widths.length > param.maxLayers) return `${param.label}: at most ${param.maxLayers} hidden layers.`;
  if (widths.some((w) => w < 1 || w > param.maxWidth)) return `${param.label}: each width must be between 1 and ${param.maxWidth}.`;
  return widths;
}

/** The layout text of the convolutional student (models.ts, createCnnStudent). */
export const CNN_LAYOUT = 'cnn';

export const isCnnLayout = (layout: string | number | readonly number[]): boolean => layout === CNN_LAYOUT;

/** A layout text in its one written form ("128-64", "none", "cnn"), or a message naming the setting. */
export function readLayout(param: LayoutParam, text: string): { layout: string } | { error: string } {
  if (text.trim().toLowerCase() === CNN_LAYOUT) return { layout: CNN_LAYOUT };
  const widths = parseLayout(param, text);
  return typeof widths === 'string' ? { error: widths } : { layout: formatLayout(widths) };
}

/** The canonical text of a layout: "128-64", or "none" for no hidden layer. */
export function formatLayout(widths: readonly number[]): string {
  return widths.length === 0 ? 'none' : widths.join('-');
}

/** The hidden widths of a config's (valid) MLP layout, or of a single width. */
export function layoutWidths(layout: string | number | readonly number[]): number[] {
  if (typeof layout === 'number') return [layout];
  if (typeof layout !== 'string') return [...layout];
  if (isCnnLayout(layout)) throw new Error('The CNN student has no hidden widths.');
  const widths = parseLayout(LAYOUTS[0]!, layout);
  if (typeof widths === 'string') throw new Error(widths);
  return widths;
}

export const DEFAULT_CONFIG: ExperimentConfig = {
  ...(Object.fromEntries(PARAMS.map((p) => [p.key, p.defaultValue])) as Record<NumericKey, number>),
  ...(Object.fromEntries(CHOICES.map((c) => [c.key, c.defaultValue])) as Pick<ExperimentConfig, ChoiceKey>),
  ...(Object.fromEntries(LAYOUTS.map((l) => [l.key, l.defaultValue])) as Pick<ExperimentConfig, LayoutKey>),
};

/**
 * Settings that belong to the teachers: changing one after training makes the trained teachers
 * out of date (retrain, or revert the setting). The others (seed, learning rate, batch size,
 * optimizer, training images) apply to the next job, teachers or student; the teachers keep a
 * record of the values they were trained with.
 */
export const TEACHER_SETTINGS = [
  'ensembleSize',
  'teacherArch',
  'teacherHidden',
  'teacherEpochs',
  'ensembleMode',
] as const satisfies readonly (keyof ExperimentConfig)[];

/** The teacher settings in which `config` differs from the config the teachers were trained with. */
export function changedTeacherSettings(config: ExperimentConfig, trainedWith: ExperimentConfig): (typeof TEACHER_SETTINGS)[number][] {
  return TEACHER_SETTINGS.filter((key) => config[key] !== trainedWith[key]);
}

export function paramByKey(key: NumericKey): NumericParam {
  const param = PARAMS.find((p) => p.key === key);
  if (!param) throw new Error(`unknown parameter "${key}"`);
  return param;
}

/** Returns a message naming the parameter when `value` is not acceptable for it, else null. */
export function validateParam(param: NumericParam, value: number): string | null {
  if (!Number.isFinite(value)) return `${param.label} must be a number.`;
  if (param.integer && !Number.isInteger(value)) return `${param.label} must be a whole number.`;
  if (value < param.min || value > param.max) {
    return `${param.label} must be between ${param.min} and ${param.max}.`;
  }
  return null;
}

/** Every problem with a config, one message each; empty when the config can be run. */
export function validateConfig(config: ExperimentConfig): string[] {
  const errors = PARAMS.map((p) => validateParam(p, config[p.key])).filter((e): e is string => e !== null);
  for (const c of CHOICES) {
    const error = validateChoice(c, config[c.key]);
    if (error) errors.push(error);
  }
  for (const l of LAYOUTS) {
    const read = readLayout(l, config[l.key]);
    if ('error' in read) errors.push(read.error);
    else if (read.layout !== config[l.key]) errors.push(`${l.label} must be written as ${read.layout}.`);
  }
  return errors;
}

/** Throws one error listing every problem; for entry points (worker, CLI) that must not run a bad config. */
export function assertValidConfig(config: ExperimentConfig): void {
  const errors = validateConfig(config);
  if (errors.length > 0) throw new Error(errors.join(' '));
}

/** Sets a choice from a string already checked with validateChoice. */
export function setChoice(config: ExperimentConfig, key: ChoiceKey, value: string): void {
  (config as unknown as Record<ChoiceKey, string>)[key] = value;
}

/** Serialises a config to a URL hash fragment (without '#'), Playground-style. */
export function configToHash(config: ExperimentConfig): string {
  const entries: [string, string][] = PARAMS.map((p) => [p.flag, String(config[p.key])]);
  for (const c of CHOICES) entries.push([c.flag, config[c.key]]);
  for (const l of LAYOUTS) entries.push([l.flag, config[l.key]]);
  return new URLSearchParams(entries).toString();
}

/** Reads a hash fragment; unknown or invalid entries fall back to the defaults. */
export function configFromHash(hash: string, base: ExperimentConfig = DEFAULT_CONFIG): ExperimentConfig {
  const query = new URLSearchParams(hash.replace(/^#/, ''));
  const config: ExperimentConfig = { ...base };
  for (const p of PARAMS) {
    const raw = query.get(p.flag);
    if (raw === null || raw.trim() === '') continue;
    const value = Number(raw);
    if (validateParam(p, value) === null) config[p.key] = value;
  }
  for (const c of CHOICES) {
    const raw = query.get(c.flag);
    if (raw !== null && validateChoice(c, raw) === null) setChoice(config, c.key, raw);
  }
  for (const l of LAYOUTS) {
    const read = readLayout(l, query.get(l.flag) ?? '');
    if ('layout' in read) config[l.key] = read.layout;
  }
  return config;
}

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

/**
 * Why a live slider does not steer a run with this config's loss and schedule (the UI shows it
 * beside the slider), or null where it does.
 */
export function sliderNote(config: Pick<ExperimentConfig, 'loss' | 'temperatureSchedule'>, key: 'temperature' | 'alpha'): string | null {
  if (key === 'alpha')
    return config.loss === 'dkd' ? 'DKD has no alpha: its loss is CE + T²·(α_DKD·TCKD + β·NCKD), with the weights below.' : null;
  switch (config.temperatureSchedule) {
    case 'constant':
      return null;
    case 'ctkd':
      return 'CTKD learns T during the run; this value is only where it starts.';
    default:
      return `The ${config.temperatureSchedule} schedule sets T during the run, from this value to the final temperature.`;
  }
}
