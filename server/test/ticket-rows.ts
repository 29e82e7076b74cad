import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { TicketType } from '../src/modules/catalogue/catalogue.table.js';
import { project } from '../src/modules/project/project.table.js';
import type { TicketState } from '../src/modules/ticket/ticket.states.js';
import { ticket } from '../src/modules/ticket/ticket.table.js';
import { appUser } from '../src/modules/user/user.table.js';
import type { TestApp } from './harness.js';

/**
 * A ticket row written straight to the database, for tests of what hangs on tickets (topics,
 * compensation) without going through the reception: in a project by its code, owned by a user.
 */
export async function insertTicket(
  t: TestApp,
  input: { projectCode: string; owner?: string; type?: TicketType; state?: TicketState; title?: string },
): Promise<typeof ticket.$inferSelect> {
  const db = t.deps.db;
  const [p] = await db.select().from(project).where(eq(project.code, input.projectCode));
  const [owner] = await db
    .select()
    .from(appUser)
    .where(eq(appUser.username, input.owner ?? 'kefu'));
  if (!p || !owner) throw new Error(`no project ${input.projectCode} or owner`);
  const [row] = await db
    .insert(ticket)
    .values({
      companyId: p.companyId,
      orgPath: p.orgPath,
      projectId: p.id,
      publicNo: `TS-${randomBytes(5).toString('hex').toUpperCase()}`,
      type: input.type ?? 'complaint',
      title: input.title ?? '3 号楼电梯又停了',
      content: '电梯本周第三次停运，老人上下楼困难',
      contactName: '王先生',
      state: input.state ?? 'dispatched',
      ownerAgentId: owner.id,
    })
    .returning();
  if (!row) throw new Error('insert ticket returned nothing');
  return row;
}
