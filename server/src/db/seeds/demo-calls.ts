// The call center's demo: agents' extensions (张晓梅 8001, 王海燕 8002), one well-known owner's
// number for the simulator (13800138000, the owner of 邻里花园 1 栋 whose bathroom leak is with
// the waterproofing contractor under warranty), and a few calls in the log — answered, outbound,
// and missed ones waiting for a call-back.
import { and, eq } from 'drizzle-orm';
import { callRecord } from '../../modules/callcenter/call.table.js';
import { customerPhone } from '../../modules/customer/customer.table.js';
import { appUser } from '../../modules/user/user.table.js';
import { write } from '../../platform/audit.js';
import type { Deps } from '../../platform/context.js';
import { home } from './demo-tickets.js';
import { systemContext } from './system-context.js';

/** The number the README and the simulator use: it rings the pop of a demo owner. */
export const DEMO_CALLER = '13800138000';
/** The service hotline the demo calls come in on. */
export const DEMO_HOTLINE = '4008200000';
export const demoExtensions: Readonly<Record<string, string>> = { kefu: '8001', supervisor: '8002' };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The homes of the demo's open tickets, in order: the first with an owner gets the demo number. */
const callerHomes = [
  ['1', 0],
  ['2', 1],
  ['1', 5],
] as const;

async function callerHome(deps: Deps) {
  for (const [b, n] of callerHomes) {
    const h = await home(deps, 'SH-LLHY', b, n);
    if (h.customerId) return h;
  }
  return null;
}

/**
 * Gives the owner of the demo's first open repair (邻里花园 1 栋) the number 13800138000, before
 * the demo tickets are raised so that their receptions carry it too.
 */
export async function seedDemoCaller(deps: Deps): Promise<void> {
  const owner = await callerHome(deps);
  if (!owner?.customerId) return;
  const customerId = owner.customerId;
  await write(deps, systemContext('seed-demo-calls'), async (tx, audit) => {
    await tx
      .update(customerPhone)
      .set({ number: DEMO_CALLER, last4: DEMO_CALLER.slice(-4) })
      .where(and(eq(customerPhone.customerId, customerId), eq(customerPhone.isPrimary, true)));
    audit.record({
      action: 'customer.update',
      entityType: 'customer',
      entityId: customerId,
      summary: '演示数据：来电演示号码 138****8000',
    });
  });
}

/** Extensions for the demo agents and a few calls in the log. */
export async function seedDemoCalls(deps: Deps): Promise<void> {
  const now = deps.clock().getTime();
  const users = new Map<string, { id: string; companyId: string | null }>();
  for (const username of Object.keys(demoExtensions)) {
    const [u] = await deps.db
      .select({ id: appUser.id, companyId: appUser.companyId })
      .from(appUser)
      .where(eq(appUser.username, username));
    if (u) users.set(username, u);
  }
  const kefu = users.get('kefu');
  const supervisor = users.get('supervisor');
  if (!kefu || !supervisor) throw new Error('demo calls: kefu or supervisor missing');
  const caller = (await callerHome(deps)) ?? (await home(deps, 'SH-LLHY', '1', 0));
  const neighbour = await home(deps, 'SH-LLHY', '2', 3);
  const other = await home(deps, 'SH-BJYH', '1', 3);
  const at = (ms: number) => new Date(now - ms);
  type Call = typeof callRecord.$inferInsert;
  const inbound = (
    id: string,
    agent: { id: string; companyId: string | null },
    extension: string,
    from: string | null,
    customerId: string | null,
    ringing: Date,
    talk: number | null,
  ): Call => ({
    source: 'cti',
    externalId: `demo-${id}`,
    direction: 'inbound',
    callerNumber: from ?? 'anonymous',
    calledNumber: DEMO_HOTLINE,
    extension,
    agentUserId: agent.id,
    companyId: agent.companyId,
    state: talk === null ? 'missed' : 'ended',
    ringingAt: ringing,
    answeredAt: talk === null ? null : new Date(ringing.getTime() + 8_000),
    endedAt: new Date(ringing.getTime() + 8_000 + (talk ?? 22) * 1000),
    durationSeconds: talk ?? 0,
    recordingUrl: talk === null ? null : `https://recordings.example.com/linli/demo-${id}.mp3`,
    customerId,
    callbackState: talk === null ? 'pending' : 'none',
    createdAt: ringing,
    updatedAt: ringing,
  });
  const calls: Call[] = [
    inbound('1001', kefu, '8001', caller.callerPhone, caller.customerId, at(2 * DAY + 3 * HOUR), 185),
    inbound('1002', supervisor, '8002', other.callerPhone, other.customerId, at(DAY + 2 * HOUR), 264),
    {
      ...inbound('1003', kefu, '8001', neighbour.callerPhone, neighbour.customerId, at(DAY + 5 * HOUR), null),
      callbackState: 'done',
      callbackUserId: kefu.id,
      callbackAt: at(DAY + 4 * HOUR),
      callbackNote: '已回拨，业主咨询停车月卡，已答复',
    },
    inbound('1004', kefu, '8001', neighbour.callerPhone, neighbour.customerId, at(40 * MINUTE), null),
    inbound('1005', supervisor, '8002', '02164881234', null, at(2 * HOUR), null),
    {
      source: 'dial',
      externalId: 'demo-2001',
      direction: 'outbound',
      callerNumber: '8001',
      calledNumber: caller.callerPhone ?? DEMO_CALLER,
      extension: '8001',
      agentUserId: kefu.id,
      companyId: kefu.companyId,
      state: 'ended',
      ringingAt: at(DAY + 1 * HOUR),
      answeredAt: at(DAY + 1 * HOUR - 10_000),
      endedAt: at(DAY + 1 * HOUR - 105_000),
      durationSeconds: 95,
      customerId: caller.customerId,
      createdAt: at(DAY + 1 * HOUR),
      updatedAt: at(DAY + 1 * HOUR),
    },
  ];
  await write(deps, systemContext('seed-demo-calls'), async (tx, audit) => {
    for (const [username, extension] of Object.entries(demoExtensions)) {
      await tx.update(appUser).set({ extension }).where(eq(appUser.username, username));
    }
    await tx.insert(callRecord).values(calls);
    audit.record({
      action: 'call.seed',
      entityType: 'call',
      summary: `演示数据：坐席分机 8001、8002 与 ${calls.length} 条通话记录（含待回拨的未接来电）`,
    });
  });
}
