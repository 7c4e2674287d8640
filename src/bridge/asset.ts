/** Fetches a bundled asset relative to the app's base URL (so the app works under a sub-path). */
async function fetchAsset(file: string): Promise<ArrayBuffer> {
  const url = `${import.meta.env.BASE_URL}data/${file}`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status} ${response.statusText} (run "npm run prepare-data").`);
  return response.arrayBuffer();
}

/** The bundled MNIST digits (scripts/prepare-data.mjs). */
export const fetchDatasetAsset = (): Promise<ArrayBuffer> => fetchAsset('mnist.bin');

/** The bundled text dataset: the Brown corpus's genres (scripts/prepare-brown.mjs). */
export const fetchTextAsset = (): Promise<ArrayBuffer> => fetchAsset('brown.json');
