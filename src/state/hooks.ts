/**
 * The React binding: a context carrying the store, and small named hooks built on the
 * module-level selectors (useShallow), so each component re-renders only for its own slice.
 */
import { createContext, createElement, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import {
  selectAccuracyChart,
  selectActions,
  selectWords,
  selectBackend,
  selectClassroom,
  selectCompare,
  selectConfigForm,
  selectDataset,
  selectDatasetPanel,
  selectEnsemblePanel,
  selectImportProblem,
  selectLiveLoss,
  selectLossChart,
  selectPareto,
  selectResults,
  selectSaved,
  selectTeaching,
  selectRunBar,
  selectRunHeadline,
  selectSections,
  selectSample,
  selectStatus,
  selectStudentPanel,
  selectSweepPanel,
  selectTeacherPanel,
  selectWeightChart,
  selectReplay,
} from './selectors';
import type { StudioStore } from './store';
import type { StudioState } from './types';

const StoreContext = createContext<StudioStore | null>(null);

export function StudioProvider({ store, children }: { store: StudioStore; children: ReactNode }) {
  return createElement(StoreContext.Provider, { value: store }, children);
}

function useStudio<U>(selector: (state: StudioState) => U): U {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStudio must be used inside <StudioProvider>.');
  return useStore(store, useShallow(selector));
}

export const useActions = () => useStudio(selectActions);
export const useWords = () => useStudio(selectWords);
export const useConfigForm = () => useStudio(selectConfigForm);
export const useBackend = () => useStudio(selectBackend);
export const useStatus = () => useStudio(selectStatus);
export const useTeacherPanel = () => useStudio(selectTeacherPanel);
export const useStudentPanel = () => useStudio(selectStudentPanel);
export const useSample = () => useStudio(selectSample);
export const useDataset = () => useStudio(selectDataset);
export const useDatasetPanel = () => useStudio(selectDatasetPanel);
export const useImportProblem = () => useStudio(selectImportProblem);
export const useEnsemblePanel = () => useStudio(selectEnsemblePanel);
export const useLossChart = () => useStudio(selectLossChart);
export const useAccuracyChart = () => useStudio(selectAccuracyChart);
export const useResults = () => useStudio(selectResults);
export const useSaved = () => useStudio(selectSaved);
export const useTeaching = () => useStudio(selectTeaching);
export const useClassroom = () => useStudio(selectClassroom);
export const useLiveLoss = () => useStudio(selectLiveLoss);
export const useRunBar = () => useStudio(selectRunBar);
export const useWeightChart = () => useStudio(selectWeightChart);
export const useSweepPanel = () => useStudio(selectSweepPanel);
export const usePareto = () => useStudio(selectPareto);
export const useSections = () => useStudio(selectSections);
export const useCompare = () => useStudio(selectCompare);
export const useRunHeadline = () => useStudio(selectRunHeadline);
export const useReplay = () => useStudio(selectReplay);
