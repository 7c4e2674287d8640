import { strToU8, zipSync, type Zippable } from 'fflate';
import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { parseImageZip } from './image-zip';
import { ImportError, type InputFile } from './types';

/** A width × height 8-bit PNG with `channels` values per pixel, every pixel = `pixel`. */
function png(width: number, height: number, pixel: number[]): Uint8Array {
  const data = new Uint8Array(width * height * pixel.length);
  for (let i = 0; i < data.length; i++) data[i] = pixel[i % pixel.length]!;
  return encodePng({ width, height, data, channels: pixel.length, depth: 8 });
}

/** A uniformly coloured RGB JPEG. */
function jpg(width: number, height: number, rgb: [number, number, number]): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([...rgb, 255], i * 4);
  return new Uint8Array(jpeg.encode({ width, height, data }, 95).data);
}

const zip = (entries: Zippable, name = 'pets.zip'): InputFile => ({ name, bytes: zipSync(entries) });

function expectImportError(run: () => unknown, message: RegExp): void {
  expect(run).toThrow(ImportError);
  expect(run).toThrow(message);
}

describe('parseImageZip', () => {
  it('reads one folder per class, grey images as one channel (RGB files of grey pixels too), skipping what is not an image', () => {
    const file = zip({
      'dog/b.png': png(2, 2, [100]),
      'cat/a.png': png(2, 2, [76, 76, 76]),
      'cat/c.jpg': jpg(2, 2, [128, 128, 128]),
      'cat/notes.txt': strToU8('not an image'),
      'cat/.hidden.png': strToU8('dotfile'),
      '.DS_Store': strToU8('mac'),
      '__MACOSX/cat/._a.png': strToU8('resource fork'),
      'dog/': new Uint8Array(0),
    });
    const data = parseImageZip(file);
    expect(data.name).toBe('pets.zip');
    expect(data.classNames).toEqual(['cat', 'dog']);
    expect([...data.labels]).toEqual([0, 0, 1]); // sorted by path: cat/a.png, cat/c.jpg, dog/b.png
    expect(data.image).toEqual({ height: 2, width: 2, channels: 1 });
    expect(data.features).toBe(4);
    expect(data.columns).toBeNull();
    expect(data.values).toBeInstanceOf(Uint8Array);
    expect([...data.values.subarray(0, 4)]).toEqual([76, 76, 76, 76]);
    for (const v of data.values.subarray(4, 8)) expect(Math.abs(v - 128)).toBeLessThanOrEqual(2); // JPEG is lossy
    expect([...data.values.subarray(8)]).toEqual([100, 100, 100, 100]);
  });

  it('ignores alpha, reads grey+alpha, 16-bit, 1-bit and palette PNGs', () => {
    const sixteen = encodePng({ width: 1, height: 1, data: new Uint16Array([32896]), channels: 1, depth: 16 });
    const oneBit = encodePng({ width: 1, height: 1, data: new Uint8Array([0b10000000]), channels: 1, depth: 1 });
    const palette = encodePng({
      width: 1,
      height: 1,
      data: new Uint8Array([1]),
      channels: 1,
      depth: 8,
      palette: [
        [0, 0, 0],
        [0, 0, 255],
      ],
    });
    const data = parseImageZip(
      zip({
        'a/rgba.png': png(1, 1, [0, 255, 0, 0]),
        'a/grey-alpha.png': png(1, 1, [200, 10]),
        'b/sixteen.png': sixteen,
        'b/one-bit.png': oneBit,
        'b/palette.png': palette,
      }),
    );
    // Sorted by path: a/grey-alpha, a/rgba, b/one-bit, b/palette, b/sixteen. Green and blue make it colour:
    // every image is RGB, the grey ones (the first one too, read before colour came) copied to each channel.
    expect(data.image).toEqual({ height: 1, width: 1, channels: 3 });
    expect([...data.values]).toEqual([200, 200, 200, 0, 255, 0, 255, 255, 255, 0, 0, 255, 128, 128, 128]);
  });

  it('keeps colour images as RGB, pixel by pixel (HWC), three values per pixel', () => {
    const redBlue = encodePng({ width: 2, height: 1, data: Uint8Array.from([255, 0, 0, 0, 0, 255]), channels: 3, depth: 8 });
    const data = parseImageZip(zip({ 'a/1.png': redBlue, 'b/2.jpg': jpg(2, 1, [200, 40, 40]), 'b/3.png': png(2, 1, [9]) }));
    expect(data.image).toEqual({ height: 1, width: 2, channels: 3 });
    expect(data.features).toBe(6);
    expect(data.values.length).toBe(18);
    expect([...data.values.subarray(0, 6)]).toEqual([255, 0, 0, 0, 0, 255]);
    const reddish = [...data.values.subarray(6, 12)];
    [200, 40, 40, 200, 40, 40].forEach((v, i) => expect(Math.abs(reddish[i]! - v)).toBeLessThanOrEqual(4)); // JPEG is lossy
    expect([...data.values.subarray(12)]).toEqual([9, 9, 9, 9, 9, 9]);
  });

  it('takes the folder directly holding an image as its class, and sorts numbers as numbers', () => {
    const data = parseImageZip(
      zip({
        'mnist/10/x.png': png(1, 1, [1]),
        'mnist/2/y.png': png(1, 1, [2]),
        'extra/2/z.png': png(1, 1, [3]),
      }),
    );
    expect(data.classNames).toEqual(['2', '10']);
    expect([...data.labels]).toEqual([0, 1, 0]); // sorted by path: extra/2/z, mnist/10/x, mnist/2/y
    expect([...data.values]).toEqual([3, 1, 2]);
    expect(data.split).toBeUndefined(); // neither "mnist" nor "extra" is a split folder
  });

  it('keeps the split of train/ and test/ folders: validation is the last 10 % of the training images, classes interleaved', () => {
    const entries: Zippable = { 'fruit/Test/a/t.png': png(1, 1, [30]), 'fruit/Test/b/t.png': png(1, 1, [40]) };
    for (let i = 1; i <= 4; i++) entries[`fruit/train/a/${i}.png`] = png(1, 1, [10 + i]);
    for (let i = 1; i <= 6; i++) entries[`fruit/train/b/${i}.png`] = png(1, 1, [20 + i]);
    const data = parseImageZip(zip(entries));
    expect(data.classNames).toEqual(['a', 'b']);
    // Each training image placed by its position in its class, (rank + ½) / size: b1 (1/12), a1 (1/8), b2 (3/12), a2 (3/8), …
    expect([...data.values]).toEqual([21, 11, 22, 12, 23, 24, 13, 25, 14, 26, 30, 40]);
    expect([...data.labels]).toEqual([1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1]);
    expect(data.split).toEqual({ train: 9, val: 1, test: 2 });
  });

  it('takes the images of a val/ (or valid/, validation/) folder as validation', () => {
    const data = parseImageZip(
      zip({
        'train/a/1.png': png(1, 1, [1]),
        'train/b/1.png': png(1, 1, [2]),
        'Validation/a/1.png': png(1, 1, [3]),
        'test/b/1.png': png(1, 1, [4]),
      }),
    );
    expect([...data.values]).toEqual([1, 2, 3, 4]);
    expect(data.split).toEqual({ train: 2, val: 1, test: 1, markedVal: true });
  });

  it('refuses split folders that leave some images out, naming one of them and its folder', () => {
    const stray = zip({ 'train/a/1.png': png(1, 1, [1]), 'test/b/1.png': png(1, 1, [2]), 'extra/b/2.png': png(1, 1, [3]) });
    expectImportError(
      () => parseImageZip(stray),
      /^pets\.zip: extra\/b\/2\.png is in "extra\/", which is not a split folder, but test\/b\/1\.png is in "test\/"\. Put every class folder in a folder named train, val \(or valid, validation\) or test \(any case\), or none\.$/,
    );
    const top = zip({ 'train/a/1.png': png(1, 1, [1]), 'test/b/1.png': png(1, 1, [2]), 'b/2.png': png(1, 1, [3]) });
    expectImportError(() => parseImageZip(top), /b\/2\.png is in no split folder, but test\/b\/1\.png is in "test\/"/);
  });

  it('refuses a split without test images or without training images, with the counts', () => {
    const noTest = zip({ 'mnist/train/7/1.png': png(1, 1, [1]), 'mnist/train/3/1.png': png(1, 1, [2]) });
    expectImportError(
      () => parseImageZip(noTest),
      /^pets\.zip: the split folders hold 2 images train, 0 val and 0 test: a split needs test images\. Put them in test\/<class>\/, or remove the split folders to split 70\/10\/20 within each class\.$/,
    );
    const noTrain = zip({ 'val/7/1.png': png(1, 1, [1]), 'test/3/1.png': png(1, 1, [2]) });
    expectImportError(() => parseImageZip(noTrain), /hold 0 images train, 1 val and 1 test: a split needs train images/);
  });

  it('refuses a file that is not a zip', () => {
    expectImportError(() => parseImageZip({ name: 'pets.zip', bytes: strToU8('hello') }), /^pets\.zip: not a zip file/);
  });

  it('refuses a damaged zip', () => {
    const bytes = zipSync({ 'a/1.png': png(1, 1, [1]), 'b/1.png': png(1, 1, [2]) });
    expectImportError(() => parseImageZip({ name: 'pets.zip', bytes: bytes.slice(0, 40) }), /pets\.zip: the zip file is damaged/);
  });

  it('refuses images that are not in class folders', () => {
    const topLevel = zip({ 'a.png': png(1, 1, [1]), 'b.png': png(1, 1, [2]) });
    expectImportError(
      () => parseImageZip(topLevel),
      /no class folders: put each class's images in a folder named after it \(a\.png is at the top level/,
    );
    const noImages = zip({ 'a/readme.txt': strToU8('hi') });
    expectImportError(
      () => parseImageZip(noImages),
      /no class folders: put each class's images in a folder named after it \(the zip holds no PNG or JPEG images\)/,
    );
  });

  it('refuses a single class', () => {
    expectImportError(
      () => parseImageZip(zip({ 'cats/1.png': png(1, 1, [1]), 'cats/2.png': png(1, 1, [2]) })),
      /only one class folder, 'cats'/,
    );
  });

  it('refuses an image that cannot be decoded, naming it', () => {
    const broken = png(4, 4, [9]).slice(0, 40);
    const file = zip({ 'a/1.png': png(4, 4, [1]), 'b/broken.png': broken });
    expectImportError(() => parseImageZip(file), /pets\.zip: b\/broken\.png cannot be decoded as PNG/);
    const fake = zip({ 'a/1.png': png(1, 1, [1]), 'b/fake.jpg': strToU8('not a jpeg') });
    expectImportError(() => parseImageZip(fake), /b\/fake\.jpg cannot be decoded: it is neither PNG nor JPEG data/);
  });

  it('refuses images of mixed sizes, naming two files and their sizes', () => {
    const file = zip({ 'a/1.png': png(28, 28, [1]), 'b/2.png': png(32, 30, [1]) });
    expectImportError(() => parseImageZip(file), /images of different sizes: a\/1\.png is 28×28 but b\/2\.png is 32×30/);
  });

  it('refuses more classes than the studio handles', () => {
    const entries: Zippable = {};
    for (let i = 0; i < 101; i++) entries[`class${i}/1.png`] = png(1, 1, [i]);
    expectImportError(() => parseImageZip(zip(entries)), /101 class folders; the studio handles at most 100 classes/);
  });
});
