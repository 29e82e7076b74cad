import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { count, eq, sql } from 'drizzle-orm';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { receptionRecord, ticket, ticketAttachment } from '../src/modules/ticket/ticket.table.js';
import { FileStore } from '../src/platform/files.js';
import type { ZodApp } from '../src/platform/routes.js';
import { createTestApp, expectChineseProblem, json, MINUTE, type TestApp } from '../test/harness.js';
import { catalogueItem, deliveredRoom, projectId, type TicketSummary, ticketApi } from '../test/ticket-fixtures.js';

/**
 * QUALITY.md 29: with the disk full, writes fail with a clear error, reads continue, and writes
 * work again once there is room, without a restart. The file store's disk is filled by fault
 * injection (a store whose writes fail with ENOSPC midway) and, where this machine lets root
 * mount one, for real on a tiny tmpfs; the database's by a trigger raising SQLSTATE 53100.
 */

const ENOSPC = () =>
  Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });

/** A file store on a "disk" with `room` bytes left: a write that does not fit fails midway. */
class FillingStore extends FileStore {
  room = Number.POSITIVE_INFINITY;
  /** Files that had part of their bytes on disk when the write failed. */
  readonly partial: string[] = [];

  protected override createWriter(path: string): Writable {
    const file = super.createWriter(path);
    const store = this;
    return new Writable({
      write(chunk: Buffer, _encoding, done) {
        if (chunk.length <= store.room) {
          store.room -= chunk.length;
          file.write(chunk, done);
          return;
        }
        const fits = chunk.subarray(0, store.room);
        store.room = 0;
        file.write(fits, () => {
          if (statSync(path).size > 0) store.partial.push(path);
          done(ENOSPC());
        });
      },
      final(done) {
        file.end(done);
      },
      destroy(error, done) {
        file.destroy();
        done(error);
      },
    });
  }
}

/** Every regular file under a directory. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** A photo of noise, a few hundred kilobytes however it is compressed. */
async function noisePhoto(side = 600): Promise<Buffer> {
  return sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
    .jpeg({ quality: 95 })
    .toBuffer();
}

async function multipart(data: Buffer, name: string, type: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)], { type }), name);
  const encoded = new Response(form);
  return {
    headers: { 'content-type': encoded.headers.get('content-type') as string },
    payload: Buffer.from(await encoded.arrayBuffer()),
  };
}

/** app.inject on another app of the test database, with the session cookie as a shorthand. */
function send(
  app: ZodApp,
  { cookie, headers, ...rest }: InjectOptions & { cookie: string },
): Promise<LightMyRequestResponse> {
  return app.inject({ ...rest, headers: { ...headers, cookie } });
}

function expectStorageFull(response: LightMyRequestResponse): void {
  const problem = expectChineseProblem(response, 507, 'STORAGE_FULL');
  expect(problem.detail).toContain('存储空间不足');
  // It does not pass by itself: no Retry-After inviting clients to hammer the server.
  expect(response.headers['retry-after']).toBeUndefined();
}

let t: TestApp;
let kefu: string;
let admin: string;
let supervisor: string;

/** A reception with one repair, as the agent enters it. */
async function receptionPayload(content: string) {
  return {
    projectId: await projectId(t, 'SH-LLHY'),
    channel: 'phone',
    roomId: (await deliveredRoom(t, 'SH-LLHY', '2')).id,
    content,
    tickets: [{ type: 'repair', catalogueItemId: await catalogueItem(t, '管道漏水') }],
  };
}

async function tableCount(table: typeof ticket | typeof receptionRecord | typeof ticketAttachment): Promise<number> {
  const [row] = await t.deps.db.select({ n: count() }).from(table);
  return row?.n ?? 0;
}

beforeAll(async () => {
  t = await createTestApp();
  [kefu, admin, supervisor] = await Promise.all([t.login('kefu'), t.login('admin'), t.login('supervisor')]);
});

afterAll(async () => {
  await t?.close();
});

describe('the file store runs out of space (fault injection)', () => {
  let dir: string;
  let store: FillingStore;
  let app: ZodApp;
  let ticketId: string;
  let earlier: { id: string; bytes: Buffer };

  const upload = async (data: Buffer) => {
    const { headers, payload } = await multipart(data, '现场照片.jpg', 'image/jpeg');
    return send(app, {
      method: 'POST',
      url: `/api/tickets/${ticketId}/attachments`,
      cookie: kefu,
      headers,
      payload,
    });
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linli-disk-full-'));
    store = new FillingStore(dir);
    app = await buildApp({ ...t.deps, files: store }, { logger: false });
    await app.ready();
    const created = await ticketApi(t).reception(kefu, await receptionPayload('卫生间地漏返水'));
    ticketId = (created.tickets[0] as TicketSummary).id;
    // A photo stored while there was room, read back later while the disk is full.
    const first = await upload(await noisePhoto(64));
    expect(first.statusCode, first.body).toBe(201);
    const id = json<{ id: string }>(first).id;
    const served = await send(app, { method: 'GET', url: `/api/tickets/${ticketId}/attachments/${id}`, cookie: kefu });
    expect(served.statusCode).toBe(200);
    earlier = { id, bytes: served.rawPayload };
  });

  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a photo with STORAGE_FULL, leaving no partial file and no row; reads go on; room back, it is saved', async () => {
    const photo = await noisePhoto();
    expect(photo.length).toBeGreaterThan(200_000);
    const filesBefore = filesUnder(dir);
    const attachmentsBefore = await tableCount(ticketAttachment);
    store.room = 64 * 1024;

    const refused = await upload(photo);
    expectStorageFull(refused);
    // The write failed midway: part of the photo was on disk, and is gone again.
    expect(store.partial.length).toBeGreaterThan(0);
    for (const path of store.partial) expect(existsSync(path), path).toBe(false);
    expect(filesUnder(dir).sort()).toEqual(filesBefore.sort());
    expect(await tableCount(ticketAttachment)).toBe(attachmentsBefore);
    expect(await t.auditEntries(refused)).toEqual([]);

    // Reads go on: the ticket, and the photo stored before the disk filled.
    const detail = await send(app, { method: 'GET', url: `/api/tickets/${ticketId}`, cookie: kefu });
    expect(detail.statusCode, detail.body).toBe(200);
    const served = await send(app, {
      method: 'GET',
      url: `/api/tickets/${ticketId}/attachments/${earlier.id}`,
      cookie: kefu,
    });
    expect(served.statusCode).toBe(200);
    expect(Buffer.compare(served.rawPayload, earlier.bytes)).toBe(0);

    // Space is freed: the same upload on the same running server is stored.
    store.room = Number.POSITIVE_INFINITY;
    const saved = await upload(photo);
    expect(saved.statusCode, saved.body).toBe(201);
    expect(await tableCount(ticketAttachment)).toBe(attachmentsBefore + 1);
    expect(filesUnder(dir)).toHaveLength(filesBefore.length + 1);
    const id = json<{ id: string }>(saved).id;
    const back = await send(app, { method: 'GET', url: `/api/tickets/${ticketId}/attachments/${id}`, cookie: kefu });
    expect(back.statusCode).toBe(200);
    expect(back.headers['content-type']).toBe('image/jpeg');
  });

  it('refuses an import file with STORAGE_FULL and keeps no part of it; room back, it is read', async () => {
    const rows = ['项目名称,楼栋,单元,楼层,房号,建筑面积'];
    for (let i = 0; i < 4000; i++) rows.push(`邻里花园,9,1,${(i % 30) + 1},${1000 + i},89.5`);
    const csv = Buffer.from(rows.join('\n'), 'utf8');
    expect(csv.length).toBeGreaterThan(100_000);
    const preview = async () =>
      send(app, {
        method: 'POST',
        url: '/api/imports/preview',
        cookie: admin,
        ...(await multipart(csv, '9栋.csv', 'text/csv')),
      });
    const filesBefore = filesUnder(dir);
    store.room = 32 * 1024;
    store.partial.length = 0;

    expectStorageFull(await preview());
    expect(store.partial.length).toBeGreaterThan(0);
    expect(filesUnder(dir).sort()).toEqual(filesBefore.sort());

    store.room = Number.POSITIVE_INFINITY;
    const read = await preview();
    expect(read.statusCode, read.body).toBe(200);
    expect(json<{ sample: unknown[] }>(read).sample.length).toBeGreaterThan(0);
  });
});

describe('the database runs out of space (SQLSTATE 53100 by a trigger)', () => {
  const fail = (table: string, event: 'INSERT' | 'UPDATE') =>
    sql.raw(`
      CREATE OR REPLACE FUNCTION linli_test_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'simulated: could not extend file' USING ERRCODE = 'disk_full';
      END $$;
      CREATE TRIGGER linli_test_disk_full BEFORE ${event} ON ${table}
        FOR EACH ROW EXECUTE FUNCTION linli_test_disk_full();`);
  const recover = (table: string) => sql.raw(`DROP TRIGGER linli_test_disk_full ON ${table}`);

  it('refuses a create with STORAGE_FULL and rolls it back whole; reads go on; the retry succeeds without a restart', async () => {
    const api = ticketApi(t);
    const payload = await receptionPayload('厨房水管接头漏水，楼下渗水');
    const receptionsBefore = await tableCount(receptionRecord);
    const ticketsBefore = await tableCount(ticket);
    const key = { 'idempotency-key': `disk-full-${randomBytes(4).toString('hex')}` };

    await t.deps.db.execute(fail('ticket', 'INSERT'));
    try {
      const refused = await api.post(kefu, '/api/receptions', payload, key);
      expectStorageFull(refused);
      // The reception row was written before the ticket in the same transaction: gone with it.
      expect(await tableCount(receptionRecord)).toBe(receptionsBefore);
      expect(await tableCount(ticket)).toBe(ticketsBefore);
      expect(await t.auditEntries(refused)).toEqual([]);

      // Reads go on.
      const list = await api.get(kefu, '/api/tickets?current=1&pageSize=20');
      expect(list.statusCode, list.body).toBe(200);
      expect(json<{ total: number }>(list).total).toBeGreaterThan(0);
    } finally {
      await t.deps.db.execute(recover('ticket'));
    }

    // Space is back: the client's retry with the same key is created once, by the same server.
    const created = await api.post(kefu, '/api/receptions', payload, key);
    expect(created.statusCode, created.body).toBe(201);
    expect(await tableCount(receptionRecord)).toBe(receptionsBefore + 1);
    expect(await tableCount(ticket)).toBe(ticketsBefore + 1);
    const replayed = await api.post(kefu, '/api/receptions', payload, key);
    expect(replayed.statusCode).toBe(201);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(await tableCount(ticket)).toBe(ticketsBefore + 1);
  });

  it('keeps reads going when even the session touch cannot be written', async () => {
    const api = ticketApi(t);
    const [somebody] = await t.deps.db.select({ id: ticket.id }).from(ticket).limit(1);
    if (!somebody) throw new Error('no ticket to read');
    // Past the minute after which a request moves the session's idle timer (an UPDATE).
    t.clock.advance(2 * MINUTE);
    await t.deps.db.execute(fail('user_session', 'UPDATE'));
    try {
      const detail = await api.get(supervisor, `/api/tickets/${somebody.id}`);
      expect(detail.statusCode, detail.body).toBe(200);
      // A write in the meantime is refused clearly.
      expectStorageFull(await api.post(supervisor, '/api/auth/logout'));
    } finally {
      await t.deps.db.execute(recover('user_session'));
    }
    const after = await api.get(supervisor, `/api/tickets/${somebody.id}`);
    expect(after.statusCode).toBe(200);
  });
});

// ── a real full disk: a tiny tmpfs, where root may mount one ──────────────

function mountTmpfs(dir: string): void {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'pipe' });
}

function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'pipe' });
  } catch {
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
  }
}

/** Why a tmpfs cannot be mounted here (tried once, and unmounted at once), or null. */
function tmpfsUnavailable(): string | null {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not running as root, cannot mount a tmpfs';
  const dir = mkdtempSync(join(tmpdir(), 'linli-tmpfs-'));
  try {
    mountTmpfs(dir);
    unmount(dir);
    return null;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return `mount -t tmpfs refused: ${stderr || (error as Error).message}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const noTmpfs = tmpfsUnavailable();
if (noTmpfs) console.log(`[disk-full] real tmpfs test skipped: ${noTmpfs}`);

describe.skipIf(noTmpfs !== null)('the file store on a real 2 MB tmpfs', () => {
  let dir = '';
  let filler: string;
  let app: ZodApp;
  let ticketId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linli-tmpfs-'));
    mountTmpfs(dir);
    filler = join(dir, 'filler');
    mkdirSync(join(dir, 'store'));
    app = await buildApp({ ...t.deps, files: new FileStore(join(dir, 'store')) }, { logger: false });
    await app.ready();
    const created = await ticketApi(t).reception(kefu, await receptionPayload('阳台玻璃破裂'));
    ticketId = (created.tickets[0] as TicketSummary).id;
  });

  afterAll(async () => {
    await app?.close();
    if (!dir) return;
    unmount(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an upload that does not fit, keeps nothing of it, and stores it once the filler is removed', async () => {
    // All but ~100 KB of the tmpfs taken by another file.
    const free = () => Number(execFileSync('df', ['--output=avail', '-B1', dir]).toString().split('\n')[1]);
    writeFileSync(filler, Buffer.alloc(Math.max(0, free() - 100 * 1024)));
    expect(free()).toBeLessThan(200 * 1024);
    const photo = await noisePhoto();
    expect(photo.length).toBeGreaterThan(250 * 1024);
    const uploadPhoto = async () =>
      send(app, {
        method: 'POST',
        url: `/api/tickets/${ticketId}/attachments`,
        cookie: kefu,
        ...(await multipart(photo, '破裂.jpg', 'image/jpeg')),
      });
    const attachmentsBefore = await tableCount(ticketAttachment);

    expectStorageFull(await uploadPhoto());
    expect(filesUnder(join(dir, 'store'))).toEqual([]);
    expect(await tableCount(ticketAttachment)).toBe(attachmentsBefore);
    const detail = await send(app, { method: 'GET', url: `/api/tickets/${ticketId}`, cookie: kefu });
    expect(detail.statusCode).toBe(200);

    rmSync(filler);
    const saved = await uploadPhoto();
    expect(saved.statusCode, saved.body).toBe(201);
    expect(filesUnder(join(dir, 'store'))).toHaveLength(1);
    expect(await tableCount(ticketAttachment)).toBe(attachmentsBefore + 1);
    const [row] = await t.deps.db
      .select()
      .from(ticketAttachment)
      .where(eq(ticketAttachment.id, json<{ id: string }>(saved).id));
    expect(row?.fileName).toBe('破裂.jpg');
  });
});
