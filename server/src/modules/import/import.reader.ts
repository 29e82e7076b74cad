// Reads the rows of an uploaded spreadsheet one at a time (XLSX through exceljs's streaming
// reader, CSV through csv-parse), so a 100 000-row file never sits whole in memory.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

export type Cell = string | number | boolean | Date | null;

export interface SheetRow {
  /** The row number as the spreadsheet program shows it (1-based, blank rows counted). */
  row: number;
  cells: Cell[];
}

export type SheetFormat = 'xlsx' | 'csv';

export class UnreadableFileError extends Error {}

/** XLSX is a ZIP (PK\x03\x04); an old binary .xls (OLE, D0 CF 11 E0) is refused with advice. */
export async function sniffFormat(path: string): Promise<SheetFormat | 'xls' | 'unknown'> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    if (bytesRead >= 4 && head.readUInt32BE(0) === 0x504b0304) return 'xlsx';
    if (bytesRead >= 4 && head.readUInt32BE(0) === 0xd0cf11e0) return 'xls';
    const sample = Buffer.alloc(4096);
    const read = (await handle.read(sample, 0, 4096, 0)).bytesRead;
    const text = sample.subarray(0, read);
    // Text without NUL bytes is taken for CSV; its encoding is settled by detectEncoding.
    return read > 0 && !text.includes(0) ? 'csv' : 'unknown';
  } finally {
    await handle.close();
  }
}

/**
 * CSV from Excel on Chinese Windows is usually GB18030 (GBK); from WPS, LibreOffice and most
 * systems UTF-8, sometimes with a BOM. Anything that is not valid UTF-8 is read as GB18030.
 */
export async function detectEncoding(path: string): Promise<'utf-8' | 'gb18030'> {
  const handle = await open(path, 'r');
  try {
    const sample = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(sample, 0, sample.length, 0);
    const bytes = sample.subarray(0, bytesRead);
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
    try {
      // `stream` leaves a character cut at the end of the sample undecided instead of invalid.
      new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: bytesRead === sample.length });
      return 'utf-8';
    } catch {
      return 'gb18030';
    }
  } finally {
    await handle.close();
  }
}

function decoder(encoding: 'utf-8' | 'gb18030'): Transform {
  const textDecoder = new TextDecoder(encoding);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, textDecoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, textDecoder.decode());
    },
  });
}

async function* csvRows(path: string): AsyncGenerator<SheetRow> {
  const encoding = await detectEncoding(path);
  const parser = createReadStream(path)
    .pipe(decoder(encoding))
    .pipe(parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }));
  let row = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    row += 1;
    yield { row, cells: record.map((v) => (v === '' ? null : v)) };
  }
}

/** The value a cell shows: formulas give their result, rich text its plain text. */
export function cellValue(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('result' in v) return cellValue(v.result);
    if (Array.isArray(v.richText)) return (v.richText as { text: string }[]).map((r) => r.text).join('') || null;
    if (typeof v.text === 'string') return v.text || null;
    if ('error' in v) return null;
  }
  return String(value);
}

/** Text from a stream of bytes, a character cut between two chunks kept whole. */
async function* utf8Text(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const textDecoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : textDecoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = textDecoder.decode();
  if (rest) yield rest;
}

interface ReaderInternals {
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
}

/**
 * exceljs's streaming reader decodes each compressed chunk of XML on its own, so a Chinese
 * character whose three bytes straddle two chunks comes out as U+FFFD (exceljs issues #2063,
 * #2084; one cell in a few thousand of a large file — "3单元" read as "3���元"). This reader
 * hands it text decoded across chunk boundaries instead: the worksheets' chunks through a
 * streaming decoder, the shared strings and the workbook (sheet names) as UTF-8 streams.
 */
class WholeCharacterWorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  constructor(input: string, options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>) {
    super(input, options);
    const self = this as unknown as ReaderInternals;
    const parseWorksheet = self._parseWorksheet.bind(this);
    const parseSharedStrings = self._parseSharedStrings.bind(this);
    const parseWorkbook = self._parseWorkbook.bind(this);
    self._parseWorksheet = (iterator, sheetNo) => parseWorksheet(utf8Text(iterator), sheetNo);
    self._parseSharedStrings = (entry) => parseSharedStrings(entry.setEncoding('utf8'));
    self._parseWorkbook = (entry) => parseWorkbook(entry.setEncoding('utf8'));
  }
}

async function* xlsxRows(path: string): AsyncGenerator<SheetRow> {
  const reader = new WholeCharacterWorkbookReader(path, {
    sharedStrings: 'cache',
    // Styles tell a date cell from a number cell.
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  // The first sheet only: that is where people put the list (and what the vendor manuals ask).
  for await (const worksheet of reader) {
    for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
      const values = (row.values as unknown[]) ?? [];
      // row.values is 1-based: index 0 is always empty.
      const cells: Cell[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellValue(values[i]));
      yield { row: row.number, cells };
    }
    return;
  }
}

/**
 * The rows of the file in order. Blank rows are yielded too (with no cells) where the format
 * has them, so row numbers match what the spreadsheet program shows.
 */
export function readRows(path: string, format: SheetFormat): AsyncGenerator<SheetRow> {
  return format === 'xlsx' ? xlsxRows(path) : csvRows(path);
}

export function isBlank(row: SheetRow): boolean {
  return row.cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));
}
