/** One section's panel: in the page (its charts keep their state) but shown only while its tab is selected. */
import type { ReactNode } from 'react';
import { useSections } from '../state/hooks';
import type { SectionId } from '../state/sections';
import { sectionPanelId, sectionTabId } from './section-ids';

export function SectionPanel({ id, className, children }: { id: SectionId; className?: string; children: ReactNode }) {
  const { section } = useSections();
  return (
    <div
      id={sectionPanelId(id)}
      role="tabpanel"
      aria-labelledby={sectionTabId(id)}
      tabIndex={0}
      hidden={section !== id}
      className={`section${className ? ` ${className}` : ''}`}
    >
      {children}
    </div>
  );
}
