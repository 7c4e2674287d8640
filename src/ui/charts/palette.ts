/**
 * Chart colours and text: colour-blind-safe (Okabe–Ito), every line at least 2 px and at least
 * 3:1 against the white plot (WCAG 1.4.11: Okabe–Ito's orange, sky blue and grey are darkened to
 * get there; palette.test.ts), text at least 14 px so a chart reads from the back of a classroom. Students are blue (distilled) and
 * vermillion (baseline), solid; dashes mark training curves and references.
 */
export const COLORS = {
  total: '#0072B2',
  soft: '#C08400',
  hard: '#009E73',
  baseline: '#D55E00',
  student: '#0072B2',
  studentTrain: '#3E96CF',
  ensemble: '#CC79A7',
  mark: '#1d2530',
  temperature: '#0072B2',
  alpha: '#C08400',
  atOne: '#8a96a3',
  atT: '#0072B2',
};

/** Member series (teachers): distinct hues. */
export const MEMBER_COLORS = ['#C08400', '#009E73', '#CC79A7', '#D55E00', '#3E96CF', '#0072B2', '#000000', '#858585'];

export const CHART_FONT = 14;
export const AXIS_TICK = { fontSize: CHART_FONT, fill: '#3d4752' };
export const LEGEND_STYLE = { fontSize: CHART_FONT, paddingBottom: 4 };
export const LINE_WIDTH = 2;
/** Axis lines and tick marks; the dashed grid behind the data. */
export const AXIS_LINE = '#666';
export const GRID_LINE = '#ccc';
/** Width of the y axes, the same on charts that share an x axis so their plots line up. */
export const Y_AXIS_WIDTH = 58;
/** Right of the loss chart's plot: room for the strip's alpha axis, so the two plots line up. */
export const PLOT_RIGHT = 44;
