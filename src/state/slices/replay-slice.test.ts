import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../core/settings/config';
import { makeManifest, manifestJson, type Manifest } from '../../core/manifest/manifest';
import { readyStore } from '../../../test-support/store';

const file = (name: string, text: string) => {
  const bytes = new TextEncoder().encode(text);
  return { name, size: bytes.byteLength, read: async () => bytes.buffer as ArrayBuffer };
};

function manifest(changes: Partial<Manifest> = {}): Manifest {
  return {
    ...makeManifest({
      kind: 'sweep',
      createdAt: '2026-12-05T20:00:00.000Z',
      backend: 'wasm',
      dataset: { id: 'mnist', name: 'MNIST', hash: 'sha256:00' },
      teacherConfig: DEFAULT_CONFIG,
      axes: [{ key: 'studentEpochs', values: [2, 4] }],
      students: [2, 4].map((studentEpochs) => ({
        config: { ...DEFAULT_CONFIG, studentEpochs },
        studentTestAccuracy: 0.9,
        baselineTestAccuracy: 0.89,
        studentValAccuracy: 0.9,
      })),
    }),
    ...changes,
  };
}

describe('replaying a manifest in the studio', () => {
  it('says what is wrong with a file that is not a manifest, and trains nothing', async () => {
    const { store, client } = await readyStore();
    await store.getState().replayManifest(file('notes.json', '{"hello": 1}'));
    expect(store.getState().error).toBe('notes.json: Not a manifest: no "format": "distill-studio-manifest".');
    expect(client.calls.filter((c) => c.startsWith('trainTeachers'))).toEqual([]);
  });

  it('refuses other data than the manifest was measured on (by its hash)', async () => {
    const { store, client } = await readyStore();
    const other = manifest({ dataset: { id: 'mnist', name: 'MNIST', hash: 'sha256:ff' } });
    await store.getState().replayManifest(file('m.json', manifestJson(other)));
    expect(store.getState().error).toBe('m.json: this is not the data it was measured on (MNIST: sha256:00; the manifest: sha256:ff).');
    expect(store.getState().replay?.state).toBe('failed');
    expect(client.calls.filter((c) => c.startsWith('trainTeachers'))).toEqual([]);
  });

  it('asks for an imported dataset to be loaded first', async () => {
    const { store } = await readyStore();
    await store
      .getState()
      .replayManifest(file('m.json', manifestJson(manifest({ dataset: { id: 'import-x', name: 'my.csv', hash: 'sha256:00' } }))));
    expect(store.getState().error).toBe('m.json: it was measured on my.csv; load that dataset first (Dataset panel), then replay.');
  });
});
