/**
 * The page's one bridge to the worker, against a fake worker: a comlink endpoint over a
 * MessageChannel serving a scripted engine, that can also "crash" (an error event) or report a
 * fault (a lost GPU device). Crashes reject pending calls and are reported once; a restart hands
 * the new worker the dataset and the teachers the page holds.
 */
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../core/settings/config';
import type { BackendInfo, BackendRequest, StudioEngine, TeacherFigures, TeacherResult, TeacherSnapshot } from '../shared/protocol';
import { calibrationFixture } from '../../test-support/store';
import { createWorkerClient, WorkerCrashedError, type EngineClient, type WorkerLike } from './client';

const SUMMARY = { name: 'MNIST', classNames: ['0', '1'], count: 4, train: 2, val: 1, test: 1, hash: 'sha256:00' };
const snapshot = (tag: number): TeacherSnapshot => ({
  config: DEFAULT_CONFIG,
  members: [{ modelTopology: {}, weightSpecs: [], weightData: new ArrayBuffer(4) }],
  logits: [new Float32Array([tag])],
  weights: [1],
  importedFrom: null,
});

/** The figures of a one-member ensemble, as restoreTeachers answers them. */
const figures = (): TeacherFigures => ({
  weights: [1],
  ensembleTestAccuracy: 0,
  ensembleValAccuracy: 0,
  diversity: { memberEce: [], disagreement: [], oracleAccuracy: 0, bestMemberAccuracy: 0, ensembleGain: 0 },
  calibration: calibrationFixture(1),
});

/** The calls of StudioEngine the bridge makes in these tests: the fake must answer them as the protocol says. */
type ScriptedCalls =
  'init' | 'loadDataset' | 'trainTeachers' | 'restoreTeachers' | 'distill' | 'watchFaults' | 'setHyperparams' | 'stop' | 'estimate';

/** A scripted engine, recording what it was asked. */
class FakeEngine implements Pick<StudioEngine, ScriptedCalls> {
  calls: string[] = [];
  datasets: number[] = [];
  restored: number[] = [];
  fault: ((message: string) => void) | null = null;
  distillError: string | null = null;

  async init(request: BackendRequest): Promise<BackendInfo> {
    this.calls.push(`init:${request}`);
    return { name: request === 'auto' ? 'wasm' : request, requested: request, skipped: [], detail: 'fake', unsupported: {} };
  }
  async loadDataset(asset: ArrayBuffer) {
    this.calls.push('loadDataset');
    this.datasets.push(asset.byteLength);
    return SUMMARY;
  }
  async trainTeachers(): Promise<TeacherResult> {
    this.calls.push('trainTeachers');
    const timing = { samples: 1, loopSeconds: 1, totalSeconds: 1 };
    return { ...figures(), snapshot: snapshot(7), memberTestAccuracy: [], memberValAccuracy: [], stopped: false, timing };
  }
  async restoreTeachers(held: TeacherSnapshot) {
    this.calls.push('restoreTeachers');
    this.restored.push(held.logits[0]![0]!);
    return figures();
  }
  async distill(): Promise<never> {
    this.calls.push('distill');
    if (this.distillError) throw new Error(this.distillError);
    return new Promise<never>(() => {}); // runs until the worker dies
  }
  watchFaults(onFault: (message: string) => void) {
    this.fault = onFault;
  }
  setHyperparams() {}
  stop() {
    this.calls.push('stop');
  }
  async estimate() {
    return null;
  }
}

/** A worker whose other end is a FakeEngine exposed with comlink. */
class FakeWorker extends EventTarget implements WorkerLike {
  readonly engine = new FakeEngine();
  terminated = false;
  private readonly channel = new MessageChannel();

  constructor() {
    super();
    Comlink.expose(this.engine, this.channel.port2);
  }
  postMessage(message: unknown, transfer?: Transferable[] | StructuredSerializeOptions): void {
    this.channel.port1.postMessage(message, transfer as Transferable[]);
  }
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    if (type === 'message') {
      this.channel.port1.addEventListener('message', listener as EventListener);
      this.channel.port1.start();
    } else super.addEventListener(type, listener);
  }
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    if (type === 'message') this.channel.port1.removeEventListener('message', listener as EventListener);
    else super.removeEventListener(type, listener);
  }
  terminate(): void {
    this.terminated = true;
    this.channel.port1.close();
  }
  /** An uncaught error in the worker, as the browser reports it. */
  crash(message: string): void {
    const event = new Event('error', { cancelable: true });
    Object.assign(event, { message: `Uncaught Error: ${message}`, error: new Error(message) });
    this.dispatchEvent(event);
  }
}

let workers: FakeWorker[] = [];
let client: EngineClient;

function makeClient(): { crashes: string[] } {
  workers = [];
  client = createWorkerClient(() => {
    const worker = new FakeWorker();
    workers.push(worker);
    return worker;
  });
  const crashes: string[] = [];
  client.onCrash((message) => crashes.push(message));
  return { crashes };
}

afterEach(() => client.dispose());

describe('the worker bridge', () => {
  it('starts a worker on the backend asked for and hands it a copy of the dataset', async () => {
    makeClient();
    const info = await client.start('wasm');
    expect(info.name).toBe('wasm');
    const asset = new ArrayBuffer(16);
    await client.loadDataset(asset);
    expect(workers[0]!.engine.calls).toEqual(['init:wasm', 'loadDataset']);
    expect(asset.byteLength).toBe(16); // a copy was transferred; the page keeps its own
  });

  it('a crash rejects the pending call with WorkerCrashedError, is reported once, and terminates the worker', async () => {
    const { crashes } = makeClient();
    await client.start('auto');
    const pending = client.distill(DEFAULT_CONFIG, () => {});
    await new Promise((r) => setTimeout(r, 10));
    workers[0]!.crash('out of memory in the wasm heap');
    await expect(pending).rejects.toBeInstanceOf(WorkerCrashedError);
    workers[0]!.crash('again');
    expect(crashes).toEqual(['out of memory in the wasm heap']);
    expect(workers[0]!.terminated).toBe(true);
    await expect(client.estimate(DEFAULT_CONFIG)).rejects.toThrow(/not running/);
  });

  it('a lost GPU device reported outside any call counts as a crash', async () => {
    const { crashes } = makeClient();
    await client.start('webgpu');
    workers[0]!.engine.fault!('The GPU device was lost (destroyed: gone).');
    await new Promise((r) => setTimeout(r, 10));
    expect(crashes).toEqual(['The GPU device was lost (destroyed: gone).']);
    expect(workers[0]!.terminated).toBe(true);
  });

  it('an error naming a lost device or context is fatal: the call rejects as a crash', async () => {
    const { crashes } = makeClient();
    await client.start('webgl');
    workers[0]!.engine.distillError = 'WebGL context was lost.';
    await expect(client.distill(DEFAULT_CONFIG, () => {})).rejects.toBeInstanceOf(WorkerCrashedError);
    expect(crashes).toEqual(['WebGL context was lost.']);
  });

  it('an ordinary error is passed on as it is, and the worker lives on', async () => {
    const { crashes } = makeClient();
    await client.start('wasm');
    workers[0]!.engine.distillError = 'Train the teachers before distilling a student.';
    await expect(client.distill(DEFAULT_CONFIG, () => {})).rejects.toThrow('Train the teachers before distilling a student.');
    expect(crashes).toEqual([]);
    expect(workers[0]!.terminated).toBe(false);
  });

  it('restart gives a new worker the dataset and the last teachers the page holds', async () => {
    makeClient();
    await client.start('wasm');
    await client.loadDataset(new ArrayBuffer(32));
    await client.trainTeachers(DEFAULT_CONFIG, () => {});
    workers[0]!.crash('boom');
    const restarted = await client.restart('cpu');
    expect(restarted).toMatchObject({ backend: { name: 'cpu' }, dataset: SUMMARY, restoredTeachers: true });
    const fresh = workers[1]!.engine;
    expect(fresh.calls).toEqual(['init:cpu', 'loadDataset', 'restoreTeachers']);
    expect(fresh.datasets).toEqual([32]);
    expect(fresh.restored).toEqual([7]); // the snapshot the teacher job returned

    // Teachers put back explicitly (after a failed run) are the ones a later restart restores.
    await client.restoreTeachers(snapshot(9));
    await client.restart('wasm');
    expect(workers[2]!.engine.restored).toEqual([9]);
    expect(workers[1]!.terminated).toBe(true); // a deliberate restart ends the old worker
  });

  it('a restart before any dataset restores nothing', async () => {
    makeClient();
    await client.start('wasm');
    expect(await client.restart('cpu')).toMatchObject({ dataset: null, restoredTeachers: false });
  });
});
