// What the profile extras (contacts, bank accounts, contact records, events) share: the customer
// they hang under, the dictionary codes they store and the rooms they may name.
import { and, eq, inArray } from 'drizzle-orm';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError, errorMessage } from '../../platform/errors.js';
import { findDictionaryItem } from '../dictionary/dictionary.service.js';
import { scopeByProject } from '../project/project.scope.js';
import { project } from '../project/project.table.js';
import { room } from '../property/property.table.js';
import { type CustomerRow, customerRow } from './customer.repository.js';
import { fieldLabel } from './customer.service.js';
import { occupancy } from './customer.table.js';

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

/**
 * Room code and project name of the rooms records name, for those the caller's scope shows: a
 * record about a room in a project the caller does not see names no room.
 */
export async function roomNames(deps: Deps, ctx: AuthedContext, roomIds: (string | null)[]) {
  const ids = [...new Set(roomIds.filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map<string, { roomCode: string; projectName: string }>();
  const rows = await deps.db
    .select({ id: room.id, roomCode: room.code, projectName: project.name })
    .from(room)
    .innerJoin(project, eq(project.id, room.projectId))
    .where(and(inArray(room.id, ids), scopeByProject(ctx.actor.scope, room.projectId)));
  return new Map(rows.map((r) => [r.id, { roomCode: r.roomCode, projectName: r.projectName }]));
}

/** Refuses one more row past a per-customer maximum (409 PROFILE_LIMIT). */
export function refuseOverLimit(ctx: AuthedContext, existing: number, max: number, what: Record<string, string>) {
  if (existing >= max) throw new AppError('PROFILE_LIMIT', { max, what: what[ctx.locale] ?? '' });
}
