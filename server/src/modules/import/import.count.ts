// Counts the data rows of an uploaded sheet on a worker thread, so that the import's progress
// bar gets its total while the rows are already being written: reading a 100 000-row workbook
// costs seconds of CPU, which on the import's own thread would come before the first row.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { isBlank, readRows, type SheetFormat } from './import.reader.js';

export interface CountRequest {
  path: string;
  format: SheetFormat;
  /** Rows up to and including this one are the header and the titles above it. */
  headerRow: number;
}

/** The rows below the header that are not blank, read as the import reads them. */
export async function countDataRows({ path, format, headerRow }: CountRequest): Promise<number> {
  let total = 0;
  for await (const r of readRows(path, format)) if (r.row > headerRow && !isBlank(r)) total += 1;
  return total;
}

const workerUrl = new URL('./import.count.worker.ts', import.meta.url);
/**
 * tsx's ESM API (the `import` condition of `tsx/esm/api`), found from here: a worker resolves
 * bare names from its working directory.
 */
const tsxApi = new URL(
  './dist/esm/api/index.mjs',
  pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json')),
).href;

/**
 * `countDataRows` on a worker thread, which runs this TypeScript through tsx as the server itself
 * runs. Rejects if the file cannot be read (the import's own reading then says why).
 */
export function countDataRowsAside(request: CountRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    // A worker thread does not inherit the TypeScript loader: it registers tsx's, then loads.
    const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(workerUrl.href)}); })`;
    const worker = new Worker(bootstrap, { eval: true, workerData: request });
    let settled = false;
    worker.once('message', (message: { total?: number; error?: string }) => {
      settled = true;
      if (typeof message.total === 'number') resolve(message.total);
      else reject(new Error(message.error ?? 'count failed'));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`row count worker exited with ${code}`));
    });
  });
}
