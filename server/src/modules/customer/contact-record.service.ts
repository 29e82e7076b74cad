// 沟通记录: a call, visit or message with a customer, by whom, about what. A record is history:
// it is added, never edited or deleted.
import { and, count, desc, eq } from 'drizzle-orm';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { customerRow } from './customer.repository.js';
import { type contactChannels, contactRecord } from './customer.table.js';
import { requireCustomerRoom, roomNames, writableCustomer } from './profile.common.js';
import type { ContactRecordInput } from './profile.schema.js';

type ContactRecordRow = typeof contactRecord.$inferSelect;
type Channel = (typeof contactChannels)[number];

export const channelNames: Record<Channel, string> = {
  call: '电话',
  visit: '上门/来访',
  message: '短信',
  wechat: '微信',
  email: '邮件',
  other: '其他',
};

/** Newest first; paged. */
export async function listContactRecords(
  deps: Deps,
  ctx: AuthedContext,
  customerId: string,
  q: { current: number; pageSize: number; channel?: Channel },
) {
  await customerRow(deps, ctx, customerId);
  const where = and(
    eq(contactRecord.customerId, customerId),
    q.channel ? eq(contactRecord.channel, q.channel) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    deps.db
      .select()
      .from(contactRecord)
      .where(where)
      .orderBy(desc(contactRecord.occurredAt), desc(contactRecord.createdAt), desc(contactRecord.id))
      .limit(q.pageSize)
      .offset((q.current - 1) * q.pageSize),
    deps.db.select({ n: count() }).from(contactRecord).where(where),
  ]);
  return { data: await present(deps, ctx, rows), total: total?.n ?? 0, current: q.current, pageSize: q.pageSize };
}

async function present(deps: Deps, ctx: AuthedContext, rows: ContactRecordRow[]) {
  const rooms = await roomNames(
    deps,
    ctx,
    rows.map((r) => r.roomId),
  );
  return rows.map((r) => {
    const place = r.roomId ? rooms.get(r.roomId) : undefined;
    return {
      id: r.id,
      customerId: r.customerId,
      channel: r.channel,
      occurredAt: r.occurredAt.toISOString(),
      summary: r.summary,
      roomId: place ? r.roomId : null,
      roomCode: place?.roomCode ?? null,
      projectName: place?.projectName ?? null,
      staffId: r.staffId,
      staffName: r.staffName,
      createdAt: r.createdAt.toISOString(),
    };
  });
}

/** Records a contact as the logged-in user; its time may be earlier today or before, not later than now. */
export async function createContactRecord(
  deps: Deps,
  ctx: AuthedContext,
  customerId: string,
  input: ContactRecordInput,
) {
  const c = await writableCustomer(deps, ctx, customerId);
  const now = deps.clock();
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  // A minute of grace for the clock of the agent's computer.
  if (occurredAt.getTime() > now.getTime() + 60_000) throw new AppError('CONTACT_TIME_FUTURE');
  const roomId = await requireCustomerRoom(deps, ctx, customerId, input.roomId);
  const row = await write(deps, ctx, async (tx, audit) => {
    const [inserted] = await tx
      .insert(contactRecord)
      .values({
        customerId,
        roomId,
        channel: input.channel,
        occurredAt,
        summary: input.summary,
        staffId: ctx.actor.id,
        staffName: ctx.actor.name,
      })
      .returning();
    if (!inserted) throw new Error('insert contact record returned nothing');
    audit.record({
      action: 'customer.contact_record_create',
      entityType: 'customer',
      entityId: customerId,
      orgPath: c.orgPath,
      summary: `记录与客户「${c.name}」(${c.code}) 的沟通（${channelNames[input.channel]}）`,
      after: inserted,
    });
    return inserted;
  });
  const [dto] = await present(deps, ctx, [row]);
  return dto as NonNullable<typeof dto>;
}
