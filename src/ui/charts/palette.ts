/** Chart colours: colour-blind-safe (Okabe–Ito), with dashes for the baseline lines. */
export const COLORS = {
  total: '#0072B2',
  soft: '#E69F00',
  hard: '#009E73',
  baseline: '#7f7f7f',
  student: '#0072B2',
  studentTrain: '#56B4E9',
  ensemble: '#CC79A7',
  mark: '#D55E00',
  atOne: '#9aa5b1',
  atT: '#0072B2',
};

/** Member series at T (lighter shades). */
export const MEMBER_COLORS = ['#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#F0E442', '#000000', '#999999'];

export const AXIS_TICK = { fontSize: 12, fill: '#4a5560' };
