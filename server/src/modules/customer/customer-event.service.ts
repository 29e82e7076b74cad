// 客户事件: something significant in a customer's history (renovation, a major complaint, a legal
// dispute), its category from a dictionary, kept with the staff member who handled it.
import { and, eq } from 'drizzle-orm';
import { write } from '../../platform/audit.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { beijingDay } from '../../platform/locale.js';
import { customerEvent } from './customer.table.js';
import {
  customerHistoryPage,
  EVENT_CATEGORY_DICTIONARY,
  requireCustomerRoom,
  requireDictionaryCode,
  roomPlaces,
  writableCustomer,
} from './profile.common.js';
import type { EventInput } from './profile.schema.js';

type EventRow = typeof customerEvent.$inferSelect;

/** Newest first; paged; optionally one category. */
export async function listEvents(
  deps: Deps,
  ctx: AuthedContext,
  customerId: string,
  q: { current: number; pageSize: number; category?: string },
) {
  const { rows, total } = await customerHistoryPage(
    deps,
    ctx,
    customerEvent,
    customerId,
    q,
    customerEvent.occurredOn,
    q.category ? eq(customerEvent.category, q.category) : undefined,
  );
  return { data: await present(deps, ctx, rows), total, current: q.current, pageSize: q.pageSize };
}

async function present(deps: Deps, ctx: AuthedContext, rows: EventRow[]) {
  const placeOf = await roomPlaces(
    deps,
    ctx,
    rows.map((r) => r.roomId),
  );
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customerId,
    category: r.category,
    occurredOn: r.occurredOn,
    description: r.description,
    ...placeOf(r.roomId),
    handlerId: r.handlerId,
    handlerName: r.handlerName,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

async function presentOne(deps: Deps, ctx: AuthedContext, row: EventRow) {
  const [dto] = await present(deps, ctx, [row]);
  return dto as NonNullable<typeof dto>;
}

async function eventOf(deps: Deps, customerId: string, eventId: string): Promise<EventRow> {
  const [row] = await deps.db
    .select()
    .from(customerEvent)
    .where(and(eq(customerEvent.id, eventId), eq(customerEvent.customerId, customerId)));
  if (!row) throw new AppError('CUSTOMER_EVENT_NOT_FOUND');
  return row;
}

/** An event is recorded once it has happened: a date after today (in Beijing) is refused. */
function refuseFutureDay(deps: Deps, day: string) {
  if (day > beijingDay(deps.clock())) throw new AppError('EVENT_DATE_FUTURE');
}

/** Records an event; the logged-in user is its handler (经办人). */
export async function createEvent(deps: Deps, ctx: AuthedContext, customerId: string, input: EventInput) {
  const c = await writableCustomer(deps, ctx, customerId);
  refuseFutureDay(deps, input.occurredOn);
  await requireDictionaryCode(deps, ctx, 'category', EVENT_CATEGORY_DICTIONARY, input.category);
  const roomId = await requireCustomerRoom(deps, ctx, customerId, input.roomId);
  const row = await write(deps, ctx, async (tx, audit) => {
    const [inserted] = await tx
      .insert(customerEvent)
      .values({
        customerId,
        roomId,
        category: input.category,
        occurredOn: input.occurredOn,
        description: input.description,
        handlerId: ctx.actor.id,
        handlerName: ctx.actor.name,
      })
      .returning();
    if (!inserted) throw new Error('insert customer event returned nothing');
    audit.record({
      action: 'customer.event_create',
      entityType: 'customer',
      entityId: customerId,
      orgPath: c.orgPath,
      summary: `客户「${c.name}」(${c.code}) 新增客户事件（${input.occurredOn}）`,
      after: inserted,
    });
    return inserted;
  });
  return presentOne(deps, ctx, row);
}

/** Corrects an event; its handler stays who recorded it, the audit log keeps who changed it. */
export async function updateEvent(
  deps: Deps,
  ctx: AuthedContext,
  customerId: string,
  eventId: string,
  input: EventInput,
) {
  const c = await writableCustomer(deps, ctx, customerId);
  const before = await eventOf(deps, customerId, eventId);
  refuseFutureDay(deps, input.occurredOn);
  await requireDictionaryCode(deps, ctx, 'category', EVENT_CATEGORY_DICTIONARY, input.category, before.category);
  // An omitted room, or the same room sent back, stays as it was; null removes it.
  const roomId =
    input.roomId === undefined || (input.roomId !== null && input.roomId === before.roomId)
      ? before.roomId
      : await requireCustomerRoom(deps, ctx, customerId, input.roomId);
  const row = await write(deps, ctx, async (tx, audit) => {
    const [updated] = await tx
      .update(customerEvent)
      .set({
        category: input.category,
        occurredOn: input.occurredOn,
        description: input.description,
        roomId,
        updatedAt: deps.clock(),
      })
      .where(eq(customerEvent.id, eventId))
      .returning();
    if (!updated) throw new AppError('CUSTOMER_EVENT_NOT_FOUND');
    audit.record({
      action: 'customer.event_update',
      entityType: 'customer',
      entityId: customerId,
      orgPath: c.orgPath,
      summary: `客户「${c.name}」(${c.code}) 修改客户事件（${updated.occurredOn}）`,
      before,
      after: updated,
    });
    return updated;
  });
  return presentOne(deps, ctx, row);
}

export async function deleteEvent(deps: Deps, ctx: AuthedContext, customerId: string, eventId: string) {
  const c = await writableCustomer(deps, ctx, customerId);
  const before = await eventOf(deps, customerId, eventId);
  await write(deps, ctx, async (tx, audit) => {
    await tx.delete(customerEvent).where(eq(customerEvent.id, eventId));
    audit.record({
      action: 'customer.event_delete',
      entityType: 'customer',
      entityId: customerId,
      orgPath: c.orgPath,
      summary: `客户「${c.name}」(${c.code}) 删除客户事件（${before.occurredOn}）`,
      before,
    });
  });
}
