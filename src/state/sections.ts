/**
 * The sections of the studio page beside the setup column, one shown at a time: one table gives
 * each its id (the URL's `?section=`) and its name (the tab's label).
 */

export const SECTIONS = [
  { id: 'live', label: 'Live charts' },
  { id: 'results', label: 'Results' },
  { id: 'ensemble', label: 'Ensemble' },
  { id: 'dark-knowledge', label: 'Dark knowledge' },
  { id: 'sweep', label: 'Sweep' },
  { id: 'compare', label: 'Compare' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

/** The section a page opens on when its URL names none: the charts a distillation draws. */
export const DEFAULT_SECTION: SectionId = 'live';

export function isSectionId(value: string | null): value is SectionId {
  return SECTIONS.some((s) => s.id === value);
}

/** The section named by `?section=` in a URL's query, else the default. */
export function sectionFromSearch(search: string): SectionId {
  const value = new URLSearchParams(search).get('section');
  return isSectionId(value) ? value : DEFAULT_SECTION;
}

/** The query with `section` set (the default is left out, so a plain link stays plain). */
export function withSection(params: URLSearchParams, section: SectionId | null): void {
  if (section === null || section === DEFAULT_SECTION) params.delete('section');
  else params.set('section', section);
}
