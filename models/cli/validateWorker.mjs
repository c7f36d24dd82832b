// A worker thread of `fpsim validate --jobs N`: loads the TypeScript sources
// through tsx (as fpsim.mjs does) and runs the cells it is sent.
import { register } from 'tsx/esm/api';

register();
await import('./validateWorker.ts');
