/**
 * The decision regions of every model on the 2D dataset — each teacher, the ensemble, the
 * distilled student, the baseline — with the training points on top; and the ensemble's
 * soft-label entropy at the current T, redrawn as the Temperature slider moves (from the cached
 * logits over the grid; no worker call).
 */
import { useMemo, type ReactNode } from 'react';
import { classShares, ensembleRegion, entropyGrid, regionCells, type RegionCells } from '../../core/ensemble/grid-maps';
import { toyPoints } from '../../core/data/toy-data';
import { formatPercent } from '../../state/format';
import { useTeaching } from '../../state/hooks';
import { currentTeacherView } from '../../state/samples';
import { EntropyMap } from '../charts/EntropyMap';
import { RegionMap } from '../charts/RegionMap';

function describe(name: string, cells: RegionCells | null, classNames: string[]): string {
  if (!cells) return `${name}: not trained yet.`;
  const shares = classShares(cells.label, classNames.length);
  return `${name}: ${shares.map((s, c) => `${formatPercent(s, 0)} of the plane is ${classNames[c]}`).join(', ')}.`;
}

/** The maps the classroom view shows. */
export type ClassroomMap = 'student' | 'baseline' | 'ensemble' | 'entropy';

interface Props {
  /** Only the students', the ensemble's and the entropy map, without the prose (the classroom view). */
  classroom?: boolean;
  /** The maps' width and height in CSS px (the classroom view sizes them from the screen). */
  size?: number;
  /** Shown under each map (the classroom view: the test accuracies). */
  below?: Partial<Record<ClassroomMap, ReactNode>>;
}

export function RegionsPanel({ classroom = false, size, below = {} }: Props) {
  const { toy, grid, teachers, temperature, calibrateTeachers, teacherConfidence, ensembleMode, classNames } = useTeaching();
  // The training points in their classes' colours, the unlabelled ones grey (validation and test points are not drawn).
  const { points, labels, unlabelled } = useMemo(() => {
    const all = toyPoints(toy);
    const { train, val, test } = all.split;
    return {
      points: all.x.subarray(0, 2 * train),
      labels: all.labels.subarray(0, train),
      unlabelled: all.unlabelled > 0 ? all.x.subarray(2 * (train + val + test)) : undefined,
    };
  }, [toy]);
  const view = useMemo(() => {
    const current = currentTeacherView(teachers, { calibrateTeachers, teacherConfidence });
    const members = grid?.members.length ?? 0;
    // While the teachers train, the grid holds the members finished so far: they are shown as they are, equally weighted.
    if (current && current.weights.length === members) return current;
    return members > 0 ? { weights: Array<number>(members).fill(1), scales: Array<number>(members).fill(1) } : null;
  }, [teachers, calibrateTeachers, teacherConfidence, grid]);
  const maps = useMemo(() => {
    if (!grid || !view) return null;
    return {
      members: grid.members.map((m) => regionCells(m, grid.classes)),
      ensemble: ensembleRegion(grid, ensembleMode, view),
      student: grid.student ? regionCells(grid.student, grid.classes) : null,
      baseline: grid.baseline ? regionCells(grid.baseline, grid.classes) : null,
    };
  }, [grid, view, ensembleMode]);
  const entropy = useMemo(
    () => (grid && view ? entropyGrid(grid, temperature, ensembleMode, view) : null),
    [grid, view, temperature, ensembleMode],
  );
  const resolution = grid?.resolution ?? 64;
  const extent = grid?.extent ?? 1.25;
  const common = { resolution, extent, points, labels, unlabelled, size: size ?? (classroom ? 205 : undefined) };
  const meanEntropy = entropy ? entropy.reduce((a, b) => a + b, 0) / entropy.length : NaN;
  const maxBits = Math.log2(Math.max(2, classNames.length));
  return (
    <section className={`panel panel--wide${classroom ? ' regions--classroom' : ''}`} aria-labelledby="regions-heading">
      <h2 id="regions-heading" className={classroom ? 'visually-hidden' : undefined}>
        Decision regions
      </h2>
      <p className={classroom ? 'visually-hidden' : 'panel__intro'}>
        Colour: the class each model predicts at every point of the plane (paler where it is unsure); coloured dots: the {toy.points}{' '}
        training points
        {toy.unlabelled > 0 ? `; grey dots: the ${toy.unlabelled} unlabelled points the teachers label for the distilled student` : ''}.
      </p>
      <div className="regions">
        {(
          [
            ['student', 'Distilled student', maps?.student ?? null],
            ['baseline', 'Baseline student', maps?.baseline ?? null],
            ['ensemble', 'Teacher ensemble', maps?.ensemble ?? null],
          ] as const
        ).map(([key, name, cells]) => (
          <figure key={name} className="region">
            <figcaption>{name}</figcaption>
            <div className="region__body">
              <RegionMap name={name} cells={cells} description={describe(name, cells, classNames)} {...common} />
              {below[key]}
            </div>
          </figure>
        ))}
        <figure className="region">
          <figcaption>
            {classroom ? 'Entropy' : 'Soft-label entropy'} at T = {temperature}
          </figcaption>
          <div className="region__body">
            <EntropyMap
              name="Soft-label entropy"
              values={entropy}
              max={maxBits}
              unit="bits"
              description={
                entropy
                  ? `Entropy at T = ${temperature}: mean ${meanEntropy.toFixed(3)} bits of at most ${maxBits.toFixed(2)}.`
                  : 'Train teachers to see their soft labels.'
              }
              {...common}
            />
            {below.entropy}
          </div>
        </figure>
        {(classroom ? [] : (maps?.members ?? [])).map((cells, m) => (
          <figure key={m} className="region region--small">
            <figcaption>Teacher {m + 1}</figcaption>
            <RegionMap
              name={`Teacher ${m + 1}`}
              cells={cells}
              description={describe(`Teacher ${m + 1}`, cells, classNames)}
              {...common}
              size={160}
            />
          </figure>
        ))}
      </div>
      <p className={classroom ? 'visually-hidden' : 'field__help'}>
        Entropy of the ensemble’s soft labels at T = {temperature}, in bits: dark where the teachers spread their probability (near the
        boundaries, and everywhere as T grows), light where they are sure. Move Temperature to watch it change.
      </p>
    </section>
  );
}
