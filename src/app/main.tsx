/** Entry: wires the worker client, the store and the URL, renders the page, boots the worker. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { StudioProvider } from '../state/hooks';
import { createStudioStore } from '../state/store';
import { watchEstimates } from '../state/estimates';
import { hasUnsavedWork } from '../state/selectors';
import { syncUrl } from '../state/url';
import { App } from '../ui/App';
import { TeachingApp } from '../ui/teaching/TeachingApp';
import { saveModelZip, saveFile } from '../ui/download';
import { setFavicon } from '../ui/favicon';
import { fetchDatasetAsset, fetchTextAsset } from '../bridge/asset';
import { createWorkerClient } from '../bridge/client';
import { openSavedData } from '../storage/saved-data';
import 'temml/dist/Temml-Local.css';
import '../ui/styles.css';

setFavicon();

const store = createStudioStore(
  {
    client: createWorkerClient(),
    loadAsset: fetchDatasetAsset,
    loadTextAsset: fetchTextAsset,
    saveModel: saveModelZip,
    saveFile: saveFile,
    openSavedData: () => openSavedData(),
  },
  { hash: window.location.hash, search: window.location.search },
);
syncUrl(store);
watchEstimates(store);
// Teachers, runs and sweeps are saved in the browser as they change: leaving asks first only while a
// job runs or something is not saved yet (a write under way, refused, or no storage at all).
window.addEventListener('beforeunload', (event) => {
  if (hasUnsavedWork(store.getState())) event.preventDefault();
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <StudioProvider store={store}>{store.getState().mode === 'teaching' ? <TeachingApp /> : <App />}</StudioProvider>
  </StrictMode>,
);

void store.getState().boot();
