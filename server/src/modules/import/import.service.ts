// Spreadsheet imports of rooms and customers: take the upload, find its header, start the job,
// run it in the background with progress, and answer how it went.
import { and, asc, count, desc, eq, or, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { buildWorkbook, type ExcelColumn } from '../../platform/excel.js';
import { FileTooLargeError, isMalformedMultipart, type StoredFile } from '../../platform/files.js';
import { beijingDay, type Locale } from '../../platform/locale.js';
import { scopeRows } from '../../platform/scope.js';
import { loadGrants } from '../auth/session.service.js';
import { organization } from '../org/org.table.js';
import { scopeByProject } from '../project/project.scope.js';
import { project } from '../project/project.table.js';
import { appUser } from '../user/user.table.js';
import { applyBatch, ImportState, ProjectIndex, type ProjectRef } from './import.apply.js';
import { countDataRowsAside } from './import.count.js';
import {
  autoMapping,
  detectHeaderRow,
  HEADER_SEARCH_ROWS,
  type ImportField,
  importFields,
  requiredFields,
} from './import.fields.js';
import { isBlank, readRows, type SheetFormat, type SheetRow, sniffFormat } from './import.reader.js';
import { fieldLabel, type Mapping, parseRow, type RowData } from './import.rows.js';
import type { ImportDto, ImportPreviewDto } from './import.schema.js';
import { importJob, importModes, importRejection } from './import.table.js';
import { text } from './import.values.js';

export const IMPORT_QUEUE = 'import';
const BATCH_ROWS = 500;
/** Records created before the planner's statistics are first renewed (then at every doubling). */
const ANALYZE_FIRST_AT = 4_000;
const PREVIEW_ROWS = 10;
const LISTED_REJECTIONS = 500;

// ── receiving the upload ───────────────────────────────────────────────────

export interface Upload {
  file: StoredFile;
  fileName: string;
  format: SheetFormat;
  fields: Record<string, string>;
}

/**
 * Streams the multipart upload to the file store (never whole into memory) and collects the
 * text fields. The file is refused unless it reads as XLSX or CSV.
 */
export async function receiveUpload(deps: Deps, request: FastifyRequest, locale: Locale): Promise<Upload> {
  const fields: Record<string, string> = {};
  let file: StoredFile | undefined;
  let fileName = '';
  const maxBytes = deps.config.IMPORT_MAX_MB * 1024 * 1024;
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 10 } })) {
      if (part.type === 'file') {
        if (file) {
          part.file.resume();
          continue;
        }
        fileName = part.filename || 'upload';
        file = await deps.files.save('imports', part.file, deps.clock(), maxBytes);
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    if (file) await deps.files.remove(file.key);
    if (error instanceof FileTooLargeError || (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('IMPORT_FILE_TOO_LARGE', { max: deps.config.IMPORT_MAX_MB });
    }
    if ((error as { code?: string }).code === 'FST_INVALID_MULTIPART_CONTENT_TYPE')
      throw new AppError('IMPORT_FILE_MISSING');
    if (isMalformedMultipart(error)) throw new AppError('BAD_REQUEST');
    throw error;
  }
  if (!file || file.size === 0) {
    if (file) await deps.files.remove(file.key);
    throw new AppError('IMPORT_FILE_MISSING');
  }
  const format = await sniffFormat(deps.files.path(file.key));
  if (format !== 'xlsx' && format !== 'csv') {
    await deps.files.remove(file.key);
    const zh = locale === 'zh-CN';
    const reason =
      format === 'xls'
        ? zh
          ? '这是旧版 Excel 97-2003（.xls）文件，请在 Excel 或 WPS 中“另存为” .xlsx 后再导入'
          : 'this is an old Excel 97-2003 (.xls) file; save it as .xlsx and import that'
        : zh
          ? '只能导入 Excel（.xlsx）或 CSV 文件'
          : 'only Excel (.xlsx) and CSV files can be imported';
    throw new AppError('IMPORT_FILE_TYPE', { reason });
  }
  return { file, fileName, format, fields };
}

// ── header and mapping ─────────────────────────────────────────────────────

interface Head {
  headerRow: number;
  headers: string[];
  sample: SheetRow[];
}

/** The header row (under any title rows) and the first data rows, read without reading the rest. */
async function readHead(path: string, format: SheetFormat, sampleRows: number): Promise<Head> {
  const top: SheetRow[] = [];
  let head: Head | undefined;
  const sample = (r: SheetRow) => {
    if (head && r.row > head.headerRow && !isBlank(r) && head.sample.length < sampleRows) head.sample.push(r);
  };
  for await (const row of readRows(path, format)) {
    if (head) sample(row);
    else {
      top.push(row);
      if (top.length < HEADER_SEARCH_ROWS) continue;
      head = headFrom(top);
      top.forEach(sample);
    }
    if (head.sample.length >= sampleRows) break;
  }
  if (!head) {
    head = headFrom(top);
    top.forEach(sample);
  }
  return head;
}

function headFrom(top: SheetRow[]): Head {
  const index = detectHeaderRow(top.map((r) => r.cells.map((c) => text(c) ?? '')));
  const header = top[index];
  if (index < 0 || !header) throw new AppError('IMPORT_NO_HEADER');
  return { headerRow: header.row, headers: header.cells.map((c) => text(c) ?? ''), sample: [] };
}

/**
 * The mapping sent with the upload, as JSON: field → column index (0-based) or header text.
 * Fields not named keep their automatic mapping; a field mapped to null or -1 is left out.
 */
function mergeMapping(headers: string[], sent: string | undefined, locale: Locale): Mapping {
  const mapping: Mapping = autoMapping(headers);
  if (!sent) return mapping;
  const zh = locale === 'zh-CN';
  let parsed: unknown;
  try {
    parsed = JSON.parse(sent);
  } catch {
    throw new AppError('IMPORT_MAPPING_INVALID', { reason: zh ? '不是有效的 JSON' : 'not valid JSON' });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AppError('IMPORT_MAPPING_INVALID', {
      reason: zh ? '应为“字段: 列”的对象' : 'expected an object of field: column',
    });
  }
  for (const [field, column] of Object.entries(parsed as Record<string, unknown>)) {
    if (!(importFields as readonly string[]).includes(field)) {
      throw new AppError('IMPORT_MAPPING_INVALID', { reason: zh ? `未知字段 ${field}` : `unknown field ${field}` });
    }
    const f = field as ImportField;
    if (column === null || column === -1 || column === '') {
      delete mapping[f];
      continue;
    }
    const index = typeof column === 'number' ? column : headers.indexOf(String(column).trim());
    if (!Number.isInteger(index) || index < 0 || index >= headers.length) {
      throw new AppError('IMPORT_MAPPING_INVALID', {
        reason: zh
          ? `${fieldLabel(f, locale)} 对应的列“${String(column)}”不存在`
          : `column "${String(column)}" for ${field} does not exist`,
      });
    }
    mapping[f] = index;
  }
  return mapping;
}

function missingFields(mapping: Mapping): ImportField[] {
  return requiredFields.filter((f) => mapping[f] === undefined);
}

async function scopedProjects(deps: Deps, ctx: AuthedContext): Promise<ProjectRef[]> {
  return deps.db
    .select({
      id: project.id,
      name: project.name,
      code: project.code,
      companyId: project.companyId,
      companyPath: organization.path,
    })
    .from(project)
    .innerJoin(organization, eq(organization.id, project.companyId))
    .where(scopeByProject(ctx.actor.scope, project.id));
}

/** The project for rows that name none: the one chosen, or the only project the user has. */
async function defaultProject(deps: Deps, ctx: AuthedContext, mapping: Mapping, chosen: string | undefined) {
  const projects = await scopedProjects(deps, ctx);
  if (chosen) {
    if (!projects.some((p) => p.id === chosen)) throw new AppError('PROJECT_NOT_FOUND');
    return chosen;
  }
  const sheetHasProject = mapping.projectName !== undefined || mapping.projectCode !== undefined;
  if (sheetHasProject) return null;
  if (projects.length === 1) return projects[0]?.id ?? null;
  throw new AppError('IMPORT_PROJECT_REQUIRED');
}

export async function previewImport(deps: Deps, ctx: AuthedContext, upload: Upload): Promise<ImportPreviewDto> {
  try {
    const path = deps.files.path(upload.file.key);
    const head = await readHead(path, upload.format, PREVIEW_ROWS);
    const mapping = mergeMapping(head.headers, upload.fields.mapping, ctx.locale);
    const today = beijingDay(deps.clock());
    const projects = await scopedProjects(deps, ctx);
    const sheetHasProject = mapping.projectName !== undefined || mapping.projectCode !== undefined;
    const missing = missingFields(mapping);
    return {
      format: upload.format,
      headerRow: head.headerRow,
      headers: head.headers,
      mapping: mapping as Record<string, number>,
      missing,
      needsProject: !sheetHasProject && projects.length !== 1,
      sample: head.sample.map((r) => {
        const parsed = missing.length ? null : parseRow(r, mapping, ctx.locale, today);
        return {
          row: r.row,
          cells: head.headers.map((_, i) => text(r.cells[i] ?? null) ?? ''),
          problem: parsed && !parsed.ok ? parsed.reason : null,
        };
      }),
      fields: importFields.map((field) => ({
        field,
        label: fieldLabel(field, ctx.locale),
        required: requiredFields.includes(field),
      })),
    };
  } finally {
    await deps.files.remove(upload.file.key);
  }
}

// ── starting ───────────────────────────────────────────────────────────────

export async function createImport(deps: Deps, ctx: AuthedContext, upload: Upload): Promise<{ id: string }> {
  const zh = ctx.locale === 'zh-CN';
  try {
    const type = upload.fields.type ?? 'rooms-customers';
    if (type !== 'rooms-customers') {
      throw new AppError('IMPORT_MAPPING_INVALID', {
        reason: zh ? `不支持的导入类型 ${type}` : `unknown import type ${type}`,
      });
    }
    const mode = (upload.fields.mode ?? 'skip-bad-rows') as (typeof importModes)[number];
    if (!importModes.includes(mode)) {
      throw new AppError('IMPORT_MAPPING_INVALID', {
        reason: zh ? 'mode 只能是 skip-bad-rows 或 all-or-nothing' : 'mode must be skip-bad-rows or all-or-nothing',
      });
    }
    const head = await readHead(deps.files.path(upload.file.key), upload.format, 0);
    const mapping = mergeMapping(head.headers, upload.fields.mapping, ctx.locale);
    const missing = missingFields(mapping);
    if (missing.length) {
      throw new AppError('IMPORT_MAPPING_INVALID', {
        reason: `${missing.map((f) => fieldLabel(f, ctx.locale)).join(zh ? '、' : ', ')}${zh ? ' 没有对应的列' : ' not mapped to a column'}`,
      });
    }
    const projectId = upload.fields.projectId?.trim() || undefined;
    if (projectId && !/^[0-9a-f-]{36}$/i.test(projectId)) throw new AppError('PROJECT_NOT_FOUND');
    const defaultProjectId = await defaultProject(deps, ctx, mapping, projectId);
    const [user] = await deps.db
      .select({ orgPath: appUser.orgPath, companyId: appUser.companyId })
      .from(appUser)
      .where(eq(appUser.id, ctx.actor.id));
    const id = await write(deps, ctx, async (tx, audit) => {
      const [row] = await tx
        .insert(importJob)
        .values({
          type,
          mode,
          fileName: upload.fileName.slice(0, 255),
          fileKey: upload.file.key,
          fileSize: upload.file.size,
          fileSha256: upload.file.sha256,
          mapping: mapping as Record<string, number>,
          headerRow: head.headerRow,
          locale: ctx.locale,
          defaultProjectId,
          companyId: user?.companyId ?? null,
          orgPath: user?.orgPath ?? '/',
          createdBy: ctx.actor.id,
          createdByName: ctx.actor.name,
        })
        .returning({ id: importJob.id, orgPath: importJob.orgPath });
      if (!row) throw new Error('insert import returned nothing');
      audit.record({
        action: 'import.create',
        entityType: 'import',
        entityId: row.id,
        orgPath: row.orgPath,
        projectId: defaultProjectId,
        summary: `上传导入文件「${upload.fileName}」（${(upload.file.size / 1024).toFixed(1)} KB，${mode === 'all-or-nothing' ? '全部成功才导入' : '跳过错误行'}）`,
      });
      return row.id;
    });
    await deps.jobs.send(IMPORT_QUEUE, { importId: id });
    return { id };
  } catch (error) {
    await deps.files.remove(upload.file.key);
    throw error;
  }
}

// ── running (the background job) ───────────────────────────────────────────

type JobRow = typeof importJob.$inferSelect;

/** The importer as the job acts: their current grants, so a revoked right stops the import. */
async function importerContext(deps: Deps, job: JobRow): Promise<AuthedContext | null> {
  const [user] = await deps.db.select().from(appUser).where(eq(appUser.id, job.createdBy));
  if (!user?.active) return null;
  const grants = await loadGrants(deps.db, user.id);
  if (!grants.permissions.has('property.import')) return null;
  return {
    actor: {
      id: user.id,
      username: user.username,
      name: user.name,
      permissions: grants.permissions,
      scope: grants.scope,
      sessionId: '',
      mustChangePassword: false,
    },
    ip: '',
    requestId: `import:${job.id}`,
    locale: job.locale === 'en-US' ? 'en-US' : 'zh-CN',
  };
}

function transient(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code.startsWith('08') || code === '57P01' || code === 'ECONNREFUSED' || code === 'ECONNRESET';
}

/**
 * Runs an import. Safe to run again after a crash: rows already written are found and left as
 * they are, so only what is still missing is written, and the counts carry over.
 */
export async function runImport(deps: Deps, importId: string): Promise<void> {
  const [job] = await deps.db.select().from(importJob).where(eq(importJob.id, importId));
  if (!job || job.status === 'done' || job.status === 'failed') return;
  const zh = job.locale !== 'en-US';
  const fail = async (message: string) => {
    await deps.db
      .update(importJob)
      .set({ status: 'failed', phase: null, error: message, finishedAt: deps.clock() })
      .where(eq(importJob.id, importId));
  };
  const ctx = await importerContext(deps, job);
  if (!ctx)
    return fail(zh ? '导入人的账号已停用或已失去导入权限' : 'The importer is disabled or lost the right to import');
  const path = deps.files.path(job.fileKey);
  if (!(await deps.files.exists(job.fileKey))) return fail(zh ? '导入文件已不存在' : 'The uploaded file is gone');
  const format = await sniffFormat(path);
  if (format !== 'xlsx' && format !== 'csv') return fail(zh ? '无法读取导入文件' : 'The file cannot be read');

  await deps.db.delete(importRejection).where(eq(importRejection.importId, importId));
  await deps.db
    .update(importJob)
    .set({
      status: 'running',
      phase: job.mode === 'all-or-nothing' ? 'checking' : 'writing',
      totalRows: 0,
      startedAt: job.startedAt ?? deps.clock(),
      processedRows: 0,
      acceptedRows: 0,
      rejectedCount: 0,
      error: null,
    })
    .where(eq(importJob.id, importId));

  try {
    const headerRow = job.headerRow ?? 0;
    const dataRows = async function* (): AsyncGenerator<SheetRow> {
      for await (const r of readRows(path, format)) if (r.row > headerRow && !isBlank(r)) yield r;
    };
    // The total for the progress bar is counted on a worker thread while the rows are checked
    // and written here (reading a large workbook twice on this thread cost seconds before the
    // first row). If it cannot count, the reading below says why; the total is set at the end.
    const counting = countDataRowsAside({ path, format, headerRow }).then((total) =>
      deps.db.update(importJob).set({ totalRows: total }).where(eq(importJob.id, importId)),
    );
    counting.catch(() => {});

    const projects = new ProjectIndex(await scopedProjects(deps, ctx));
    const today = beijingDay(deps.clock());
    const pass = async (writeMode: boolean) => {
      const state = new ImportState();
      const seen = new Map<string, number>();
      const totals = { processed: 0, accepted: 0, rejected: 0, created: 0, updated: 0 };
      let batch: RowData[] = [];
      let cells = new Map<number, string[]>();
      let staticRejections: { row: number; reason: string }[] = [];
      const flush = async () => {
        const rows = batch;
        const rejections = staticRejections;
        const batchCells = cells;
        batch = [];
        staticRejections = [];
        cells = new Map();
        const options = {
          deps,
          write: writeMode,
          projects,
          defaultProjectId: job.defaultProjectId,
          locale: ctx.locale,
          today,
          seen,
          actorId: ctx.actor.id,
        };
        let outcome: Awaited<ReturnType<typeof applyBatch>>;
        if (writeMode) {
          outcome = await write(deps, ctx, async (tx, audit) => {
            const o = await applyBatch({ ...options, q: tx, state: new ImportState() }, rows);
            const first = rows[0]?.row ?? 0;
            const last = rows.at(-1)?.row ?? 0;
            audit.record({
              action: 'import.rows',
              entityType: 'import',
              entityId: importId,
              orgPath: job.orgPath,
              summary: `导入「${job.fileName}」第 ${first}–${last} 行：接受 ${o.accepted} 行，拒绝 ${o.rejected.length} 行，新建 ${o.created}、更新 ${o.updated} 条记录`,
              after: o.counts,
            });
            return o;
          });
        } else {
          outcome = await applyBatch({ ...options, q: deps.db, state }, rows);
        }
        const rejected = [...rejections, ...outcome.rejected].sort((a, b) => a.row - b.row);
        totals.processed += rows.length + rejections.length;
        totals.accepted += outcome.accepted;
        totals.rejected += rejected.length;
        totals.created += outcome.created;
        totals.updated += outcome.updated;
        if (rejected.length) {
          await deps.db
            .insert(importRejection)
            .values(
              rejected.map((r) => ({ importId, row: r.row, reason: r.reason, cells: batchCells.get(r.row) ?? [] })),
            );
        }
        await deps.db
          .update(importJob)
          .set({
            processedRows: totals.processed,
            acceptedRows: totals.accepted,
            rejectedCount: totals.rejected,
            ...(writeMode
              ? {
                  created: sql`${importJob.created} + ${outcome.created}`,
                  updated: sql`${importJob.updated} + ${outcome.updated}`,
                }
              : {}),
          })
          .where(eq(importJob.id, importId));
      };
      // The statistics the planner has of the tables an import fills are from before it (or
      // autovacuum's last minute): with a tenth of the rows it thinks are there, the batches'
      // lookups by ID hash and room code chose indexes that read a whole company's customers,
      // and each batch got slower (B7: 8 of 35 s in one lookup at 100 000 rows). They are
      // renewed each time the rows written double.
      let analyzedAt = ANALYZE_FIRST_AT;
      for await (const r of dataRows()) {
        if (writeMode && totals.created >= analyzedAt) {
          analyzedAt = totals.created * 2;
          await deps.db.execute(sql`analyze building, unit, room, customer, customer_phone, occupancy, move_in`);
        }
        const parsed = parseRow(r, job.mapping as Mapping, ctx.locale, today);
        cells.set(
          r.row,
          r.cells.map((c) => text(c) ?? ''),
        );
        if (parsed.ok) batch.push(parsed.data);
        else staticRejections.push({ row: parsed.row, reason: parsed.reason });
        if (batch.length + staticRejections.length >= BATCH_ROWS) await flush();
      }
      if (batch.length || staticRejections.length) await flush();
      return totals;
    };

    if (job.mode === 'all-or-nothing') {
      await deps.db.update(importJob).set({ phase: 'checking' }).where(eq(importJob.id, importId));
      const checked = await pass(false);
      if (checked.rejected > 0) {
        await deps.db.update(importJob).set({ acceptedRows: 0 }).where(eq(importJob.id, importId));
        return fail(
          zh
            ? `有 ${checked.rejected} 行有误；按“全部成功才导入”，未导入任何数据。请修正后重新导入`
            : `${checked.rejected} rows have errors; in all-or-nothing mode nothing was imported. Correct them and import again`,
        );
      }
      await deps.db.delete(importRejection).where(eq(importRejection.importId, importId));
    }
    await deps.db.update(importJob).set({ phase: 'writing', processedRows: 0 }).where(eq(importJob.id, importId));
    const written = await pass(true);
    await counting.catch(() => {});
    await deps.db
      .update(importJob)
      .set({ status: 'done', phase: null, totalRows: written.processed, finishedAt: deps.clock() })
      .where(eq(importJob.id, importId));
  } catch (error) {
    if (transient(error)) throw error;
    await fail(
      zh
        ? '导入中断：读取文件或写入数据时出错，请检查文件后重试'
        : 'The import stopped on an error reading the file or writing the data',
    );
    throw error;
  }
}

// ── reading ────────────────────────────────────────────────────────────────

function visible(ctx: AuthedContext) {
  const inScope = scopeRows(ctx.actor.scope, { path: importJob.orgPath });
  return inScope ? or(eq(importJob.createdBy, ctx.actor.id), inScope) : undefined;
}

async function jobRow(deps: Deps, ctx: AuthedContext, id: string): Promise<JobRow> {
  const [row] = await deps.db
    .select()
    .from(importJob)
    .where(and(eq(importJob.id, id), visible(ctx)));
  if (!row) throw new AppError('IMPORT_NOT_FOUND');
  return row;
}

function present(row: JobRow, rejectedRows: { row: number; reason: string }[]): ImportDto {
  return {
    id: row.id,
    type: row.type,
    mode: row.mode,
    status: row.status,
    phase: row.phase,
    fileName: row.fileName,
    fileSize: row.fileSize,
    headerRow: row.headerRow,
    mapping: row.mapping,
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    acceptedRows: row.acceptedRows,
    rejectedCount: row.rejectedCount,
    rejectedRows,
    created: row.created,
    updated: row.updated,
    error: row.error,
    projectId: row.defaultProjectId,
    createdByName: row.createdByName,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export async function getImport(deps: Deps, ctx: AuthedContext, id: string): Promise<ImportDto> {
  const row = await jobRow(deps, ctx, id);
  const rejections = await deps.db
    .select({ row: importRejection.row, reason: importRejection.reason })
    .from(importRejection)
    .where(eq(importRejection.importId, id))
    .orderBy(asc(importRejection.row))
    .limit(LISTED_REJECTIONS);
  return present(row, rejections);
}

export async function listImports(deps: Deps, ctx: AuthedContext, q: { current: number; pageSize: number }) {
  const where = visible(ctx);
  const [rows, [total]] = await Promise.all([
    deps.db
      .select()
      .from(importJob)
      .where(where)
      .orderBy(desc(importJob.createdAt))
      .limit(q.pageSize)
      .offset((q.current - 1) * q.pageSize),
    deps.db.select({ n: count() }).from(importJob).where(where),
  ]);
  return { data: rows.map((r) => present(r, [])), total: total?.n ?? 0, current: q.current, pageSize: q.pageSize };
}

/** The rejected rows as they were in the file, with a reason column, to correct and import again. */
export async function rejectionsWorkbook(deps: Deps, ctx: AuthedContext, id: string) {
  const job = await jobRow(deps, ctx, id);
  const rows = await deps.db
    .select()
    .from(importRejection)
    .where(eq(importRejection.importId, id))
    .orderBy(asc(importRejection.row));
  const width = Math.max(0, ...rows.map((r) => r.cells.length));
  const headerFields = Object.entries(job.mapping).sort((a, b) => a[1] - b[1]);
  const headerOf = (i: number) => {
    const field = headerFields.find(([, index]) => index === i)?.[0] as ImportField | undefined;
    return field
      ? fieldLabel(field, ctx.locale)
      : `${ctx.locale === 'zh-CN' ? '第' : 'Column '}${i + 1}${ctx.locale === 'zh-CN' ? '列' : ''}`;
  };
  const zh = ctx.locale === 'zh-CN';
  const columns: ExcelColumn<(typeof rows)[number]>[] = [
    { header: zh ? '原行号' : 'Row', width: 8, value: (r) => r.row },
    { header: zh ? '错误原因' : 'Reason', width: 48, value: (r) => r.reason },
    ...Array.from({ length: width }, (_, i) => ({
      header: headerOf(i),
      value: (r: (typeof rows)[number]) => r.cells[i] ?? '',
    })),
  ];
  const data = await buildWorkbook(zh ? '被拒绝的行' : 'Rejected rows', columns, rows);
  const base = job.fileName.replace(/\.[^.]+$/, '');
  return { data, fileName: `${base}-${zh ? '错误行' : 'rejected'}.xlsx`, job, count: rows.length };
}

/** An empty workbook with the usual Chinese column names, to fill in. */
export async function templateWorkbook(locale: Locale) {
  const fields: ImportField[] = [
    'projectName',
    'building',
    'unit',
    'floor',
    'roomNumber',
    'roomType',
    'grossArea',
    'netArea',
    'layout',
    'orientation',
    'customerName',
    'customerKind',
    'idType',
    'idNumber',
    'mobile',
    'gender',
    'role',
    'moveInDate',
    'contractNo',
    'handoverLetterNo',
  ];
  const columns: ExcelColumn<Record<string, string>>[] = fields.map((f) => ({
    header: fieldLabel(f, 'zh-CN'),
    value: (r) => r[f],
  }));
  const example: Record<string, string> = {
    projectName: '邻里花园',
    building: '9栋',
    unit: '1单元',
    floor: '12',
    roomNumber: '1201',
    roomType: '住宅',
    grossArea: '89.50',
    netArea: '72.30',
    layout: '三室两厅',
    orientation: '南北',
    customerName: '张三',
    customerKind: '个人',
    idType: '居民身份证',
    idNumber: '',
    mobile: '13800138000',
    gender: '男',
    role: '业主',
    moveInDate: '2024-03-05',
    contractNo: 'HT-2023-0001',
    handoverLetterNo: 'SL-2024-0001',
  };
  return buildWorkbook(locale === 'zh-CN' ? '房间与客户' : 'Rooms and customers', columns, [example]);
}
