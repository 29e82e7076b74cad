import { sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../db/client.js';
import type { Severity, TicketType } from '../catalogue/catalogue.table.js';
import { dayIn } from '../contractor/warranty.js';
import { publicNumberCounter } from './ticket.table.js';

/** Public number prefixes: 报修 BX, 投诉 TS, 咨询 ZX, 建议 JY, 质疑 CX, 表扬 BY; 接待 JD. */
export const ticketPrefixes: Record<TicketType, string> = {
  repair: 'BX',
  complaint: 'TS',
  consultation: 'ZX',
  suggestion: 'JY',
  query: 'CX',
  praise: 'BY',
};
export const RECEPTION_PREFIX = 'JD';

const HOUR = 60;
/** A business day is the statutory 8 working hours, as in the default catalogue. */
const BUSINESS_DAY = 8 * HOUR;

/**
 * Limits and severity of a ticket raised without a catalogue item (business minutes): a repair
 * answered within 2 working hours and fixed within 3 working days, a complaint answered within
 * an hour and settled within 2 days, a question answered within an hour and within a day, the
 * rest acknowledged within a day and handled within a week.
 */
export const typeDefaults: Record<
  TicketType,
  { responseMinutes: number; resolutionMinutes: number; severity: Severity; returnVisitRequired: boolean }
> = {
  repair: {
    responseMinutes: 2 * HOUR,
    resolutionMinutes: 3 * BUSINESS_DAY,
    severity: 'normal',
    returnVisitRequired: true,
  },
  complaint: {
    responseMinutes: 1 * HOUR,
    resolutionMinutes: 2 * BUSINESS_DAY,
    severity: 'normal',
    returnVisitRequired: true,
  },
  consultation: {
    responseMinutes: 1 * HOUR,
    resolutionMinutes: 1 * BUSINESS_DAY,
    severity: 'normal',
    returnVisitRequired: false,
  },
  suggestion: {
    responseMinutes: BUSINESS_DAY,
    resolutionMinutes: 5 * BUSINESS_DAY,
    severity: 'low',
    returnVisitRequired: true,
  },
  query: {
    responseMinutes: BUSINESS_DAY,
    resolutionMinutes: 5 * BUSINESS_DAY,
    severity: 'normal',
    returnVisitRequired: true,
  },
  praise: {
    responseMinutes: BUSINESS_DAY,
    resolutionMinutes: 5 * BUSINESS_DAY,
    severity: 'low',
    returnVisitRequired: false,
  },
};

/** BX-20261126-0007: prefix, the day in the project's time zone, a counter of at least 4 digits. */
export function formatPublicNo(prefix: string, day: string, value: number): string {
  return `${prefix}-${day}-${String(value).padStart(4, '0')}`;
}

/**
 * The next public number of a prefix on the day `at` falls on in `timeZone`: one upsert of the
 * counter row, so no two get the same value. On PostgreSQL it commits at once on the database's
 * autonomous connections rather than in `tx` (the row would otherwise stay locked, and every
 * create of the day wait, until `tx` commits); a create that then fails leaves a gap in the day's
 * numbers. PGlite has one connection, the caller's: there the number is taken in `tx`.
 */
export async function nextPublicNumber(
  tx: DbOrTx,
  database: Pick<Database, 'autonomous'>,
  prefix: string,
  at: Date,
  timeZone = 'Asia/Shanghai',
) {
  const day = dayIn(at, timeZone).replaceAll('-', '');
  const [row] = await (database.autonomous ?? tx)
    .insert(publicNumberCounter)
    .values({ prefix, day, value: 1 })
    .onConflictDoUpdate({
      target: [publicNumberCounter.prefix, publicNumberCounter.day],
      set: { value: sql`${publicNumberCounter.value} + 1` },
    })
    .returning({ value: publicNumberCounter.value });
  if (!row) throw new Error('public number counter returned nothing');
  return formatPublicNo(prefix, day, row.value);
}
