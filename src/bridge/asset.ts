/** The bundled dataset asset, fetched relative to the app's base URL (so the app works under a sub-path). */
export async function fetchDatasetAsset(): Promise<ArrayBuffer> {
  const url = `${import.meta.env.BASE_URL}data/mnist.bin`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status} ${response.statusText} (run "npm run prepare-data").`);
  return response.arrayBuffer();
}
