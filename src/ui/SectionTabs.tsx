/**
 * The sections beside the setup column as tabs (WAI-ARIA tabs: arrow keys, Home and End move
 * between them and show the one reached). Results is marked "new" when a run finished while
 * another section was shown; Compare counts the runs ticked for it.
 */
import { useRef, type KeyboardEvent } from 'react';
import { useActions, useSections } from '../state/hooks';
import { SECTIONS, type SectionId } from '../state/sections';
import { sectionPanelId, sectionTabId } from './section-ids';

const KEY_STEPS: Record<string, (index: number, count: number) => number> = {
  ArrowRight: (i, n) => (i + 1) % n,
  ArrowLeft: (i, n) => (i - 1 + n) % n,
  Home: () => 0,
  End: (_i, n) => n - 1,
};

export function SectionTabs() {
  const { section, unseenRunId, compareCount } = useSections();
  const { showSection } = useActions();
  const list = useRef<HTMLDivElement>(null);

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const step = KEY_STEPS[event.key];
    if (!step) return;
    event.preventDefault();
    const index = SECTIONS.findIndex((s) => s.id === section);
    const next = SECTIONS[step(index, SECTIONS.length)]!.id;
    showSection(next);
    list.current?.querySelector<HTMLButtonElement>(`#${sectionTabId(next)}`)?.focus();
  };

  const badge = (id: SectionId): string | null => {
    if (id === 'results' && unseenRunId !== null) return 'new';
    if (id === 'compare' && compareCount > 0) return String(compareCount);
    return null;
  };

  return (
    <div ref={list} role="tablist" aria-label="Sections" className="tabs">
      {SECTIONS.map(({ id, label }) => {
        const selected = id === section;
        const mark = badge(id);
        return (
          <button
            key={id}
            id={sectionTabId(id)}
            type="button"
            role="tab"
            className="tabs__tab"
            aria-selected={selected}
            aria-controls={sectionPanelId(id)}
            tabIndex={selected ? 0 : -1}
            onClick={() => showSection(id)}
            onKeyDown={onKeyDown}
          >
            {label}
            {mark !== null ? ' ' : null}
            {mark !== null ? (
              <span
                className="tabs__badge"
                title={id === 'results' ? `Run ${unseenRunId} finished since Results was last shown` : `${mark} ticked to compare`}
              >
                {mark}
              </span>
            ) : null}
          </button>
        );
      })}
    </div>
  );
}
