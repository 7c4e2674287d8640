/**
 * The run bar's headline: the newest run's distilled vs baseline test accuracy and the gain, in view
 * whatever section is shown, with "See results" to open that run in Results (the page never goes
 * there by itself).
 */
import { useActions, useRunHeadline } from '../state/hooks';
import { runHeadline } from '../state/run-summary';
import { sectionPanelId } from './section-ids';

export function RunHeadline() {
  const { run, resultsShown, sections } = useRunHeadline();
  const { showSection, selectRun } = useActions();
  if (run === null) return null;
  const see = () => {
    selectRun(run.id);
    showSection('results');
    // The button goes with the section it offered: focus moves to what it opened.
    requestAnimationFrame(() => document.getElementById(sectionPanelId('results'))?.focus());
  };
  return (
    <p className="runbar__headline">
      <span className="runbar__result">{runHeadline(run)}</span>
      {sections && !resultsShown ? (
        <button type="button" className="button button--link runbar__see" onClick={see}>
          See results
        </button>
      ) : null}
    </p>
  );
}
