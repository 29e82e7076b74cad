// What the profile extras (contacts, bank accounts, contact records, events) share: the customer
// they hang under, the dictionary codes they store and the rooms they may name.
import { and, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError, errorMessage } from '../../platform/errors.js';
import { findDictionaryItem } from '../dictionary/dictionary.service.js';
import { scopeByProject } from '../project/project.scope.js';
import { project } from '../project/project.table.js';
import { room } from '../property/property.table.js';
import { type CustomerRow, customerRow } from './customer.repository.js';
import { fieldLabel } from './customer.service.js';
import { type contactRecord, type customerEvent, occupancy } from './customer.table.js';

export const RELATION_DICTIONARY = 'contact_relation';
export const EVENT_CATEGORY_DICTIONARY = 'customer_event_category';

/** A customer the caller may see (else 404) and whose profile may still change (not anonymised). */
export async function writableCustomer(deps: Deps, ctx: AuthedContext, id: string): Promise<CustomerRow> {
  const row = await customerRow(deps, ctx, id);
  if (row.anonymisedAt) throw new AppError('CUSTOMER_ANONYMISED');
  return row;
}

/**
 * A code a field stores from a dictionary must be one of its active items; a value kept
 * unchanged on an update may be an item deactivated since. Else 422 naming the field.
 */
export async function requireDictionaryCode(
  deps: Deps,
  ctx: AuthedContext,
  field: string,
  dictionaryCode: string,
  code: string,
  unchanged?: string,
): Promise<void> {
  if (unchanged !== undefined && code === unchanged) return;
  const found = await findDictionaryItem(deps.db, dictionaryCode, code);
  if (found.item?.active) return;
  const zh = ctx.locale === 'zh-CN';
  const dictionary = zh ? found.name : (found.nameEn ?? found.name);
  throw new AppError(
    'DICTIONARY_CODE_INVALID',
    { label: fieldLabel(ctx, field), code, dictionary },
    {
      errors: [{ field, in: 'body', message: zh ? `请从“${dictionary}”中选择` : `Choose an item of "${dictionary}"` }],
    },
  );
}

/**
 * A room named on a record must be one the customer holds or held, in a project the caller
 * sees; else 422 naming roomId. Null and omitted mean no room.
 */
export async function requireCustomerRoom(
  deps: Deps,
  ctx: AuthedContext,
  customerId: string,
  roomId: string | null | undefined,
): Promise<string | null> {
  if (!roomId) return null;
  const [row] = await deps.db
    .select({ roomId: occupancy.roomId })
    .from(occupancy)
    .where(
      and(
        eq(occupancy.customerId, customerId),
        eq(occupancy.roomId, roomId),
        scopeByProject(ctx.actor.scope, occupancy.projectId),
      ),
    )
    .limit(1);
  if (!row) {
    throw new AppError(
      'ROOM_NOT_OF_CUSTOMER',
      {},
      { errors: [{ field: 'roomId', in: 'body', message: errorMessage('ROOM_NOT_OF_CUSTOMER', ctx.locale) }] },
    );
  }
  return roomId;
}

/** The records (contact records, events) that hang under a customer, newest first, and name a room. */
type HistoryTable = typeof contactRecord | typeof customerEvent;

/**
 * One page of a customer's records, newest first (by the given column, then creation and id),
 * optionally narrowed by `filter`. The customer must be one the caller sees (else 404).
 */
export async function customerHistoryPage<T extends HistoryTable>(
  deps: Deps,
  ctx: AuthedContext,
  table: T,
  customerId: string,
  q: { current: number; pageSize: number },
  newest: AnyPgColumn,
  filter: SQL | undefined,
): Promise<{ rows: T['$inferSelect'][]; total: number }> {
  await customerRow(deps, ctx, customerId);
  const records: HistoryTable = table;
  const where = and(eq(records.customerId, customerId), filter);
  const [rows, [total]] = await Promise.all([
    deps.db
      .select()
      .from(records)
      .where(where)
      .orderBy(desc(newest), desc(records.createdAt), desc(records.id))
      .limit(q.pageSize)
      .offset((q.current - 1) * q.pageSize),
    deps.db.select({ n: count() }).from(records).where(where),
  ]);
  return { rows: rows as T['$inferSelect'][], total: total?.n ?? 0 };
}

/**
 * Where records say they happened: for each record's room, its id, code and project name when
 * the caller's scope shows it; a record about a room in a project the caller does not see names
 * no room.
 */
export async function roomPlaces(deps: Deps, ctx: AuthedContext, roomIds: (string | null)[]) {
  const ids = [...new Set(roomIds.filter((id): id is string => id !== null))];
  const rows =
    ids.length === 0
      ? []
      : await deps.db
          .select({ id: room.id, roomCode: room.code, projectName: project.name })
          .from(room)
          .innerJoin(project, eq(project.id, room.projectId))
          .where(and(inArray(room.id, ids), scopeByProject(ctx.actor.scope, room.projectId)));
  const rooms = new Map(rows.map((r) => [r.id, r]));
  return (roomId: string | null) => {
    const place = roomId ? rooms.get(roomId) : undefined;
    return {
      roomId: place ? roomId : null,
      roomCode: place?.roomCode ?? null,
      projectName: place?.projectName ?? null,
    };
  };
}

/** Refuses one more row past a per-customer maximum (409 PROFILE_LIMIT). */
export function refuseOverLimit(ctx: AuthedContext, existing: number, max: number, what: Record<string, string>) {
  if (existing >= max) throw new AppError('PROFILE_LIMIT', { max, what: what[ctx.locale] ?? '' });
}
