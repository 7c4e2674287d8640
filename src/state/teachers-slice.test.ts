import { describe, expect, it } from 'vitest';
import { flush, readyStore, teacherResult } from './test-helpers';

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
