// The demo 投诉专题: 「3 号楼电梯频繁故障」 in 邻里花园, three residents' complaints about the lifts of
// building 3 raised at the desk and linked to it, with one progress update sent to all of them.
import { and, eq } from 'drizzle-orm';
import { createTopic, linkTickets, postTopicUpdate } from '../../modules/casework/topic.service.js';
import { catalogueNode } from '../../modules/catalogue/catalogue.table.js';
import { project } from '../../modules/project/project.table.js';
import { createReception } from '../../modules/ticket/reception.service.js';
import type { Deps } from '../../platform/context.js';
import { userContext } from './system-context.js';

const HOUR = 3_600_000;

const complaints = [
  { hoursAgo: 52, caller: '周女士', content: '3 号楼 2 号电梯这周第二次停运，家里老人上下楼很困难' },
  { hoursAgo: 30, caller: '吴先生', content: '3 号楼电梯又坏了，早上被困在 12 楼门口等了半小时' },
  { hoursAgo: 6, caller: '郑女士', content: '3 号楼电梯运行时有异响，抖得厉害，担心安全' },
];

export async function seedDemoTopics(deps: Deps): Promise<void> {
  const [llhy] = await deps.db.select().from(project).where(eq(project.code, 'SH-LLHY'));
  const [lift] = await deps.db
    .select({ id: catalogueNode.id })
    .from(catalogueNode)
    .where(and(eq(catalogueNode.name, '电梯故障'), eq(catalogueNode.kind, 'item')));
  if (!llhy || !lift) throw new Error('demo topics: 邻里花园 or 电梯故障 missing');
  const [kefu, supervisor] = await Promise.all([
    userContext(deps, 'seed-demo-topics', 'kefu'),
    userContext(deps, 'seed-demo-topics', 'supervisor'),
  ]);
  const now = deps.clock().getTime();
  const ticketIds: string[] = [];
  for (const c of complaints) {
    const when = now - c.hoursAgo * HOUR;
    const created = await createReception({ ...deps, clock: () => new Date(when) }, kefu, {
      projectId: llhy.id,
      channel: 'phone',
      callerName: c.caller,
      content: c.content,
      receivedAt: new Date(when).toISOString(),
      tickets: [{ type: 'complaint', catalogueItemId: lift.id, title: '3 号楼电梯故障' }],
    });
    ticketIds.push(...created.tickets.map((x) => x.id));
  }
  const [master, ...others] = ticketIds;
  const at = (hoursAgo: number): Deps => ({ ...deps, clock: () => new Date(now - hoursAgo * HOUR) });
  const topic = await createTopic(at(5), supervisor, {
    projectId: llhy.id,
    title: '3 号楼电梯频繁故障',
    description: '3 号楼 1、2 号电梯本月多次停运并有异响，多位业主来电投诉。已通知电梯维保单位全面检修。',
    masterTicketId: master ?? null,
  });
  if (others.length) await linkTickets(at(5), supervisor, topic.id, others);
  await postTopicUpdate(
    at(4),
    supervisor,
    topic.id,
    '维保单位已到场检修，2 号电梯主板已更换并恢复运行；1 号电梯将于本周六 9:00–17:00 停梯全面检测，请业主提前安排出行。',
  );
}
