/**
 * scripts/hf_topk_logits.py's write_topk (no transformers, no network) writes the top-k JSON that
 * src/core/import/logits.ts reads: the full logits rebuilt from it give the listed classes the
 * probabilities of the original logits, and the unlisted ones the rest mass in equal shares.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLogits } from '../src/core/import/logits';
import { ROOT } from '../scripts/lib/node-runtime';
import { softmax } from '../src/core/ensemble/soft-labels';

const PYTHON = '/usr/bin/python3';
const HAS_PYTHON = existsSync(PYTHON);

/** Writes `logits` with write_topk (as a NumPy float32 array when `numpy` and NumPy is installed) and says which it used. */
const WRITE = `
import json, sys
sys.path.insert(0, sys.argv[1])
from hf_topk_logits import write_topk
logits, names, k, path, numpy = json.loads(sys.argv[2])
try:
    import numpy as np
    if numpy:
        logits = np.array(logits, dtype=np.float32)
    else:
        np = None
except ImportError:
    np = None
write_topk(logits, names, k, path)
print('numpy' if np is not None else 'lists')
`;

function writeTopk(logits: number[][] | number[][][], names: string[] | null, k: number, path: string, numpy: boolean): string {
  const args = [join(ROOT, 'scripts'), JSON.stringify([logits, names, k, path, numpy])];
  return execFileSync(PYTHON, ['-c', WRITE, ...args], { encoding: 'utf8' }).trim();
}

/** The logits as write_topk saw them: float32 if they went through NumPy. */
const asWritten = (logits: number[][], used: string) => (used === 'numpy' ? logits.map((row) => row.map((v) => Math.fround(v))) : logits);

const CLASSES = ['anger', 'joy', 'fear', 'love', 'sadness', 'surprise'];
/** 5 samples × 6 classes: ordinary, a tie, a very confident row, all equal, a wide range. */
const LOGITS = [
  [1.2, -0.4, 3.1, 0.0, 2.2, -1.5],
  [0.5, 0.5, 0.5, -2.0, 1.0, -3.0],
  [-30, 25, -12, 4, 0, -8.5],
  [0, 0, 0, 0, 0, 0],
  [-5.25, 7.5, 2.0, -1.0, 6.75, 3.5],
];

interface TopkEntry {
  index: number[];
  logit: number[];
  rest: number;
}

describe.skipIf(!HAS_PYTHON)(
  `scripts/hf_topk_logits.py write_topk → parseLogits${HAS_PYTHON ? '' : ' (skipped: /usr/bin/python3 is absent)'}`,
  () => {
    let dir = '';
    beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'hf-topk-'))));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    /** Checks one member's rebuilt rows against the logits write_topk was given and the file's entries. */
    function checkMember(table: Float32Array, original: number[][], entries: TopkEntry[], k: number): void {
      const classes = CLASSES.length;
      original.forEach((row, r) => {
        const p = Array.from(softmax(row));
        const q = Array.from(softmax(table.subarray(r * classes, (r + 1) * classes)));
        const { index, rest } = entries[r]!;
        expect(index).toHaveLength(k);
        // The listed classes are the k most probable ones (ties: the lower index first).
        const byMass = p.map((_, c) => c).sort((a, b) => p[b]! - p[a]! || a - b);
        expect(index).toEqual(byMass.slice(0, k));
        for (const c of index) expect(q[c]).toBeCloseTo(p[c]!, 5);
        const unlisted = p.map((_, c) => c).filter((c) => !index.includes(c));
        const originalRest = unlisted.reduce((sum, c) => sum + p[c]!, 0);
        expect(rest).toBeCloseTo(originalRest, 12);
        expect(unlisted.reduce((sum, c) => sum + q[c]!, 0)).toBeCloseTo(originalRest, 5);
        for (const c of unlisted) expect(q[c]).toBeCloseTo(originalRest / unlisted.length, 5);
      });
    }

    const forms = [
      { numpy: true, label: 'a NumPy float32 array (plain lists without NumPy)' },
      { numpy: false, label: 'plain lists' },
    ];
    for (const { numpy, label } of forms) {
      it(`k = 3 of 6 classes, from ${label}`, () => {
        const path = join(dir, `topk-${numpy}.json`);
        const used = writeTopk(LOGITS, CLASSES, 3, path, numpy);
        expect(used).toMatch(numpy ? /^(numpy|lists)$/ : /^lists$/);
        const json = JSON.parse(readFileSync(path, 'utf8')) as { classes: string[]; topk: TopkEntry[] };
        expect(json.classes).toEqual(CLASSES);
        const logits = parseLogits(
          { name: 'topk.json', bytes: readFileSync(path) },
          { count: LOGITS.length, classes: CLASSES.length, classNames: CLASSES },
        );
        expect(logits.members).toHaveLength(1);
        checkMember(logits.members[0]!, asWritten(LOGITS, used), json.topk, 3);
      });
    }

    it('k = 1, several members, k = all classes (rest 0, the logits as they were)', () => {
      const path = join(dir, 'members.json');
      const second = LOGITS.map((row) => row.map((v, c) => v * 0.5 + c));
      const used = writeTopk([LOGITS, second], CLASSES, 1, path, true);
      const json = JSON.parse(readFileSync(path, 'utf8')) as { topk: TopkEntry[][] };
      const logits = parseLogits({ name: 'members.json', bytes: readFileSync(path) }, { count: 5, classes: 6, classNames: CLASSES });
      expect(logits.members).toHaveLength(2);
      checkMember(logits.members[0]!, asWritten(LOGITS, used), json.topk[0]!, 1);
      checkMember(logits.members[1]!, asWritten(second, used), json.topk[1]!, 1);

      const all = join(dir, 'all.json');
      writeTopk(LOGITS, null, CLASSES.length, all, false);
      const full = parseLogits({ name: 'all.json', bytes: readFileSync(all) }, { count: 5, classes: 6 });
      expect([...full.members[0]!]).toEqual(LOGITS.flat().map((v) => Math.fround(v)));
    });

    it('the class names it writes are checked against the dataset', () => {
      const path = join(dir, 'named.json');
      writeTopk(LOGITS, CLASSES, 2, path, false);
      const reordered = [CLASSES[1]!, CLASSES[0]!, ...CLASSES.slice(2)];
      expect(() => parseLogits({ name: 'named.json', bytes: readFileSync(path) }, { count: 5, classes: 6, classNames: reordered })).toThrow(
        /named\.json: the file has the dataset's classes in another order \(class 0 is "anger" in the file, "joy" in the dataset\)/,
      );
    });

    it('write_topk refuses a k out of range and non-finite logits, naming the sample', () => {
      const bad = JSON.stringify(join(dir, 'bad.json'));
      const run = (logits: string, k: number) => () =>
        execFileSync(PYTHON, ['-c', WRITE, join(ROOT, 'scripts'), `[${logits}, null, ${k}, ${bad}, false]`], {
          encoding: 'utf8',
          stdio: 'pipe',
        });
      expect(run(JSON.stringify(LOGITS), 7)).toThrow(/k must be an integer from 1 to 6/);
      // Python's json.loads reads a bare Infinity.
      expect(run('[[1, 2], [3, Infinity]]', 1)).toThrow(/sample 1, class 1: the logit is inf; logits must be finite/);
    });
  },
);
