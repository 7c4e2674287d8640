/** Entry: wires the worker client, the store and the URL, renders the page, boots the worker. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { StudioProvider } from './state/hooks';
import { createStudioStore } from './state/store';
import { syncUrl } from './state/url';
import { App } from './ui/App';
import { saveStudentZip } from './ui/download';
import { setFavicon } from './ui/favicon';
import { createWorkerClient } from './worker/client';
import './ui/styles.css';

async function loadAsset(): Promise<ArrayBuffer> {
  const url = `${import.meta.env.BASE_URL}data/mnist.bin`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status} ${response.statusText} (run "npm run prepare-data").`);
  return response.arrayBuffer();
}

setFavicon();

const store = createStudioStore(
  { client: createWorkerClient(), loadAsset, saveStudent: saveStudentZip },
  { hash: window.location.hash, search: window.location.search },
);
syncUrl(store);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <StudioProvider store={store}>
      <App />
    </StudioProvider>
  </StrictMode>,
);

void store.getState().boot();
