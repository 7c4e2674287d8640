/** Which panel shows which PARAMS entry. Settings not named here land in the teacher panel, so a new one is never hidden. */
import { PARAMS, type NumericKey } from '../core/config';

export const LIVE_KEYS: NumericKey[] = ['temperature', 'alpha'];
export const STUDENT_KEYS: NumericKey[] = ['studentHidden', 'studentEpochs'];
const TEACHER_FIRST: NumericKey[] = ['ensembleSize', 'teacherEpochs', 'learningRate', 'teacherHidden', 'batchSize', 'seed'];

export const TEACHER_KEYS: NumericKey[] = [
  ...TEACHER_FIRST,
  ...PARAMS.map((p) => p.key).filter((key) => ![...TEACHER_FIRST, ...STUDENT_KEYS, ...LIVE_KEYS].includes(key)),
];
