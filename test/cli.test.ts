import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { presetById } from '../src/core/settings/presets';
import { readStudentZip } from '../src/core/export/export';
import type { QuantizedRow, Results } from '../src/core/types';
import * as ort from 'onnxruntime-web';
import { gatherLabels, gatherInputs, PIXELS } from '../src/core/data/data';
import { accuracy } from '../src/core/evaluation/metrics';
import { loadMnist, loadTextDataset, ROOT } from '../scripts/lib/node-runtime';

const run = promisify(execFile);
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const SCRIPT = join(ROOT, 'scripts', 'distill.ts');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function distill(args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(TSX, [SCRIPT, ...args], { cwd: ROOT, timeout: 110_000, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const studentParams = (h: number) => 784 * h + h + h * 10 + 10;
const teacherParams = (h: number) => 784 * h + h + h * h + h + h * 10 + 10;

describe('scripts/distill.ts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'distill-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a tiny experiment and prints one JSON object with consistent figures', async () => {
    const out = join(dir, 'student.zip');
    const { code, stdout, stderr } = await distill([
      '--teachers',
      '1',
      '--teacher-epochs',
      '1',
      '--teacher-hidden',
      '32',
      '--student-hidden',
      '16',
      '--student-epochs',
      '1',
      '--json',
      '--quiet',
      '--backend',
      'wasm',
      '--out',
      out,
      '--weights',
      'uint8',
    ]);
    expect(code, stderr).toBe(0);
    const figures = JSON.parse(stdout) as {
      quantized: QuantizedRow[];
      config: Record<string, unknown>;
      backend: string;
      dataset: { train: number; val: number; test: number };
      teachers: { memberTestAccuracy: number[]; ensembleTestAccuracy: number };
      results: Results;
      gainPoints: number;
      failure: string | null;
      throughput: Record<string, number>;
      seconds: Record<string, number>;
    };
    expect(figures.backend).toBe('wasm');
    expect(figures.failure).toBeNull();
    expect(figures.config).toMatchObject({ ensembleSize: 1, teacherEpochs: 1, teacherHidden: 32, studentHidden: '16', studentEpochs: 1 });
    expect(figures.dataset).toEqual({ name: 'MNIST', train: 6995, val: 1001, test: 2004 });
    const { ensemble, student, baseline } = figures.results;
    for (const accuracy of [ensemble.testAccuracy, student.testAccuracy, baseline.testAccuracy, ...figures.teachers.memberTestAccuracy]) {
      expect(accuracy).toBeGreaterThan(0.5);
      expect(accuracy).toBeLessThanOrEqual(1);
    }
    expect(figures.teachers.ensembleTestAccuracy).toBe(ensemble.testAccuracy);
    expect(student.params).toBe(studentParams(16));
    expect(baseline.params).toBe(studentParams(16));
    expect(ensemble.params).toBe(teacherParams(32));
    for (const row of [ensemble, student, baseline]) {
      expect(row.bytes).toBe(4 * row.params);
      expect(row.ece).toBeGreaterThan(0); // a small model is never perfectly calibrated
      expect(row.ece).toBeLessThan(0.5);
      expect(row.msPer1000).toBeGreaterThan(0);
    }
    expect(figures.results.compression).toBeCloseTo(ensemble.bytes / student.bytes, 10);
    expect(figures.results.speedup).toBeCloseTo(ensemble.msPer1000 / student.msPer1000, 10);
    expect(ensemble.agreement).toBe(1);
    expect(ensemble.meanKl).toBe(0);
    expect(student.agreement).toBeGreaterThan(0.5);
    expect(student.meanKl).toBeGreaterThan(0);
    expect(figures.gainPoints).toBeCloseTo((student.testAccuracy - baseline.testAccuracy) * 100, 10);
    expect([figures.results.temperature, figures.results.alpha]).toEqual([4, 0.9]);
    expect(figures.seconds.teachers).toBeGreaterThan(0);

    // The student under each weight format, measured; --weights uint8 wrote the uint8 one.
    expect(figures.quantized.map((q) => [q.dtype, q.bytes])).toEqual([
      ['float32', student.bytes],
      ['float16', student.bytes / 2],
      ['uint16', student.bytes / 2],
      ['uint8', student.bytes / 4],
    ]);
    expect(figures.quantized[0]).toMatchObject({ testAccuracy: student.testAccuracy, agreement: 1 });
    const uint8 = figures.quantized[3]!;
    const zip = readStudentZip(new Uint8Array(readFileSync(out)));
    expect(zip.metadata.weights).toEqual({
      dtype: 'uint8',
      float32TestAccuracy: student.testAccuracy,
      agreementWithFloat32: uint8.agreement,
    });
    expect(zip.metadata.testAccuracy).toBe(uint8.testAccuracy);
    expect(zip.model.weightData.byteLength).toBe(student.params);
    expect(zip.model.weightSpecs.every((w) => w.quantization?.dtype === 'uint8')).toBe(true);
  });

  it.each(['cpu', 'wasm'])('the same seed gives the same teachers and students, run after run (%s)', async (backend) => {
    const args = [
      '--seed',
      '0',
      '--teachers',
      '1',
      '--teacher-epochs',
      '1',
      '--teacher-hidden',
      '32',
      '--student-epochs',
      '1',
      '--student-hidden',
      '16',
    ];
    const once = async () => {
      const { code, stdout, stderr } = await distill([...args, '--train-percent', '10', '--json', '--quiet', '--backend', backend]);
      expect(code, stderr).toBe(0);
      const figures = JSON.parse(stdout) as { teachers: unknown; results: Results; accuracies: unknown };
      // Everything but the wall-clock timings.
      const { ensemble, student, baseline } = figures.results;
      const strip = (row: Results['student']) => ({ ...row, msPer1000: 0 });
      return { teachers: figures.teachers, accuracies: figures.accuracies, rows: [ensemble, student, baseline].map(strip) };
    };
    const [a, b] = [await once(), await once()];
    expect(b).toEqual(a);
  });

  it('--teacher-arch cnn-32-64 trains the CNN (32-64) teacher on wasm', async () => {
    const { code, stdout, stderr } = await distill(
      '--teacher-arch cnn-32-64 --teachers 1 --teacher-epochs 1 --train-percent 5 --student-hidden 16 --student-epochs 1 --json --quiet --backend wasm'.split(
        ' ',
      ),
    );
    expect(code, stderr).toBe(0);
    const figures = JSON.parse(stdout) as { config: Record<string, unknown>; backend: string; results: Results };
    expect(figures.backend).toBe('wasm');
    expect(figures.config.teacherArch).toBe('cnn-32-64');
    expect(figures.results.ensemble.params).toBe(32 * 9 + 32 + 64 * 288 + 64 + 3136 * 128 + 128 + 128 * 10 + 10);
    // Six steps on 350 digits: well above chance (10 %).
    expect(figures.results.ensemble.testAccuracy).toBeGreaterThan(0.3);
  });

  it('sweeps seeds and losses with the teachers trained once; prints every point, then groups over seeds ranked by validation', async () => {
    const csv = join(dir, 'sweep.csv');
    const report = join(dir, 'sweep.json');
    const { code, stdout, stderr } = await distill([
      '--teachers',
      '1',
      '--teacher-epochs',
      '1',
      '--teacher-hidden',
      '32',
      '--train-percent',
      '10',
      '--student-epochs',
      '1',
      '--student-hidden',
      '8',
      '--loss',
      'kd,dkd',
      '--seed',
      '0,1',
      '--csv',
      csv,
      '--report',
      report,
    ]);
    expect(code, stderr).toBe(0);
    expect(stderr.match(/^teachers: /gm)).toHaveLength(1);
    // A table's rows: the lines after its title, up to the first blank line.
    const table = (title: string) => {
      const lines = stdout.slice(stdout.indexOf(title)).split('\n').slice(1);
      const end = lines.findIndex((l) => l.trim() === '');
      return lines.slice(0, end < 0 ? undefined : end).map((l) => l.trim().split(/\s{2,}/));
    };
    const everyPoint = table('Every student of the sweep:').slice(0, 5);
    expect(everyPoint[0]!.slice(0, 3)).toEqual(['#', 'Loss', 'Seed']);
    expect(everyPoint.slice(1).map((r) => [r[1], r[2]])).toEqual([
      ['kd', '0'],
      ['dkd', '0'],
      ['kd', '1'],
      ['dkd', '1'],
    ]);
    const ranking = table('Ranked by validation accuracy');
    expect(ranking[0]!.slice(0, 4)).toEqual(['Rank', 'Loss', 'Seeds', 'Val acc']);
    expect(ranking.slice(1).map((r) => [r[0], r[2]])).toEqual([
      ['1', '2'],
      ['2', '2'],
    ]);
    const means = ranking.slice(1).map((r) => Number.parseFloat(r[3]!));
    expect(means[0]).toBeGreaterThanOrEqual(means[1]!);
    expect(ranking[1]![3]).toMatch(/^\d+\.\d\d % ± \d+\.\d\d$/);
    // Each row against the baseline of its own runs, paired over the two seeds.
    expect(ranking[0]).toContain('Test vs baseline (points, 95 % CI)');
    expect(ranking[1]!.join('  ')).toMatch(/[+−]?\d+\.\d\d \[[+−]?\d+\.\d\d, [+−]?\d+\.\d\d\] {2}(better|worse|cannot tell)/);
    expect(stdout).toContain('Paired over seeds against baseline');

    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(5);
    const saved = JSON.parse(readFileSync(report, 'utf8')) as {
      points: unknown[];
      groups: { key: string }[];
      selected: string;
      reference: { kind: string };
      comparisons: Record<string, { test: { n: number; seeds: number[] } }>;
    };
    expect(saved.points).toHaveLength(4);
    expect(saved.selected).toBe(saved.groups[0]!.key);
    // The comparison the table printed: each group against the baseline of its runs, over both seeds.
    expect(saved.reference).toEqual({ kind: 'baseline' });
    expect(Object.values(saved.comparisons).map((c) => c.test.seeds)).toEqual([
      [0, 1],
      [0, 1],
    ]);
  });

  it('starts from a preset, other flags overriding it; --out FILE.onnx writes an ONNX student onnxruntime scores the same', async () => {
    const onnx = join(dir, 'student.onnx');
    const { code, stdout, stderr } = await distill([
      '--out',
      onnx,
      '--preset',
      'quick',
      '--teachers',
      '1',
      '--teacher-epochs',
      '1',
      '--student-epochs',
      '1',
      '--json',
      '--quiet',
    ]);
    expect(code, stderr).toBe(0);
    const { config } = JSON.parse(stdout) as { config: Record<string, unknown> };
    expect(config).toMatchObject({ ensembleSize: 1, teacherEpochs: 1, studentEpochs: 1 });
    expect(config.trainPercent).toBe(presetById('quick').config.trainPercent);
    const { results } = JSON.parse(stdout) as { results: Results };
    const dataset = loadMnist();
    const { test } = dataset.split;
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(new Uint8Array(readFileSync(onnx)));
    const input = new ort.Tensor('float32', gatherInputs(dataset, test), [test.length, PIXELS]);
    const logits = (await session.run({ pixels: input })).logits!.data as Float32Array;
    await session.release();
    // Another runtime sums in another order: an image whose two best logits nearly tie may flip (1 image = 0.0005).
    expect(Math.abs(accuracy(logits, gatherLabels(dataset, test), 10) - results.student.testAccuracy)).toBeLessThanOrEqual(0.001);
    expect((await distill(['--preset', 'huge'])).stderr).toMatch(/--preset must be one of quick, defaults/);
  });

  it("--omit and --calibrate: the omitted digit's table, and the teachers' fitted temperatures in the JSON", async () => {
    const tiny = ['--teachers', '2', '--teacher-epochs', '1', '--teacher-hidden', '32', '--student-hidden', '16', '--student-epochs', '1'];
    const table = await distill([...tiny, '--omit', '3', '--quiet']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain("Digit 3 left out of the students' training images");
    // The baseline never saw a 3: at bias 0 it gets every 3 wrong.
    const baseline = /Baseline student\s+0\.00\s+\d+ of \d+\s+(\d+) of (\d+)/.exec(table.stdout);
    expect(baseline?.[1]).toBe(baseline?.[2]);
    const json = await distill([...tiny, '--calibrate', 'on', '--json', '--quiet']);
    expect(json.code, json.stderr).toBe(0);
    const figures = JSON.parse(json.stdout) as {
      teacherCalibration: { memberTemperatures: number[]; ensemble: { after: { ece: number } } };
      results: Results;
      omitted: unknown;
    };
    expect(figures.teacherCalibration.memberTemperatures).toHaveLength(2);
    // Distilled from the calibrated teachers: the results' ensemble is the calibrated one.
    expect(figures.results.ensemble.ece).toBeCloseTo(figures.teacherCalibration.ensemble.after.ece, 6);
    expect(figures.omitted).toBeNull();
  });

  it("--data: a CSV table of one's own (three separated blobs) trains and distils, and the CNN student is refused for a table", async () => {
    const csv = join(dir, 'blobs.csv');
    const rows = Array.from({ length: 600 }, (_, i) => {
      const label = ['north', 'east', 'south'][i % 3]!;
      const centre = [
        [0, 5],
        [5, 0],
        [0, -5],
      ][i % 3]!;
      const jitter = (k: number) => (((i * 7919 + k * 104729) % 1000) / 1000 - 0.5) * 2;
      return `${centre[0]! + jitter(1)},${centre[1]! + jitter(2)},${label}`;
    });
    writeFileSync(csv, ['x,y,class', ...rows].join('\n'));
    const tiny = [
      '--teachers',
      '1',
      '--teacher-epochs',
      '10',
      '--teacher-hidden',
      '16',
      '--student-hidden',
      '8',
      '--student-epochs',
      '10',
      '--learning-rate',
      '0.02',
    ];
    const run = await distill([...tiny, '--data', csv, '--json', '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const figures = JSON.parse(run.stdout) as { dataset: { name: string; train: number }; results: Results };
    expect(figures.dataset).toMatchObject({ name: 'blobs.csv', train: 420 });
    // Three well-separated blobs: both students learn them.
    expect(figures.results.student.testAccuracy).toBeGreaterThan(0.9);
    expect(figures.results.student.params).toBe(2 * 8 + 8 + 8 * 3 + 3);
    const cnn = await distill([...tiny, '--data', csv, '--student-hidden', 'cnn', '--backend', 'cpu', '--quiet']);
    expect(cnn.code).toBe(1);
    expect(cnn.stderr).toMatch(/The CNN student needs images; this dataset is a table \(2 columns\)/);
    // --label-column chooses the column of the classes; one the file does not have is named with the columns it has.
    const wrong = await distill(['--data', csv, '--label-column', 'kind', '--quiet']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/blobs\.csv: no column named "kind" \(the columns are "x", "y", "class"\)/);
  });

  it('--data: a CSV with a split column keeps its split, and says which rule made it', async () => {
    const csv = join(dir, 'marked.csv');
    // 600 rows, every fifth marked test: 480 training rows, the last 48 (10 %) of them validation.
    const rows = Array.from({ length: 600 }, (_, i) => `${(i % 3) * 4 + ((i * 37) % 10) / 10},${i % 3},${i % 5 === 4 ? 'test' : 'train'}`);
    writeFileSync(csv, ['x,label,split', ...rows].join('\n'));
    const run = await distill([
      '--teachers',
      '1',
      '--teacher-epochs',
      '1',
      '--teacher-hidden',
      '8',
      '--student-hidden',
      '4',
      '--student-epochs',
      '1',
      '--data',
      csv,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      "marked.csv: 432 train / 48 val / 120 test (the data's own test set (120); validation is the last 48 of its training set)",
    );
  });

  it('--teacher-logits: distils from a logits file without training teachers; the ensemble is what the logits say', async () => {
    const { labels, count } = loadMnist();
    const logits = new Float32Array(count * 10);
    labels.forEach((label, i) => (logits[i * 10 + label] = 5));
    let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${count}, 10), }`;
    header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
    const prefix = Buffer.alloc(10);
    prefix.write('\x93NUMPY', 0, 'latin1');
    prefix.writeUInt8(1, 6);
    prefix.writeUInt16LE(header.length, 8);
    const file = join(dir, 'teacher.npy');
    writeFileSync(file, Buffer.concat([prefix, Buffer.from(header, 'latin1'), Buffer.from(logits.buffer)]));
    const run = await distill(['--teacher-logits', file, '--student-hidden', '16', '--student-epochs', '1', '--json', '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const figures = JSON.parse(run.stdout) as {
      teachers: { ensembleTestAccuracy: number };
      results: Results;
      seconds: { teachers: number };
    };
    expect(figures.teachers.ensembleTestAccuracy).toBe(1);
    expect(figures.results.ensemble.params).toBeNull(); // NaN in JSON: unknown, the teachers are logits
    const missing = await distill(['--teacher-logits', join(dir, 'nope.npy'), '--quiet']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.npy: no such file or folder.');
  });

  it('--student-labels 5: the students see 5 % of the labels, the distilled student the teachers on the rest; a loss that needs every label is refused before the teachers train', async () => {
    const tiny = ['--teachers', '1', '--teacher-epochs', '1', '--teacher-hidden', '32', '--student-hidden', '16', '--student-epochs', '1'];
    const { code, stdout, stderr } = await distill([...tiny, '--student-labels', '5', '--json', '--backend', 'wasm']);
    expect(code, stderr).toBe(0);
    const figures = JSON.parse(stdout) as { config: Record<string, unknown>; students: { labelled: number; unlabelled: number } };
    expect(figures.config.studentLabelPercent).toBe(5);
    // 5 % of the 6,995 training digits keep their labels; the other 6,645 are the transfer set.
    expect(figures.students).toEqual({ labelled: 350, unlabelled: 6645 });
    expect(stderr).toMatch(/students: 350 training samples with their labels .* on 6645 more, unlabelled/);
    const refused = await distill([...tiny, '--student-labels', '5', '--loss', 'kd,wsld']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^WSLD.* reads the true label of every sample, and the 6645 training images beyond Student labels \(%\) at 5 have none\./,
    );
    expect(refused.stderr).not.toMatch(/teachers:/);
  });

  it('rejects a bad flag with exit code 2 and a message naming the parameter', async () => {
    const { code, stdout, stderr } = await distill(['--alpha', '3', '--quiet']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^Alpha must be between 0 and 1\./);
    expect(stderr).toMatch(/Usage: npm run distill/);
    const list = await distill(['--teachers', '1,2', '--loss', 'kd,mse']);
    expect(list.code).toBe(2);
    expect(list.stderr).toMatch(
      /--teachers takes one value \(only --loss, --t-schedule, --calibrate, --teacher-confidence, --student-hidden, .*--seed can be swept\)/,
    );
    expect(list.stderr).toMatch(/Loss must be one of kd, dkd, ls, wsld, confidence/);
    const weights = await distill(['--weights', 'int4']);
    expect(weights.code).toBe(2);
    expect(weights.stderr).toMatch(/--weights must be one of float32, float16, uint16, uint8, got "int4"/);
    expect((await distill(['--weights', 'uint8'])).stderr).toMatch(/--weights sets the format --out writes: give --out FILE too\./);
    expect((await distill(['--weights', 'uint8', '--out', 'x.onnx'])).stderr).toMatch(/--out FILE\.onnx writes float32 weights/);
  });

  it('refuses the Fashion-MNIST benchmark preset on data it was not made for (the bundled MNIST, split 70/10/20)', async () => {
    const { code, stdout, stderr } = await distill(['--preset', 'fashion', '--quiet']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /--preset fashion is made for 28×28 grey images that come with their own test split .*MNIST is not such a dataset/,
    );
  });

  const fashion = '/usr/share/datasets/fashion-mnist';
  it.skipIf(!existsSync(`${fashion}/train-images-idx3-ubyte.gz`))(
    "--preset fashion on Debian's Fashion-MNIST files: the official 55,000 / 5,000 / 10,000 split and the preset's results",
    async () => {
      // The preset's CNN (32-64) teacher, shrunk to one member and one epoch on 1 % of the training split.
      const args = `--data ${fashion} --preset fashion --teachers 1 --teacher-epochs 1 --train-percent 1 --student-epochs 1 --backend wasm`;
      const { code, stdout, stderr } = await distill(args.split(' '));
      expect(code, stderr).toBe(0);
      expect(stderr).toMatch(/^IDX \(70,000 images of 28×28\): 55000 train \/ 5000 val \/ 10000 test \(the data's own test set/m);
      expect(stdout).toMatch(/^Teacher ensemble +421642 /m); // the CNN (32-64): conv 32, conv 64, dense 128, classes
      expect(stdout).toMatch(/^Distillation gain over the baseline student: -?\d+\.\d\d points \(T = 2, alpha = 0\.5\)\./m);
    },
  );

  it('--data brown: the text preset (transformer teachers, bag student) on the bundled corpus, split by document; its ONNX file scores the same', async () => {
    const onnx = join(dir, 'text-student.onnx');
    const args = `--data brown --seq-length 16 --teachers 1 --teacher-epochs 1 --train-percent 3 --student-epochs 2 --backend wasm --json --out ${onnx}`;
    const { code, stdout, stderr } = await distill(args.split(' '));
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(
      /^Brown corpus genres: 13054 train \/ 1828 val \/ 3875 test \(the data's own test set \(3,875\) and validation set/m,
    );
    expect(stderr).toMatch(
      /^ {2}text: vocabulary 8000 ids from the training split, 16 tokens per text, \d+\.\d\d % of test tokens unknown$/m,
    );
    const { config, results } = JSON.parse(stdout) as { config: Record<string, unknown>; results: Results };
    expect(config).toMatchObject({ teacherArch: 'transformer', studentHidden: 'bag8', temperature: 2, alpha: 0.5 });
    expect(results.student.params).toBe(8000 * 8 + 8 * 8 + 8);
    const dataset = loadTextDataset('brown', { vocabSize: 8000, length: 16 });
    const { test } = dataset.split;
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(new Uint8Array(readFileSync(onnx)));
    const input = new ort.Tensor('float32', gatherInputs(dataset, test), [test.length, 16]);
    const logits = (await session.run({ [session.inputNames[0]!]: input }))[session.outputNames[0]!]!.data as Float32Array;
    await session.release();
    expect(Math.abs(accuracy(logits, gatherLabels(dataset, test), 8) - results.student.testAccuracy)).toBeLessThanOrEqual(0.001);
    const refused = await distill(['--data', 'brown', '--teacher-arch', 'mlp', '--quiet']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/The MLP teacher reads numbers; this dataset is text/);
  });

  it('rejects a backend Node cannot run', async () => {
    const { code, stderr } = await distill(['--backend', 'webgl']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--backend must be wasm or cpu/);
  });

  it('prints the usage with --help', async () => {
    const { code, stdout } = await distill(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/--student-hidden/);
    expect(stdout).toMatch(/--temperature/);
  });
});
