import { describe, expect, it } from 'vitest';
import { countDataRows, countDataRowsAside } from './import.count.js';

const fixture = (name: string) => new URL(`../../../test/fixtures/import/${name}`, import.meta.url).pathname;

describe('counting the data rows of a sheet', () => {
  it('counts on a worker thread what the import reads: rows below the header, blank ones left out', async () => {
    const xlsx = { path: fixture('rooms-customers-demo.xlsx'), format: 'xlsx' as const, headerRow: 4 };
    const here = await countDataRows(xlsx);
    expect(here).toBeGreaterThan(40);
    expect(await countDataRowsAside(xlsx)).toBe(here);
    const csv = { path: fixture('rooms-customers-demo.csv'), format: 'csv' as const, headerRow: 1 };
    expect(await countDataRowsAside(csv)).toBe(await countDataRows(csv));
    // A header further down leaves fewer rows below it.
    expect(await countDataRowsAside({ ...xlsx, headerRow: 14 })).toBe(here - 10);
  });

  it('rejects when the file cannot be read', async () => {
    await expect(
      countDataRowsAside({ path: fixture('no-such-file.xlsx'), format: 'xlsx', headerRow: 1 }),
    ).rejects.toThrow(/ENOENT/);
  });
});
