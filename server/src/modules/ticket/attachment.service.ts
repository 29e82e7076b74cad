// Photos and videos of a ticket's progress (QUALITY.md 14): the type by magic bytes, size limits
// per kind, no EICAR test string, no polyglot (markup or an archive riding along with an image),
// no path in the name; photos re-encoded without their metadata (GPS), kept upright.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fileTypeFromFile } from 'file-type';
import sharp from 'sharp';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { FileTooLargeError, isMalformedMultipart, type StoredFile } from '../../platform/files.js';
import type { Locale } from '../../platform/locale.js';
import { ticketRow } from './ticket.repository.js';
import type { AttachmentDto } from './ticket.schema.js';
import { attachmentUrl } from './ticket.service.js';
import { finalStates } from './ticket.states.js';
import { ticketAttachment } from './ticket.table.js';
import { auditTicket } from './ticket.workflow.js';

export const IMAGE_MAX_MB = 10;
export const VIDEO_MAX_MB = 50;
const MB = 1024 * 1024;

/** What the desk accepts, by the type the bytes say (the name and the declared type are not asked). */
const accepted: Record<string, { kind: 'image' | 'video'; format?: 'jpeg' | 'png' | 'webp' }> = {
  'image/jpeg': { kind: 'image', format: 'jpeg' },
  'image/png': { kind: 'image', format: 'png' },
  'image/webp': { kind: 'image', format: 'webp' },
  'video/mp4': { kind: 'video' },
  'video/quicktime': { kind: 'video' },
};

const EICAR = Buffer.from('EICAR-STANDARD-ANTIVIRUS-TEST-FILE');
/** Markup a browser would run, and other file formats' signatures, that have no place in a photo. */
const MARKUP = [/<script/i, /<\?php/i, /<html/i, /<svg/i, /<iframe/i, /javascript:/i];
const PDF = Buffer.from('%PDF-');
const ZIP_LOCAL = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const ZIP_END = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

function reasonText(locale: Locale, key: keyof typeof reasons): string {
  return reasons[key][locale];
}
const reasons = {
  missing: { 'zh-CN': '没有收到文件', 'en-US': 'no file was received' },
  type: {
    'zh-CN': '只能上传 JPEG、PNG、WebP 照片或 MP4、MOV 视频',
    'en-US': 'only JPEG, PNG and WebP photos or MP4 and MOV videos are accepted',
  },
  eicar: { 'zh-CN': '文件含病毒特征', 'en-US': 'the file carries a virus signature' },
  polyglot: {
    'zh-CN': '文件中夹带了网页脚本或其他格式的内容',
    'en-US': 'the file carries script or another format inside it',
  },
  name: { 'zh-CN': '文件名不能包含路径', 'en-US': 'the file name must not contain a path' },
  image: { 'zh-CN': '图片已损坏，无法读取', 'en-US': 'the image is damaged and cannot be read' },
} as const;

function invalid(locale: Locale, key: keyof typeof reasons): AppError {
  const reason = reasonText(locale, key);
  return new AppError(
    'TICKET_ATTACHMENT_INVALID',
    { reason },
    { errors: [{ field: 'file', in: 'body', message: reason }] },
  );
}

/**
 * The name as shown and offered for download: no directory parts (a name with "..", a slash or a
 * backslash is refused outright), no control characters, at most 120 characters.
 */
export function cleanFileName(locale: Locale, raw: string): string {
  const name = raw.normalize('NFC').trim();
  if (/(^|[\\/])\.\.([\\/]|$)|[\\/]|\0/.test(name) || name === '..') throw invalid(locale, 'name');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const cleaned = name.replace(/[\u0000-\u001f\u007f]/g, '').replace(/^\.+/, '');
  return Array.from(cleaned || 'file')
    .slice(-120)
    .join('');
}

/** Whether a buffer holds a needle (for the EICAR and format signatures). */
const has = (data: Buffer, needle: Buffer) => data.indexOf(needle) >= 0;

/** Scans a stored file in chunks (videos may be 50 MB) for the EICAR string and page markup. */
async function scanStream(path: string): Promise<'eicar' | 'polyglot' | null> {
  let tail = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    const window = Buffer.concat([tail, chunk as Buffer]);
    if (has(window, EICAR)) return 'eicar';
    const text = window.toString('latin1');
    if (MARKUP.some((m) => m.test(text))) return 'polyglot';
    tail = window.subarray(Math.max(0, window.length - 64));
  }
  return null;
}

/** A photo that is also a script, a PDF or a ZIP (appended after the image's end) is refused. */
function polyglotImage(data: Buffer): boolean {
  if (has(data, PDF)) return true;
  const text = data.toString('latin1');
  if (MARKUP.some((m) => m.test(text))) return true;
  // A ZIP is read from its end record: one near the end of a "photo" makes it an archive too.
  const tail = data.subarray(Math.max(0, data.length - 66_000));
  return has(tail, ZIP_END) || (has(data, ZIP_LOCAL) && has(tail, ZIP_END));
}

interface Received {
  file: StoredFile;
  fileName: string;
}

async function receive(deps: Deps, request: FastifyRequest, locale: Locale): Promise<Received> {
  const max = VIDEO_MAX_MB * MB;
  let file: StoredFile | undefined;
  let fileName = '';
  try {
    for await (const part of request.parts({ limits: { fileSize: max, files: 1, fields: 5 } })) {
      if (part.type !== 'file') continue;
      if (file) {
        part.file.resume();
        continue;
      }
      fileName = cleanFileName(locale, part.filename || 'file');
      file = await deps.files.save('tickets', part.file, deps.clock(), max);
    }
  } catch (error) {
    if (file) await deps.files.remove(file.key);
    if (error instanceof FileTooLargeError || (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('TICKET_ATTACHMENT_TOO_LARGE', { imageMb: IMAGE_MAX_MB, videoMb: VIDEO_MAX_MB });
    }
    if ((error as { code?: string }).code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw invalid(locale, 'missing');
    if (isMalformedMultipart(error)) throw new AppError('BAD_REQUEST');
    throw error;
  }
  if (!file || file.size === 0) {
    if (file) await deps.files.remove(file.key);
    throw invalid(locale, 'missing');
  }
  return { file, fileName };
}

/** Re-encodes a photo in its own format: turned upright by its orientation, every metadata block (EXIF with GPS, XMP) dropped. */
async function cleanImage(data: Buffer, format: 'jpeg' | 'png' | 'webp'): Promise<Buffer> {
  const image = sharp(data, { failOn: 'error' }).autoOrient().keepIccProfile();
  if (format === 'jpeg') return image.jpeg({ quality: 90, mozjpeg: true }).toBuffer();
  if (format === 'png') return image.png().toBuffer();
  return image.webp({ quality: 90 }).toBuffer();
}

export async function uploadAttachment(
  deps: Deps,
  ctx: AuthedContext,
  ticketId: string,
  request: FastifyRequest,
): Promise<AttachmentDto> {
  const row = await ticketRow(deps.db, ctx, ticketId);
  if (finalStates.includes(row.state)) {
    throw new AppError('TICKET_ATTACHMENT_INVALID', {
      reason: ctx.locale === 'zh-CN' ? '工单已完结' : 'the ticket is finished',
    });
  }
  const { file, fileName } = await receive(deps, request, ctx.locale);
  let stored = file;
  try {
    const type = await fileTypeFromFile(deps.files.path(file.key));
    const spec = type ? accepted[type.mime] : undefined;
    if (!type || !spec) throw invalid(ctx.locale, 'type');
    if (spec.kind === 'image') {
      if (file.size > IMAGE_MAX_MB * MB) {
        throw new AppError('TICKET_ATTACHMENT_TOO_LARGE', { imageMb: IMAGE_MAX_MB, videoMb: VIDEO_MAX_MB });
      }
      const data = await readFile(deps.files.path(file.key));
      if (has(data, EICAR)) throw invalid(ctx.locale, 'eicar');
      if (polyglotImage(data)) throw invalid(ctx.locale, 'polyglot');
      const clean = await cleanImage(data, spec.format as 'jpeg' | 'png' | 'webp').catch(() => {
        throw invalid(ctx.locale, 'image');
      });
      stored = await deps.files.save('tickets', Readable.from(clean), deps.clock(), IMAGE_MAX_MB * MB);
      await deps.files.remove(file.key);
    } else {
      const found = await scanStream(deps.files.path(file.key));
      if (found) throw invalid(ctx.locale, found);
    }
    const now = deps.clock();
    const saved = stored;
    const [created] = await write(deps, ctx, async (tx, audit) => {
      const rows = await tx
        .insert(ticketAttachment)
        .values({
          ticketId: row.id,
          kind: spec.kind,
          fileKey: saved.key,
          fileName,
          mime: type.mime,
          size: saved.size,
          uploadedBy: ctx.actor.id,
          createdAt: now,
        })
        .returning();
      auditTicket(audit, row, 'attachment', `上传附件「${fileName}」`);
      return rows;
    });
    if (!created) throw new Error('insert attachment returned nothing');
    return {
      id: created.id,
      kind: created.kind,
      fileName: created.fileName,
      size: created.size,
      mime: created.mime,
      url: attachmentUrl(row.id, created.id),
    };
  } catch (error) {
    await deps.files.remove(file.key).catch(() => {});
    if (stored !== file) await deps.files.remove(stored.key).catch(() => {});
    throw error;
  }
}

/**
 * Serves an attachment to whoever may read the ticket: a photo inline (its stored type, never
 * sniffed), anything else as a download.
 */
export async function serveAttachment(
  deps: Deps,
  ctx: AuthedContext,
  ticketId: string,
  attachmentId: string,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const row = await ticketRow(deps.db, ctx, ticketId);
  const [a] = await deps.db
    .select()
    .from(ticketAttachment)
    .where(and(eq(ticketAttachment.id, attachmentId), eq(ticketAttachment.ticketId, row.id)));
  if (!a || !(await deps.files.exists(a.fileKey))) throw new AppError('TICKET_ATTACHMENT_NOT_FOUND');
  const disposition = a.kind === 'image' ? 'inline' : 'attachment';
  return reply
    .header('content-type', a.mime)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, max-age=3600')
    .header(
      'content-disposition',
      `${disposition}; filename="${a.kind === 'image' ? 'photo' : 'video'}"; filename*=UTF-8''${encodeURIComponent(a.fileName)}`,
    )
    .send(deps.files.open(a.fileKey));
}
