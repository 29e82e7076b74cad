// The warranty lookup the service desk calls before dispatching a defect: which contractor answers
// for a trade in a room, from when to when, and whether it still does.
import { and, eq, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { AuthedContext, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { Locale } from '../../platform/locale.js';
import { scopeByProject } from '../project/project.scope.js';
import { project } from '../project/project.table.js';
import { room } from '../property/property.table.js';
import { presentMinimum, presentPeriod, tradeItems } from './contractor.repository.js';
import type { WarrantyDto } from './contractor.schema.js';
import { contractor, contractorScope } from './contractor.table.js';
import { dayIn, resolveWarranty, type ScopeCandidate, statutoryBasis } from './warranty.js';

export interface WarrantyRoom {
  id: string;
  code: string;
  projectId: string;
  buildingId: string;
  deliveryDate: string | null;
  timeZone: string;
}

type Candidate = ScopeCandidate<NonNullable<WarrantyDto['contractor']>>;

async function roomInScope(deps: Deps, ctx: AuthedContext, roomId: string): Promise<WarrantyRoom> {
  const [row] = await deps.db
    .select({
      id: room.id,
      code: room.code,
      projectId: room.projectId,
      buildingId: room.buildingId,
      deliveryDate: room.deliveryDate,
      timeZone: project.timeZone,
    })
    .from(room)
    .innerJoin(project, eq(project.id, room.projectId))
    .where(and(eq(room.id, roomId), scopeByProject(ctx.actor.scope, room.projectId)));
  if (!row) throw new AppError('ROOM_NOT_FOUND');
  return row;
}

/**
 * The scopes that may answer for the room: those of active contractors for its project as a
 * whole or for its building. A disabled contractor's scopes no longer answer.
 */
async function candidates(db: DbOrTx, r: WarrantyRoom, trade?: string): Promise<Candidate[]> {
  const rows = await db
    .select({ scope: contractorScope, contractor })
    .from(contractorScope)
    .innerJoin(contractor, eq(contractor.id, contractorScope.contractorId))
    .where(
      and(
        eq(contractorScope.projectId, r.projectId),
        eq(contractor.active, true),
        or(isNull(contractorScope.buildingId), eq(contractorScope.buildingId, r.buildingId)),
        trade ? eq(contractorScope.trade, trade) : undefined,
      ),
    );
  return rows.map(({ scope, contractor: c }) => ({
    scopeId: scope.id,
    buildingId: scope.buildingId,
    trade: scope.trade,
    warrantyUnit: scope.warrantyUnit,
    warrantyValue: scope.warrantyValue,
    startDate: scope.startDate,
    contractor: {
      id: c.id,
      code: c.code,
      name: c.name,
      contactName: c.contactName,
      contactMobile: c.contactMobile,
      phone: c.phone,
    },
  }));
}

function answer(r: WarrantyRoom, trade: string, tradeLabel: string, at: string, scopes: Candidate[], locale: Locale) {
  const resolved = resolveWarranty({ room: r, trade, at, scopes });
  return {
    roomId: r.id,
    tradeLabel,
    ...resolved,
    warranty: resolved.warranty ? presentPeriod(resolved.warranty, locale) : null,
    statutoryMinimum: presentMinimum(trade, locale),
  } satisfies WarrantyDto;
}

/**
 * The warranty of one trade in a room on the day `at` falls on in the project's time zone. The
 * service desk routes a defect to `contractor` when `inWarranty`, else to the property company.
 */
export async function warrantyFor(
  deps: Deps,
  ctx: AuthedContext,
  roomId: string,
  trade: string,
  at: Date,
): Promise<WarrantyDto> {
  const r = await roomInScope(deps, ctx, roomId);
  const trades = await tradeItems(deps.db, ctx.locale);
  const item = trades.find((t) => t.code === trade);
  if (!item) {
    const zh = ctx.locale === 'zh-CN';
    throw new AppError(
      'DICTIONARY_CODE_INVALID',
      { label: zh ? '专业' : 'Trade', code: trade, dictionary: zh ? '专业' : 'Trade' },
      { errors: [{ field: 'trade', in: 'querystring', message: zh ? '请从“专业”中选择' : 'Choose a trade' }] },
    );
  }
  return answer(r, trade, item.label, dayIn(at, r.timeZone), await candidates(deps.db, r, trade), ctx.locale);
}

/** Every trade of the room: who answers for it until when, in or out of warranty. */
export async function roomWarranties(deps: Deps, ctx: AuthedContext, roomId: string, at: Date) {
  const r = await roomInScope(deps, ctx, roomId);
  const [trades, scopes] = await Promise.all([tradeItems(deps.db, ctx.locale), candidates(deps.db, r)]);
  const day = dayIn(at, r.timeZone);
  // Active trades, plus a deactivated one that a scope still names.
  const shown = trades.filter((t) => t.active || scopes.some((s) => s.trade === t.code));
  return {
    roomId: r.id,
    roomCode: r.code,
    deliveryDate: r.deliveryDate,
    at: day,
    items: shown.map((t) => answer(r, t.code, t.label, day, scopes, ctx.locale)),
  };
}

/** The statutory minimum of each trade, for the scope form to prefill and explain. */
export async function warrantyMinimums(deps: Deps, ctx: AuthedContext) {
  const trades = await tradeItems(deps.db, ctx.locale);
  return trades
    .filter((t) => t.active)
    .map((t) => ({
      trade: t.code,
      tradeLabel: t.label,
      minimum: presentMinimum(t.code, ctx.locale),
      basis: statutoryBasis(t.code, ctx.locale),
    }));
}
