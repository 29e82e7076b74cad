// 沟通记录: a call, visit or message with a customer, by whom, about what. A record is history:
// it is added, never edited or deleted.
import { eq } from 'drizzle-orm';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { type contactChannels, contactRecord } from './customer.table.js';
import { customerHistoryPage, requireCustomerRoom, roomPlaces, writableCustomer } from './profile.common.js';
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
  const { rows, total } = await customerHistoryPage(
    deps,
    ctx,
    contactRecord,
    customerId,
    q,
    contactRecord.occurredAt,
    q.channel ? eq(contactRecord.channel, q.channel) : undefined,
  );
  return { data: await present(deps, ctx, rows), total, current: q.current, pageSize: q.pageSize };
}

async function present(deps: Deps, ctx: AuthedContext, rows: ContactRecordRow[]) {
  const placeOf = await roomPlaces(
    deps,
    ctx,
    rows.map((r) => r.roomId),
  );
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customerId,
    channel: r.channel,
    occurredAt: r.occurredAt.toISOString(),
    summary: r.summary,
    ...placeOf(r.roomId),
    staffId: r.staffId,
    staffName: r.staffName,
    createdAt: r.createdAt.toISOString(),
  }));
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
