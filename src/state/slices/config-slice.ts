/** Config & validation: the inputs refuse bad values and keep the last good config. */
import {
  LIVE_SETTINGS,
  validateConfig,
  type ChoiceKey,
  type ExperimentConfig,
  type FlagKey,
  type LayoutKey,
  type LiveKey,
  type NumericKey,
} from '../../core/settings/config';
import { readSetting, validateParam } from '../../core/settings/kinds';
import { readLayout } from '../../core/settings/layouts';
import { presetById, presetNote, type PresetId } from '../../core/settings/presets';
import { SETTINGS } from '../../core/settings/registry';
import { isRunning } from '../rules';
import type { SliceContext } from './context';

/** The settings of the next run, and what the user is typing. */
export interface ConfigSlice {
  /** The last valid config; runs, the URL hash and the soft-label chart use this. */
  config: ExperimentConfig;
  /** Raw text of number inputs being edited (kept even when invalid, so the input shows it). */
  drafts: Partial<Record<NumericKey | LayoutKey, string>>;
  /** One message per refused input. */
  fieldErrors: Partial<Record<NumericKey | LayoutKey, string>>;
  /** Parses and validates the text of a numeric input; a bad value is refused and the config kept. */
  setParam(key: NumericKey, text: string): void;
  /** Parses a layout ("128-64", "none"); a bad one is refused with a message and the config kept. */
  setLayout(key: LayoutKey, text: string): void;
  /** Sets a select-style setting (a choice, or a class); values that are not among its options are ignored. */
  setChoice(key: ChoiceKey, value: string): void;
  /** Turns an on/off setting on or off. */
  setFlag(key: FlagKey, on: boolean): void;
  /** Also sent to a running distillation (throttled). */
  setTemperature(temperature: number): void;
  setAlpha(alpha: number): void;
  /** Replaces the whole config (e.g. a pasted link); clears drafts and errors. */
  replaceConfig(config: ExperimentConfig): void;
  /** Replaces the config with a preset's (not while a job runs). */
  applyPreset(id: PresetId): void;
}

type ConfigActions = Pick<
  ConfigSlice,
  'setParam' | 'setLayout' | 'setChoice' | 'setFlag' | 'setTemperature' | 'setAlpha' | 'replaceConfig' | 'applyPreset'
>;

/** Text of a number input → number; empty or blank text is not a number (Number('') would be 0). */
export function parseNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

export function configActions({ set, get, sendHyperparams }: SliceContext): ConfigActions {
  const applyNumber = (key: NumericKey, text: string, keepDraft: boolean) => {
    const value = parseNumber(text);
    const message = validateParam(SETTINGS[key], value);
    set((s) => {
      const drafts = { ...s.drafts };
      if (keepDraft) drafts[key] = text;
      else delete drafts[key];
      const fieldErrors = { ...s.fieldErrors };
      if (message) {
        fieldErrors[key] = message;
        return { drafts, fieldErrors };
      }
      delete fieldErrors[key];
      return { drafts, fieldErrors, config: { ...s.config, [key]: value } };
    });
    if (!message && LIVE_SETTINGS.includes(key as LiveKey)) {
      const { config, job } = get();
      if (job === 'distill') sendHyperparams({ temperature: config.temperature, alpha: config.alpha });
    }
  };

  return {
    setParam: (key, text) => applyNumber(key, text, true),
    setLayout: (key, text) => {
      const read = readLayout(SETTINGS[key], text);
      set((s) => {
        const drafts = { ...s.drafts, [key]: text };
        const fieldErrors = { ...s.fieldErrors };
        if ('error' in read) return { drafts, fieldErrors: { ...fieldErrors, [key]: read.error } };
        delete fieldErrors[key];
        return { drafts, fieldErrors, config: { ...s.config, [key]: read.layout } };
      });
    },
    setTemperature: (temperature) => {
      if (temperature !== get().config.temperature) applyNumber('temperature', String(temperature), false);
    },
    setAlpha: (alpha) => {
      if (alpha !== get().config.alpha) applyNumber('alpha', String(alpha), false);
    },
    setChoice: (key, value) => {
      const read = readSetting(SETTINGS[key], value);
      if ('error' in read) return;
      set((s) => ({ config: { ...s.config, [key]: read.value } }));
    },
    setFlag: (key, on) => set((s) => ({ config: { ...s.config, [key]: on } })),
    replaceConfig: (config) => {
      if (validateConfig(config).length > 0) return;
      set({ config, drafts: {}, fieldErrors: {} });
    },
    applyPreset: (id) => {
      if (isRunning(get())) return;
      const preset = presetById(id);
      set({
        config: { ...preset.config },
        drafts: {},
        fieldErrors: {},
        teacherFormOpen: true,
        // What it was measured to give is said only where it holds (presetNote).
        status: `${preset.label} settings: ${presetNote(preset, get().datasetId)}`,
      });
    },
  };
}
