/**
 * A formula typeset as MathML: temml turns the LaTeX into <math>, which the browser renders and
 * screen readers read. Loaded on its own (LossPanel imports it lazily): the typesetter is a third
 * of the page's script and nothing else needs it.
 */
import { useMemo } from 'react';
import temml from 'temml';

export default function Formula({ latex }: { latex: string }) {
  // The LaTeX is ours (formulas.ts), never user input, so its markup is safe to insert.
  const html = useMemo(() => temml.renderToString(latex, { displayMode: true, annotate: true }), [latex]);
  return <div className="formula" dangerouslySetInnerHTML={{ __html: html }} />;
}
