/** The sample picker over the test split. */
import { testIndices, wrapPosition } from '../samples';
import type { SampleSlice } from '../types';
import type { SliceContext } from './context';

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
