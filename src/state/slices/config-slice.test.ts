import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '../../core/settings/config';
import { configToHash } from '../../core/settings/hash';
import { backendFromSearch } from '../../shared/protocol';
import { teacherRunBlocker } from '../selectors';
import { distillProgress, flush, lossPoint, makeStore, readyStore, teacherResult } from '../../../test-support/store';

describe('config intents', () => {
  it('starts from the URL hash and the ?backend= query', () => {
    const hash = configToHash({ ...DEFAULT_CONFIG, ensembleSize: 2, teacherArch: 'cnn' });
    const { store } = makeStore({ hash: `#${hash}`, search: '?backend=webgl' });
    expect(store.getState().config.ensembleSize).toBe(2);
    expect(store.getState().config.teacherArch).toBe('cnn');
    expect(store.getState().backendRequest).toBe('webgl');
  });

  it('sets choices (teacher model, ensemble mean, optimizer) and ignores values outside their options', () => {
    const { store } = makeStore();
    store.getState().setChoice('optimizer', 'sgd');
    store.getState().setChoice('ensembleMode', 'geometric');
    store.getState().setChoice('teacherArch', 'rnn');
    expect(store.getState().config).toMatchObject({ optimizer: 'sgd', ensembleMode: 'geometric', teacherArch: DEFAULT_CONFIG.teacherArch });
  });

  it('reads an unknown backend as auto', () => {
    expect(backendFromSearch('?backend=quantum')).toBe('auto');
    expect(backendFromSearch('')).toBe('auto');
    expect(backendFromSearch('?backend=cpu')).toBe('cpu');
  });

  it.each([
    ['', 'Ensemble size must be a number.'],
    ['   ', 'Ensemble size must be a number.'],
    ['2.5', 'Ensemble size must be a whole number.'],
    ['0', 'Ensemble size must be between 1 and 8.'],
    ['9', 'Ensemble size must be between 1 and 8.'],
    ['abc', 'Ensemble size must be a number.'],
  ])('refuses %j for Ensemble size and keeps the last good config', (text, message) => {
    const { store } = makeStore();
    store.getState().setParam('ensembleSize', '5');
    store.getState().setParam('ensembleSize', text);
    const state = store.getState();
    expect(state.config.ensembleSize).toBe(5);
    expect(state.fieldErrors.ensembleSize).toBe(message);
    expect(state.drafts.ensembleSize).toBe(text); // the input keeps showing what was typed
  });

  it('accepts a fixed value and clears the error', () => {
    const { store } = makeStore();
    store.getState().setParam('learningRate', '-1');
    expect(store.getState().fieldErrors.learningRate).toMatch(/^Learning rate must be between/);
    store.getState().setParam('learningRate', '0.01');
    expect(store.getState().fieldErrors.learningRate).toBeUndefined();
    expect(store.getState().config.learningRate).toBe(0.01);
  });

  it('blocks runs while any input is invalid, naming the problem', async () => {
    const { store, client } = await readyStore();
    expect(teacherRunBlocker(store.getState())).toBeNull();
    store.getState().setParam('teacherEpochs', '0');
    expect(teacherRunBlocker(store.getState())).toContain('Teacher epochs must be between 1 and 100.');
    await store.getState().trainTeachers();
    expect(client.calls).not.toContain('trainTeachers');
    expect(store.getState().job).toBe('idle');
  });

  it('replaceConfig ignores an invalid config', () => {
    const { store } = makeStore();
    store.getState().replaceConfig({ ...DEFAULT_CONFIG, batchSize: 3 });
    expect(store.getState().config.batchSize).toBe(DEFAULT_CONFIG.batchSize);
  });
});

describe('live hyperparameters', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('does not call the worker when no distillation runs', async () => {
    const { store, client } = await readyStore();
    store.getState().setTemperature(6);
    expect(store.getState().config.temperature).toBe(6);
    expect(client.hyperparams).toEqual([]);
  });

  it('sends throttled updates during distillation, ending on the latest value', async () => {
    const { store, client } = await readyStore();
    client.teacherJob.resolve(teacherResult());
    await store.getState().trainTeachers();
    void store.getState().distill();
    vi.useFakeTimers();
    for (const t of [5, 5.5, 6, 6.5, 7]) store.getState().setTemperature(t);
    expect(client.hyperparams).toEqual([{ temperature: 5, alpha: 0.9 }]); // leading call
    vi.advanceTimersByTime(100);
    expect(client.hyperparams).toEqual([
      { temperature: 5, alpha: 0.9 },
      { temperature: 7, alpha: 0.9 },
    ]);
    store.getState().setTemperature(7); // unchanged: nothing sent
    vi.advanceTimersByTime(500);
    expect(client.hyperparams).toHaveLength(2);
    vi.useRealTimers();
    client.distillProgress?.(distillProgress([lossPoint(1)]));
    await flush();
  });
});
