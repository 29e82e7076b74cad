import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from './context.js';

export type ZodApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export type RouteModule = (app: ZodApp, deps: Deps) => void | Promise<void>;

export const idParams = z.strictObject({ id: z.uuid() });

/**
 * A calendar day as YYYY-MM-DD that exists: 2026-13-01 or 2026-02-30 would otherwise reach the
 * database and fail there (500), or be read as another day.
 */
export const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'date_invalid', abort: true })
  .refine((d) => {
    const date = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(d);
  }, 'date_invalid');

/** Page query shared by every list: 1-based page, at most 200 rows (QUALITY.md 34). */
export const pageQuery = {
  current: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    total: z.number().int(),
    totalCapped: z
      .boolean()
      .optional()
      .meta({ description: 'true：符合条件的记录超过 total（10 000）条，只数到这里；请缩小筛选范围' }),
    current: z.number().int(),
    pageSize: z.number().int(),
  });
}

export const okResponse = z.object({ ok: z.literal(true) });
