/** The sample picker over the test split. */
import { testIndices, wrapPosition } from '../samples';
import type { SliceContext } from './context';

export interface SampleSlice {
  /** Position in the test split (filtered by `sampleDigit` when set). */
  samplePosition: number;
  sampleDigit: number | null;
  showMembers: boolean;
  /** Show the newest run's distilled student next to the ensemble. */
  showStudent: boolean;
  nextSample(): void;
  previousSample(): void;
  setSampleDigit(digit: number | null): void;
  setShowMembers(show: boolean): void;
  setShowStudent(show: boolean): void;
}

type SampleActions = Pick<SampleSlice, 'nextSample' | 'previousSample' | 'setSampleDigit' | 'setShowMembers' | 'setShowStudent'>;

export function sampleActions({ set, get }: SliceContext): SampleActions {
  const step = (delta: number) => {
    const { dataset, sampleDigit, samplePosition } = get();
    if (!dataset) return;
    set({ samplePosition: wrapPosition(samplePosition + delta, testIndices(dataset, sampleDigit).length) });
  };
  return {
    nextSample: () => step(1),
    previousSample: () => step(-1),
    setSampleDigit: (sampleDigit) => set({ sampleDigit, samplePosition: 0 }),
    setShowMembers: (showMembers) => set({ showMembers }),
    setShowStudent: (showStudent) => set({ showStudent }),
  };
}
