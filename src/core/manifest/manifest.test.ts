import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../settings/config';
import { compareReplay, makeManifest, manifestJson, parseManifest, replaySummary, textEncodingOf, type Manifest } from './manifest';

function manifest(): Manifest {
  return makeManifest({
    kind: 'sweep',
    createdAt: '2026-12-05T20:00:00.000Z',
    backend: 'cpu',
    dataset: { id: 'mnist', name: 'MNIST', hash: 'sha256:ab' },
    teacherConfig: { ...DEFAULT_CONFIG, ensembleSize: 2 },
    axes: [{ key: 'seed', values: [0, 1] }],
    students: [0, 1].map((seed) => ({
      config: { ...DEFAULT_CONFIG, seed },
      studentTestAccuracy: 0.9 + seed / 100,
      baselineTestAccuracy: 0.89,
      studentValAccuracy: 0.9,
    })),
  });
}

describe('manifests', () => {
  it('carry the format, version and the studio version, and read back as written', () => {
    const made = manifest();
    expect(made).toMatchObject({ format: 'distill-studio-manifest', version: 1, studio: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(parseManifest(manifestJson(made))).toEqual(made);
  });

  it('read settings of an earlier version with the defaults of settings added since', () => {
    const old = JSON.parse(manifestJson(manifest()));
    delete old.teacherConfig.teacherLabelSmoothing;
    delete old.students[0].config.teacherLabelSmoothing;
    const read = parseManifest(JSON.stringify(old));
    expect(read.teacherConfig.teacherLabelSmoothing).toBe(0);
    expect(read.students[0]!.config.teacherLabelSmoothing).toBe(0);
  });

  it('say what is wrong with a file that is not one', () => {
    expect(() => parseManifest('{')).toThrow('Not a manifest: the file is not JSON.');
    expect(() => parseManifest('{"points": []}')).toThrow('Not a manifest: no "format": "distill-studio-manifest".');
    const later = { ...manifest(), version: 2 };
    expect(() => parseManifest(JSON.stringify(later))).toThrow('This manifest is version 2; this studio reads version 1.');
    const empty = { ...manifest(), students: [] };
    expect(() => parseManifest(JSON.stringify(empty))).toThrow('Not a usable manifest: no students.');
    const noFigure = JSON.parse(manifestJson(manifest()));
    delete noFigure.students[1].studentTestAccuracy;
    expect(() => parseManifest(JSON.stringify(noFigure))).toThrow('Not a usable manifest: student 2 has no studentTestAccuracy.');
  });

  it('set each replayed test accuracy against the recorded one, exactly', () => {
    const made = manifest();
    const same = compareReplay(made, [0.9, 0.91]);
    expect(same.map((r) => r.same)).toEqual([true, true]);
    expect(replaySummary(same)).toBe("2 of 2 students give the manifest's test accuracy exactly.");
    const differs = compareReplay(made, [0.9, 0.9105]);
    expect(replaySummary(differs)).toBe(
      "1 of 2 students give the manifest's test accuracy exactly; student 2 (seed 1): 91.05 % against 91.00 %.",
    );
    expect(replaySummary(compareReplay(made, [0.9]))).toMatch(/student 2 \(seed 1\): not measured against 91\.00 %\.$/);
  });

  it('name the text encoding of a Brown corpus dataset id', () => {
    expect(textEncodingOf('brown-8000-64')).toEqual({ vocabSize: 8000, length: 64 });
    expect(textEncodingOf('mnist')).toBeNull();
  });
});
