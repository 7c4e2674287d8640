/**
 * The section shown follows the user, not the jobs: a distillation shows the live charts it
 * draws when it starts; a run that finishes while another section is shown is marked new on
 * Results (and leaves the page where it is) until Results is shown.
 */
import { describe, expect, it } from 'vitest';
import { selectRunHeadline, selectSections } from '../selectors';
import { distillResult, readyStore, teacherResult } from '../../../test-support/store';

async function withTeachers(search = '') {
  const made = await readyStore({ search });
  made.client.teacherJob.resolve(teacherResult(2));
  await made.store.getState().trainTeachers();
  return made;
}

describe('sections', () => {
  it('a distillation shows the live charts when it starts and stays there when it ends; Results is marked new', async () => {
    const { store, client } = await withTeachers('?section=ensemble');
    expect(store.getState().section).toBe('ensemble');
    const run = store.getState().distill();
    expect(store.getState().section).toBe('live');
    client.distillJob.resolve(distillResult(0.96, null, 0.95));
    await run;
    expect(selectSections(store.getState())).toMatchObject({ section: 'live', unseenRunId: 1 });
    expect(selectRunHeadline(store.getState())).toMatchObject({ resultsShown: false, sections: true });
    store.getState().showSection('results');
    expect(selectSections(store.getState())).toMatchObject({ section: 'results', unseenRunId: null });
    expect(selectRunHeadline(store.getState()).resultsShown).toBe(true);
  });

  it('a run that finishes while Results is shown is not marked new', async () => {
    const { store, client } = await withTeachers();
    const run = store.getState().distill();
    store.getState().showSection('results'); // the user goes there while it trains
    client.distillJob.resolve(distillResult(0.96));
    await run;
    expect(selectSections(store.getState())).toMatchObject({ section: 'results', unseenRunId: null });
  });

  it('deleting the new run takes its mark away; Compare counts the ticked runs', async () => {
    const { store, client } = await withTeachers();
    client.distillJob.resolve(distillResult(0.96));
    await store.getState().distill();
    expect(store.getState().unseenRunId).toBe(1);
    store.getState().toggleCompare(1);
    expect(selectSections(store.getState()).compareCount).toBe(1);
    store.getState().deleteRun(1);
    expect(selectSections(store.getState())).toMatchObject({ unseenRunId: null, compareCount: 0 });
  });
});
