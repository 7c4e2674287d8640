/** Presets are offered where their protocol holds, and say only what was measured where it was measured. */
import { describe, expect, it } from 'vitest';
import { isBenchmarkData, presetById, presetNote, presetsFor, PRESETS, type PresetData } from './presets';
import { validateConfig } from './config';

const officialSplit = { train: 55_000, val: 5_000, test: 10_000 };
const grey28: PresetData = { image: { width: 28, height: 28, channels: 1 }, blocks: officialSplit };

describe('presets', () => {
  it('are valid configurations', () => {
    for (const preset of PRESETS) expect(validateConfig(preset.config)).toEqual([]);
  });

  it('offer the Fashion-MNIST benchmark only for 28×28 grey images with their own test split', () => {
    const ids = (data: PresetData | null) => presetsFor(data).map((p) => p.id);
    expect(ids(grey28)).toContain('fashion');
    expect(ids({ ...grey28, blocks: null })).not.toContain('fashion'); // split 70/10/20 here (the bundled MNIST)
    expect(ids({ ...grey28, image: { width: 28, height: 28, channels: 3 } })).not.toContain('fashion');
    expect(ids({ image: null, blocks: officialSplit })).not.toContain('fashion'); // a table
    expect(ids(null)).toEqual(['quick', 'defaults', 'omitted']);
    expect(isBenchmarkData(grey28)).toBe(true);
  });

  it('is the protocol of the README: CNN (32-64) teachers for 5 epochs, a 784-64-10 student for 30, kept at its best epoch', () => {
    const { config } = presetById('fashion');
    expect(config).toMatchObject({
      teacherArch: 'cnn-32-64',
      ensembleSize: 3,
      teacherEpochs: 5,
      optimizer: 'adam',
      learningRate: 0.001,
      batchSize: 64,
      trainPercent: 100,
      studentHidden: '64',
      studentEpochs: 30,
      keepBestEpoch: true,
    });
  });

  it("say MNIST's figures only on MNIST, and the benchmark's wherever it is offered", () => {
    const quick = presetById('quick');
    expect(presetNote(quick, 'mnist')).toContain(quick.measured.text);
    expect(presetNote(quick, 'imported:abc')).not.toContain(quick.measured.text);
    expect(presetNote(quick, 'imported:abc')).toContain('measured on MNIST, not on this dataset');
    const fashion = presetById('fashion');
    expect(presetNote(fashion, 'imported:abc')).toContain(fashion.measured.text);
  });
});
