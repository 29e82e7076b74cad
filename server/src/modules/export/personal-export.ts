import type { z } from 'zod';
import type { AuthedContext, Deps } from '../../platform/context.js';
import type { PreparedExport } from '../../platform/excel.js';
import type { Locale } from '../../platform/locale.js';
import type { Permission } from '../../platform/permissions.js';

/** One filter of a stored export request, as an approver reads it: 项目：邻里花园. */
export interface FilterText {
  label: string;
  value: string;
}

/**
 * A list whose export carries personal data (QUALITY.md 19). The same functions serve the direct
 * export, the row count of a request and the approved download, so what is approved is exactly
 * what is downloaded.
 */
export interface PersonalExport<R extends string, S extends z.ZodType<Record<string, unknown>>> {
  /** The name requests store: 'customers', 'users'. */
  resource: R;
  /** The list's own export permission: needed to export, to ask for approval and to download. */
  permission: Permission;
  label: Record<Locale, string>;
  /** The export endpoint's query schema; a stored request's query is parsed with it again. */
  query: S;
  /** The rows the caller's export would hold, counted with the export's own conditions. */
  count(deps: Deps, ctx: AuthedContext, query: z.output<S>): Promise<number>;
  /** Reads the rows (masked) under the caller's scope and describes the workbook and its audit entry. */
  prepare(deps: Deps, ctx: AuthedContext, query: z.output<S>): Promise<PreparedExport>;
  /** The filters in words, for the approver. */
  describe(deps: Deps, locale: Locale, query: z.output<S>): Promise<FilterText[]>;
}

/** A registered export with its query type erased: every entry point parses the query first. */
export interface RegisteredExport<R extends string = string> {
  resource: R;
  permission: Permission;
  label: Record<Locale, string>;
  parse(query: unknown): z.ZodSafeParseResult<Record<string, unknown>>;
  count(deps: Deps, ctx: AuthedContext, query: unknown): Promise<number>;
  prepare(deps: Deps, ctx: AuthedContext, query: unknown): Promise<PreparedExport>;
  describe(deps: Deps, locale: Locale, query: unknown): Promise<FilterText[]>;
}

export function personalExport<R extends string, S extends z.ZodType<Record<string, unknown>>>(
  def: PersonalExport<R, S>,
): RegisteredExport<R> {
  return {
    resource: def.resource,
    permission: def.permission,
    label: def.label,
    parse: (query) => def.query.safeParse(query),
    count: (deps, ctx, query) => def.count(deps, ctx, def.query.parse(query)),
    prepare: (deps, ctx, query) => def.prepare(deps, ctx, def.query.parse(query)),
    describe: (deps, locale, query) => def.describe(deps, locale, def.query.parse(query)),
  };
}
