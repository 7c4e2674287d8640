/// <reference lib="webworker" />
/** The compute worker's entry: exposes the engine over comlink. All tfjs work happens here. */
import * as Comlink from 'comlink';
import { engine } from './engine';

Comlink.expose(engine);
