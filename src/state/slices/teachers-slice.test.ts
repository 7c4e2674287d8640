import { describe, expect, it } from 'vitest';
import { flush, readyStore, teacherResult } from '../../../test-support/store';

async function withTeachers() {
  const made = await readyStore();
  made.client.teacherJob.resolve(teacherResult(2));
  await made.store.getState().trainTeachers();
  return made;
}

describe('teacher weights', () => {
  it('are sent to the worker; its figures and the snapshot (kept for restarts) take the new weights', async () => {
    const { store, client } = await withTeachers();
    await store.getState().setTeacherWeights([2, 1]);
    expect(client.weights).toEqual([[2, 1]]);
    const teachers = store.getState().teachers!;
    expect(teachers.weights).toEqual([2, 1]);
    expect(teachers.snapshot.weights).toEqual([2, 1]);
    expect(teachers.ensembleTestAccuracy).toBeCloseTo(0.96, 10);
    expect(store.getState().status).toContain('Teacher weights set to 2, 1');
  });

  it('refuses malformed weights with a message, without asking the worker', async () => {
    const { store, client } = await withTeachers();
    await store.getState().setTeacherWeights([0, 0]);
    expect(store.getState().error).toMatch(/above 0/);
    await store.getState().setTeacherWeights([1]);
    expect(store.getState().error).toMatch(/2 expected, 1 given/);
    expect(client.weights).toEqual([]);
    expect(store.getState().teachers!.weights).toEqual([1, 1]);
  });

  it('are refused while a job runs, and a worker error keeps the old weights', async () => {
    const { store, client } = await withTeachers();
    void store.getState().distill();
    await flush();
    await store.getState().setTeacherWeights([1, 2]);
    expect(store.getState().error).toMatch(/when no job is running/);
    expect(client.weights).toEqual([]);
    client.distillJob.reject(new Error('stop'));
    await flush();
    client.weightsError = new Error('the worker said no');
    await store.getState().setTeacherWeights([1, 2]);
    expect(store.getState().error).toBe('The teacher weights were not changed: the worker said no');
    expect(store.getState().teachers!.weights).toEqual([1, 1]);
  });
});

describe('teacher logits import', () => {
  it('makes the imported logits the teachers, and says so', async () => {
    const { store, client } = await readyStore();
    await store.getState().importTeacherLogits({ name: 'ensemble.npy', size: 800, read: async () => new ArrayBuffer(800) });
    expect(client.calls).toContain('importTeacherLogits:ensemble.npy');
    expect(store.getState().teachers?.snapshot.importedFrom).toBe('ensemble.npy');
    expect(store.getState().status).toMatch(/^Teachers imported from ensemble\.npy: 2 members, ensemble test accuracy 97\.00 %/);
  });

  it("shows the worker's message for a bad file and keeps the teachers", async () => {
    const { store, client } = await withTeachers();
    const before = store.getState().teachers;
    client.logitsAnswer = new Error('teacher.npy: the logits have 9,999 rows; the dataset has 10,000 samples.');
    await store.getState().importTeacherLogits({ name: 'teacher.npy', size: 800, read: async () => new ArrayBuffer(800) });
    expect(store.getState().error).toBe(
      'The teacher logits were not imported: teacher.npy: the logits have 9,999 rows; the dataset has 10,000 samples. The current teachers are kept.',
    );
    expect(store.getState().teachers).toBe(before);
  });
});
