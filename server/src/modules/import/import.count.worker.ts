// The worker thread of countDataRowsAside (import.count.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { type CountRequest, countDataRows } from './import.count.js';

countDataRows(workerData as CountRequest).then(
  (total) => parentPort?.postMessage({ total }),
  (error: unknown) => parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) }),
);
