import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanFileName } from '../src/modules/ticket/attachment.service.js';
import { engineForTicket } from '../src/modules/ticket/ticket.sla.js';
import { canTransition, type TicketAction, type TicketState } from '../src/modules/ticket/ticket.states.js';
import { ticket } from '../src/modules/ticket/ticket.table.js';
import {
  createTestApp,
  DAY,
  expectChineseProblem,
  expectInvalid,
  expectProblem,
  HOUR,
  json,
  type Page,
  type TestApp,
} from './harness.js';
import {
  catalogueItem,
  deliveredRoom,
  expectStatus,
  projectId,
  type TicketSummary,
  ticketApi,
  userId,
} from './ticket-fixtures.js';

let t: TestApp;
let api: ReturnType<typeof ticketApi>;
let kefu: string;
let handler: string;
let supervisor: string;
let llhy: string;
let handlerId: string;
let supervisorId: string;

beforeAll(async () => {
  t = await createTestApp();
  api = ticketApi(t);
  [kefu, handler, supervisor] = await Promise.all([t.login('kefu'), t.login('handler'), t.login('supervisor')]);
  llhy = await projectId(t, 'SH-LLHY');
  handlerId = await userId(t, 'handler');
  supervisorId = await userId(t, 'supervisor');
  // 邻里花园 repairs go to 李建国 (the demo's rule, made here through the API).
  expectStatus(
    await api.post(supervisor, '/api/routing-rules', {
      name: '邻里花园报修',
      priority: 10,
      projectIds: [llhy],
      ticketTypes: ['repair'],
      targetKind: 'user',
      targetUserId: handlerId,
    }),
    201,
  );
});

afterAll(async () => {
  await t?.close();
});

/** Moves the clock; sessions idle longer than 30 minutes expire, so everyone logs in again. */
async function advance(ms: number): Promise<void> {
  t.clock.advance(ms);
  [kefu, handler, supervisor] = await Promise.all([t.login('kefu'), t.login('handler'), t.login('supervisor')]);
}

/** A small JPEG as a phone takes it: with GPS coordinates in its EXIF. */
async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 16, height: 12, channels: 3, background: '#3a7' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'Phone', Model: 'Camera' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 14/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '121/1 28/1 0/1' },
    })
    .toBuffer();
}

/** Whether a JPEG's EXIF points to a GPS block (tag 0x8825, little-endian as libvips writes it). */
async function hasGps(data: Buffer): Promise<boolean> {
  const meta = await sharp(data).metadata();
  if (!meta.exif) return false;
  return meta.exif.indexOf(Buffer.from([0x25, 0x88])) >= 0 || meta.exif.indexOf(Buffer.from([0x88, 0x25])) >= 0;
}

async function upload(cookie: string, ticketId: string, data: Buffer, name: string, type = 'image/jpeg') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)], { type }), name);
  const encoded = new Response(form);
  return t.inject({
    method: 'POST',
    url: `/api/tickets/${ticketId}/attachments`,
    cookie,
    headers: { 'content-type': encoded.headers.get('content-type') as string },
    payload: Buffer.from(await encoded.arrayBuffer()),
  });
}

/** A repair of 邻里花园 dispatched by the rule to 李建国. */
async function repair(content = '厨房水管接头漏水'): Promise<TicketSummary> {
  const r = await deliveredRoom(t, 'SH-LLHY', '2');
  const created = await api.reception(kefu, {
    projectId: llhy,
    channel: 'phone',
    roomId: r.id,
    content,
    tickets: [{ type: 'repair', catalogueItemId: await catalogueItem(t, '管道漏水') }],
  });
  return created.tickets[0] as TicketSummary;
}

describe('a repair from the call to closing', () => {
  it('goes through dispatch, work with a photo, a pause, resolution, an unsatisfied visit and a second round', async () => {
    const start = t.clock.now; // Tue 2026-11-24 09:30 Beijing
    const created = await repair();
    expect(created).toMatchObject({ state: 'dispatched', handlerUserId: handlerId, dispatchMethod: 'rule' });
    expect(created.handlerName).toBe('李建国');

    // The handler accepts: the response clock stops.
    await advance(20 * 60_000);
    let d = await api.act(handler, created.id, 'accept');
    expect(d.state).toBe('accepted');
    expect(d.clock.acceptedAt).toBe(t.clock.now.toISOString());
    expect(d.actions).toEqual(expect.arrayContaining(['progress', 'pause', 'resolve', 'reassign']));

    // A photo with GPS: stored without it.
    const up = await upload(handler, created.id, await photoWithGps(), 'IMG_0001.jpg');
    expectStatus(up, 201);
    const photo = json<{ id: string; url: string; mime: string; kind: string }>(up);
    expect(photo).toMatchObject({ kind: 'image', mime: 'image/jpeg' });
    const served = await api.get(handler, photo.url);
    expectStatus(served, 200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['content-disposition']).toMatch(/^inline/);
    expect(await hasGps(await photoWithGps())).toBe(true);
    expect(await hasGps(served.rawPayload)).toBe(false);

    d = await api.act(handler, created.id, 'progress', {
      body: '已上门，接头老化需更换',
      visibility: 'customer',
      attachmentIds: [photo.id],
    });
    expect(d.state).toBe('in_progress');
    expect(d.events.at(-1)).toMatchObject({ kind: 'progress', fromState: 'accepted', toState: 'in_progress' });
    expect(d.events.at(-1)?.attachments.map((a) => a.id)).toEqual([photo.id]);

    // Waiting on the customer over two days: every deadline moves by the business minutes paused.
    const before = d.resolutionDueAt as string;
    await advance(30 * 60_000);
    d = await api.act(handler, created.id, 'pause', { reason: '业主不在家，约定周四上门' });
    expect(d).toMatchObject({ state: 'waiting', paused: true });
    const pausedAt = new Date(d.clock.pausedAt as string);
    await advance(2 * DAY);
    d = await api.act(handler, created.id, 'resume');
    expect(d).toMatchObject({ state: 'in_progress', paused: false });
    const [row] = await t.deps.db.select().from(ticket).where(eq(ticket.id, created.id));
    const engine = await engineForTicket(t.deps.db, row?.calendarId ?? null);
    const pausedMinutes = Math.round(engine.businessMinutesBetween(pausedAt, t.clock.now).minutes);
    expect(pausedMinutes).toBeGreaterThan(0);
    expect(d.clock.pausedMinutes).toBe(pausedMinutes);
    const expected = engine.addBusinessMinutes(start, (row?.resolutionMinutes ?? 0) + pausedMinutes).deadline;
    expect(d.resolutionDueAt).toBe(expected.toISOString());
    expect(new Date(d.resolutionDueAt as string).getTime()).toBeGreaterThan(new Date(before).getTime());
    expect(d.events.at(-1)).toMatchObject({ kind: 'resumed', data: expect.objectContaining({ pausedMinutes }) });

    // Resolved: a return visit is due for the agent who took the call.
    await advance(HOUR);
    d = await api.act(handler, created.id, 'resolve', { resolution: '更换角阀，试水无渗漏' });
    expect(d.state).toBe('resolved');
    expect(d.visits).toMatchObject([{ round: 1, reached: null }]);
    expectProblem(
      await api.post(handler, `/api/tickets/${created.id}/visit`, { reached: true, satisfaction: 5 }),
      403,
      'FORBIDDEN',
    );

    // Not reached: the ticket stays resolved.
    d = await api.act(kefu, created.id, 'visit', { reached: false, comment: '电话无人接听' });
    expect(d.state).toBe('resolved');
    expect(d.events.at(-1)).toMatchObject({ kind: 'visited', data: expect.objectContaining({ reached: false }) });
    expectChineseProblem(
      await api.post(kefu, `/api/tickets/${created.id}/visit`, { reached: true }),
      422,
      'TICKET_SATISFACTION_REQUIRED',
    );

    // Unsatisfied: reopened for round 2 and dispatched again by the rule.
    await advance(HOUR);
    d = await api.act(kefu, created.id, 'visit', { reached: true, satisfaction: 2, comment: '还是有点渗水' });
    expect(d).toMatchObject({
      state: 'dispatched',
      round: 2,
      reopenCount: 1,
      satisfaction: 2,
      handlerUserId: handlerId,
    });
    expect(d.events.slice(-3).map((e) => e.kind)).toEqual(['visited', 'reopened', 'dispatched']);
    expect(new Date(d.responseDueAt as string).getTime()).toBeGreaterThan(t.clock.now.getTime());

    // Round 2: accept, resolve, satisfied visit → closed.
    d = await api.act(handler, created.id, 'accept');
    d = await api.act(handler, created.id, 'resolve', { resolution: '重新打胶并更换软管' });
    d = await api.act(kefu, created.id, 'visit', { reached: true, satisfaction: 4 });
    expect(d).toMatchObject({ state: 'closed', satisfaction: 4 });
    expect(d.events.slice(-2).map((e) => [e.kind, e.toState])).toEqual([
      ['visited', 'visited'],
      ['closed', 'closed'],
    ]);
    expect(d.visits.map((v) => [v.round, v.outcome])).toEqual([
      [1, 'reopened'],
      [2, 'closed'],
    ]);
    expect(d.actions).toEqual([]);
  });

  it('closes at once a resolved ticket whose item needs no return visit', async () => {
    const created = await api.reception(kefu, {
      projectId: llhy,
      channel: 'walk_in',
      content: '咨询入伙手续',
      tickets: [{ type: 'consultation', dispatch: { mode: 'manual', handlerUserId: supervisorId } }],
    });
    const id = (created.tickets[0] as TicketSummary).id;
    await api.act(supervisor, id, 'accept');
    const d = await api.act(supervisor, id, 'resolve', { resolution: '已电话告知所需材料' });
    expect(d.state).toBe('closed');
    expect(d.events.slice(-2).map((e) => e.kind)).toEqual(['resolved', 'closed']);
  });
});

describe('illegal transitions', () => {
  const calls: Partial<Record<TicketAction, (id: string, otherId: string) => [string, object]>> = {
    dispatch: () => ['dispatch', { mode: 'manual', handlerKind: 'user', handlerUserId: supervisorId }],
    reassign: () => ['reassign', { mode: 'manual', handlerUserId: supervisorId, reason: '改派测试' }],
    accept: () => ['accept', {}],
    pause: () => ['pause', { reason: '等待业主' }],
    resume: () => ['resume', {}],
    resolve: () => ['resolve', { resolution: '已处理' }],
    visit_satisfied: () => ['visit', { reached: true, satisfaction: 5 }],
    visit_unsatisfied: () => ['visit', { reached: true, satisfaction: 1 }],
    cancel: () => ['cancel', { reason: '重复登记' }],
    merge: (_id, other) => ['merge', { targetTicketId: other, reason: '重复' }],
  };

  it('answers 409 with the Chinese state and action for every action the table forbids', async () => {
    // One ticket in each state, handled by the supervisor (who holds every permission but instruct).
    const make = async () => {
      const created = await api.reception(kefu, {
        projectId: llhy,
        channel: 'phone',
        content: '状态表测试',
        tickets: [{ type: 'complaint', dispatch: { mode: 'none' } }],
      });
      return (created.tickets[0] as TicketSummary).id;
    };
    const other = await make();
    const states: Partial<Record<TicketState, string>> = {};
    states.new = await make();
    const steps: [TicketState, string, object][] = [
      ['dispatched', 'dispatch', { mode: 'manual', handlerKind: 'user', handlerUserId: supervisorId }],
      ['accepted', 'accept', {}],
      ['in_progress', 'progress', { body: '处理中' }],
      ['waiting', 'pause', { reason: '等待' }],
    ];
    for (let i = 0; i < steps.length; i++) {
      const id = await make();
      for (const [, path, body] of steps.slice(0, i + 1)) await api.act(supervisor, id, path, body);
      states[steps[i]?.[0] as TicketState] = id;
    }
    const resolved = await make();
    for (const [, path, body] of steps.slice(0, 3)) await api.act(supervisor, resolved, path, body);
    await api.act(supervisor, resolved, 'resolve', { resolution: '已处理' });
    states.resolved = resolved;
    const closed = await make();
    for (const [, path, body] of steps.slice(0, 2)) await api.act(supervisor, closed, path, body);
    await api.act(supervisor, closed, 'resolve', { resolution: '已处理' });
    await api.act(supervisor, closed, 'visit', { reached: true, satisfaction: 5 });
    states.closed = closed;
    const cancelled = await make();
    await api.act(supervisor, cancelled, 'cancel', { reason: '误登记' });
    states.cancelled = cancelled;

    let checked = 0;
    for (const [state, id] of Object.entries(states) as [TicketState, string][]) {
      const d = await api.detail(supervisor, id);
      expect(d.state, id).toBe(state);
      for (const [action, call] of Object.entries(calls) as [TicketAction, NonNullable<(typeof calls)['accept']>][]) {
        if (canTransition(action, state)) continue;
        const [path, body] = call(id, other);
        const response = await api.post(supervisor, `/api/tickets/${id}/${path}`, body);
        const problem = expectChineseProblem(response, 409, 'TICKET_ILLEGAL_TRANSITION');
        expect(problem.detail, `${state} × ${action}`).toMatch(/^工单当前状态为“.+”，不能.+/);
        checked++;
      }
      expect((await api.detail(supervisor, id)).state).toBe(state);
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('lets only one of two simultaneous accepts win', async () => {
    const created = await repair('两人同时接单');
    const [a, b] = await Promise.all([
      api.post(handler, `/api/tickets/${created.id}/accept`),
      api.post(handler, `/api/tickets/${created.id}/accept`),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const d = await api.detail(handler, created.id);
    expect(d.events.filter((e) => e.kind === 'accepted')).toHaveLength(1);
  });

  it('refuses work by someone who is not the handler', async () => {
    const created = await repair('非处理人接单');
    expectChineseProblem(await api.post(supervisor, `/api/tickets/${created.id}/accept`), 403, 'TICKET_NOT_HANDLER');
  });
});

describe('the list’s search box', () => {
  it('finds a ticket by part of its title or contact, by its number or its beginning, and by the phone’s last digits', async () => {
    const r = await deliveredRoom(t, 'SH-LLHY', '2');
    const created = await api.reception(kefu, {
      projectId: llhy,
      channel: 'phone',
      roomId: r.id,
      callerName: '欧阳搜索',
      callerPhone: '13912345678',
      content: '阳台玻璃门滑轨脱落',
      tickets: [{ type: 'repair', title: '阳台推拉门滑轨脱落无法关闭' }],
    });
    const made = created.tickets[0] as TicketSummary;
    const found = async (q: string) =>
      json<Page<TicketSummary>>(await api.get(kefu, `/api/tickets?pageSize=200&q=${encodeURIComponent(q)}`)).data.map(
        (x) => x.id,
      );
    for (const q of [
      '滑轨脱落',
      '推拉',
      '门',
      '无法 关闭',
      '欧阳搜',
      made.publicNo,
      made.publicNo.toLowerCase(),
      made.publicNo.slice(0, 11),
      '5678',
      '13912345678',
    ]) {
      expect(await found(q), q).toContain(made.id);
    }
    // Pieces that are all in the title but not side by side are not a match; nor is a number's middle.
    for (const q of ['推脱', '滑轨关闭', '欧阳门', '1234', made.publicNo.slice(3, 12)]) {
      expect(await found(q), q).not.toContain(made.id);
    }
  });
});

describe('scope', () => {
  it('hides another company’s tickets and receptions: 404 on read and write, nothing in lists', async () => {
    const created = await repair('杭州看不到的工单');
    const hz = await t.login('hz_admin');
    expectProblem(await api.get(hz, `/api/tickets/${created.id}`), 404, 'TICKET_NOT_FOUND');
    for (const [path, body] of [
      ['accept', {}],
      ['cancel', { reason: '越权' }],
      ['notes', { body: '越权备注' }],
      ['dispatch', { mode: 'auto' }],
    ] as const) {
      expectProblem(await api.post(hz, `/api/tickets/${created.id}/${path}`, body), 404, 'TICKET_NOT_FOUND');
    }
    const list = json<Page<TicketSummary>>(await api.get(hz, '/api/tickets?pageSize=200'));
    expect(list.data.filter((x) => x.id === created.id)).toEqual([]);
    expect(json<Page<TicketSummary>>(await api.get(hz, `/api/tickets?q=${created.publicNo}`)).total).toBe(0);
    const d = await api.detail(kefu, created.id);
    const receptionId = (d as unknown as { reception: { id: string } }).reception.id;
    expectProblem(await api.get(hz, `/api/receptions/${receptionId}`), 404, 'RECEPTION_NOT_FOUND');
    expect(json<Page<unknown>>(await api.get(hz, `/api/receptions?projectId=${llhy}`)).total).toBe(0);
    // Nor can it hang a ticket on the Shanghai reception, or use a Shanghai project.
    expectProblem(
      await api.post(hz, '/api/tickets', { receptionId, type: 'repair', content: 'x' }),
      422,
      'TICKET_REFERENCE_INVALID',
    );
    expectProblem(
      await api.post(hz, '/api/receptions', { projectId: llhy, channel: 'phone', content: 'x' }),
      422,
      'TICKET_REFERENCE_INVALID',
    );
  });

  it('lists with filters: mine, overdue, type, state and the customer’s tickets', async () => {
    const created = await repair('列表筛选');
    const mine = json<Page<TicketSummary>>(await api.get(handler, '/api/tickets?mine=handler&pageSize=200'));
    expect(mine.data.map((x) => x.id)).toContain(created.id);
    expect(mine.data.every((x) => x.handlerUserId === handlerId)).toBe(true);
    const owner = json<Page<TicketSummary>>(
      await api.get(kefu, '/api/tickets?mine=owner&type=repair&state=dispatched'),
    );
    expect(owner.data.every((x) => x.type === 'repair' && x.state === 'dispatched')).toBe(true);
    const both = json<Page<TicketSummary>>(await api.get(kefu, '/api/tickets?type=repair&type=complaint&pageSize=200'));
    expect(both.data.every((x) => ['repair', 'complaint'].includes(x.type))).toBe(true);
    // Ten business days later it is overdue.
    await advance(20 * DAY);
    const overdue = json<Page<TicketSummary>>(await api.get(kefu, '/api/tickets?overdue=true&pageSize=200'));
    expect(overdue.data.find((x) => x.id === created.id)?.overdue).toBe(true);
    const sorted = json<Page<TicketSummary>>(await api.get(kefu, '/api/tickets?sort=resolution_due_asc&pageSize=200'));
    const dues = sorted.data.map((x) => x.resolutionDueAt).filter((x): x is string => x !== null);
    expect(dues).toEqual([...dues].sort());
  });
});

describe('validation', () => {
  it('refuses a room of another project, an item of the wrong type and an answer to a repair', async () => {
    const other = await deliveredRoom(t, 'SH-BJYH', '1');
    const problem = expectChineseProblem(
      await api.post(kefu, '/api/receptions', { projectId: llhy, channel: 'phone', roomId: other.id, content: 'x' }),
      422,
      'TICKET_REFERENCE_INVALID',
    );
    expect(problem.errors?.[0]?.field).toBe('roomId');
    expectChineseProblem(
      await api.post(kefu, '/api/receptions', {
        projectId: llhy,
        channel: 'phone',
        content: 'x',
        tickets: [{ type: 'praise', catalogueItemId: await catalogueItem(t, '噪音扰民') }],
      }),
      422,
      'TICKET_REFERENCE_INVALID',
    );
    expectChineseProblem(
      await api.post(kefu, '/api/receptions', {
        projectId: llhy,
        channel: 'phone',
        content: 'x',
        tickets: [{ type: 'repair', answer: '答复' }],
      }),
      422,
      'TICKET_ANSWER_ONLY_CONSULTATION',
    );
    expectInvalid(
      await api.post(kefu, '/api/receptions', {
        projectId: llhy,
        channel: 'phone',
        content: 'x',
        tickets: Array.from({ length: 11 }, () => ({ type: 'repair' })),
      }),
      'tickets',
    );
    for (const callerPhone of ['139-1234-567', '电话号码']) {
      expectChineseProblem(
        await api.post(kefu, '/api/receptions', { projectId: llhy, channel: 'phone', content: 'x', callerPhone }),
        422,
        'IDENTIFIER_INVALID',
      );
    }
    // A landline is kept as typed.
    const landline = await api.reception(kefu, {
      projectId: llhy,
      channel: 'phone',
      content: '座机来电',
      callerPhone: '021-5888-6612',
    });
    expect(landline.reception.publicNo).toMatch(/^JD-/);
  });

  it('checks uploads: type by bytes, size, EICAR, polyglots, path names, at most 9 per update', async () => {
    const created = await repair('附件校验');
    await api.act(handler, created.id, 'accept');
    const jpeg = await photoWithGps();
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();

    // A PNG named .jpg is a PNG.
    const renamed = await upload(handler, created.id, png, 'photo.jpg', 'image/jpeg');
    expectStatus(renamed, 201);
    expect(json(renamed)).toMatchObject({ mime: 'image/png', fileName: 'photo.jpg' });
    // Text is no photo, whatever it is called.
    expectChineseProblem(
      await upload(handler, created.id, Buffer.from('hello world, not an image'), 'a.jpg'),
      422,
      'TICKET_ATTACHMENT_INVALID',
    );
    const eicar = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*');
    expectChineseProblem(
      await upload(handler, created.id, Buffer.concat([jpeg, eicar]), 'eicar.jpg'),
      422,
      'TICKET_ATTACHMENT_INVALID',
    );
    expectChineseProblem(
      await upload(handler, created.id, Buffer.concat([jpeg, Buffer.from('<script>alert(1)</script>')]), 'x.jpg'),
      422,
      'TICKET_ATTACHMENT_INVALID',
    );
    const zip = Buffer.concat([
      Buffer.from([0x50, 0x4b, 0x03, 0x04]),
      Buffer.alloc(26),
      Buffer.from([0x50, 0x4b, 0x05, 0x06]),
      Buffer.alloc(18),
    ]);
    expectChineseProblem(
      await upload(handler, created.id, Buffer.concat([jpeg, zip]), 'zip.jpg'),
      422,
      'TICKET_ATTACHMENT_INVALID',
    );
    expectChineseProblem(
      await upload(handler, created.id, Buffer.concat([jpeg, Buffer.from('%PDF-1.7\n')]), 'pdf.jpg'),
      422,
      'TICKET_ATTACHMENT_INVALID',
    );
    // A path in the name never reaches the store: the directories are dropped (by the multipart
    // reader, and cleanFileName refuses any that remain).
    const traversal = await upload(handler, created.id, jpeg, '../../etc/passwd.jpg');
    expectStatus(traversal, 201);
    expect(json<{ fileName: string }>(traversal).fileName).toBe('passwd.jpg');
    expect(() => cleanFileName('zh-CN', '../../etc/passwd.jpg')).toThrow();
    expect(() => cleanFileName('zh-CN', '..\\win.ini')).toThrow();
    expect(cleanFileName('zh-CN', '.hidden\u0007.jpg')).toBe('hidden.jpg');
    // A JPEG over 10 MB.
    const big = Buffer.concat([jpeg, Buffer.alloc(10 * 1024 * 1024 + 10, 0x20)]);
    expectChineseProblem(await upload(handler, created.id, big, 'big.jpg'), 413, 'TICKET_ATTACHMENT_TOO_LARGE');

    expectInvalid(
      await api.post(handler, `/api/tickets/${created.id}/progress`, {
        body: '十张照片',
        attachmentIds: Array.from({ length: 10 }, () => crypto.randomUUID()),
      }),
      'attachmentIds',
    );
    // Another user's company cannot see it.
    const photoUrl = `/api/tickets/${created.id}/attachments/${json<{ id: string }>(renamed).id}`;
    expectProblem(await api.get(await t.login('hz_admin'), photoUrl), 404, 'TICKET_NOT_FOUND');
  });
});
