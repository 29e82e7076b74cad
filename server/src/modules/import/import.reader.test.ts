import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { readRows } from './import.reader.js';

const dir = mkdtempSync(join(tmpdir(), 'linli-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = (i: number) => `${i}号楼${'邻里花园业主报修卫生间渗漏'.repeat(3)}第${i}行`;

async function workbook(path: string, rows: number, sharedStrings: boolean) {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: sharedStrings });
  const sheet = writer.addWorksheet('清单');
  for (let i = 1; i <= rows; i++) sheet.addRow([text(i), '3单元']).commit();
  sheet.commit();
  await writer.commit();
}

describe('reading a large XLSX of Chinese text', () => {
  // Hundreds of kilobytes of mostly three-byte characters: the inflated XML reaches the parser in
  // many chunks, and some chunk boundaries fall inside a character.
  for (const sharedStrings of [false, true]) {
    it(`keeps every character whole (${sharedStrings ? 'shared strings' : 'inline strings'})`, async () => {
      const path = join(dir, `big-${sharedStrings}.xlsx`);
      await workbook(path, 3000, sharedStrings);
      let count = 0;
      const broken: string[] = [];
      for await (const row of readRows(path, 'xlsx')) {
        count++;
        const [first, second] = row.cells;
        if (first !== text(row.row) || second !== '3单元') broken.push(`${row.row}: ${first} | ${second}`);
      }
      expect(count).toBe(3000);
      expect(broken).toEqual([]);
    });
  }
});
