/** What every slice's actions share: the store's set/get, the outside world, and small helpers. */
import type { LiveHyperparams } from '../../shared/protocol';
import type { StudioDeps, StudioState } from '../types';

export type SetState = (partial: Partial<StudioState> | ((state: StudioState) => Partial<StudioState>)) => void;

export interface SliceContext {
  set: SetState;
  get: () => StudioState;
  deps: StudioDeps;
  /** Throttled engine.setHyperparams (about 10 calls a second while a slider moves). */
  sendHyperparams(hyperparams: LiveHyperparams): void;
  /** A new id per job; progress callbacks of an older job are ignored. */
  nextJobId(): number;
  currentJobId(): number;
}
