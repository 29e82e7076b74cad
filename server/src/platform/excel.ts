import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import type { Tx } from '../db/client.js';
import { type AuditRecord, type AuditRecorder, write } from './audit.js';
import type { AuthedContext, Deps } from './context.js';

export interface ExcelColumn<T> {
  header: string;
  width?: number;
  value: (row: T) => string | number | boolean | Date | null | undefined;
}

/**
 * A cell that a spreadsheet would read as a formula (= + - @, and the tab/CR tricks) is
 * prefixed with an apostrophe so it stays text (QUALITY.md 15).
 */
export function neutraliseCell(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export async function buildWorkbook<T>(
  sheetName: string,
  columns: ExcelColumn<T>[],
  rows: Iterable<T>,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Linli';
  workbook.created = new Date();
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({ header: c.header, key: String(i), width: c.width ?? 18 }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    sheet.addRow(columns.map((c) => neutraliseCell(c.value(row) ?? '')));
  }
  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}

export function sendWorkbook(reply: FastifyReply, fileName: string, data: Buffer): FastifyReply {
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header(
      'content-disposition',
      `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    )
    .header('x-content-type-options', 'nosniff')
    .send(data);
}

/** Largest export in one file; larger sets should be narrowed by filters. */
export const EXPORT_MAX_ROWS = 50_000;

export interface ExportSpec<T> {
  sheet: string;
  file: string;
  columns: ExcelColumn<T>[];
  rows: T[];
  audit: AuditRecord;
}

/** An export whose rows are read and whose workbook is not written yet: the row type no longer matters. */
export interface PreparedExport {
  file: string;
  rowCount: number;
  audit: AuditRecord;
  workbook(): Promise<Buffer>;
}

export function prepareExport<T>(spec: ExportSpec<T>): PreparedExport {
  return {
    file: spec.file,
    rowCount: spec.rows.length,
    audit: spec.audit,
    workbook: () => buildWorkbook(spec.sheet, spec.columns, spec.rows),
  };
}

/**
 * Sends a prepared export: writes the workbook, then records the export in the audit log (every
 * export is logged, QUALITY.md 19) together with `alsoInTransaction` (such as marking an approved
 * request used), and sends the file named in the reader's language. Nothing is sent when the
 * transaction fails.
 */
export async function sendExport(
  deps: Deps,
  ctx: AuthedContext,
  reply: FastifyReply,
  prepared: PreparedExport,
  alsoInTransaction?: (tx: Tx, audit: AuditRecorder) => Promise<void>,
): Promise<FastifyReply> {
  const data = await prepared.workbook();
  await write(deps, ctx, async (tx, audit) => {
    if (alsoInTransaction) await alsoInTransaction(tx, audit);
    audit.record(prepared.audit);
  });
  return sendWorkbook(reply, prepared.file, data);
}

/**
 * Answers an export that is not registered as a list of personal data. Registered lists
 * (modules/export/export.registry.ts) are answered there, behind the approval rule.
 */
export async function replyWithExport<T>(
  deps: Deps,
  ctx: AuthedContext,
  reply: FastifyReply,
  spec: ExportSpec<T>,
): Promise<FastifyReply> {
  return sendExport(deps, ctx, reply, prepareExport(spec));
}
