/** The DOM ids of the section tabs and their panels (the tabs point at the panels, the run bar focuses them). */
import type { SectionId } from '../state/sections';

export const sectionTabId = (id: SectionId) => `section-tab-${id}`;
export const sectionPanelId = (id: SectionId) => `section-${id}`;
