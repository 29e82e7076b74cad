import { z } from 'zod';
import { ticketStates } from './ticket.states.js';

export const workbenchItem = z.object({
  ticketId: z.uuid(),
  publicNo: z.string(),
  title: z.string(),
  state: z.enum(ticketStates),
  projectName: z.string(),
  resolutionDueAt: z.iso.datetime().nullable(),
  overdue: z.boolean(),
  escalationLevel: z.number().int(),
});
export type WorkbenchItem = z.infer<typeof workbenchItem>;

const bucket = z.object({ count: z.number().int(), items: z.array(workbenchItem) });
export type WorkbenchBucket = z.infer<typeof bucket>;

export const workbenchDto = z.object({
  /** Open tickets where I am the handler or in the handling department. */
  mine: bucket,
  /** Mine, due within 4 hours or already warned; not yet overdue and not waiting on the customer. */
  dueSoon: bucket,
  /** Overdue: mine; for supervisors (ticket.configure or ticket.instruct) every one in scope. */
  overdue: bucket,
  /** Return visits pending: mine as the owner agent; with ticket.visit every one in scope. */
  toVisit: bucket,
  /** Requests waiting for my decision (counts only). */
  toApprove: z.object({
    count: z.number().int(),
    renameRequests: z.number().int(),
    exportRequests: z.number().int(),
  }),
  /** Open tickets escalated to me (I was a recipient). */
  escalatedToMe: bucket,
  /** 待回拨: missed inbound calls in my call log not yet called back (with call.read; else 0). */
  callbacks: z.object({ count: z.number().int() }),
  unreadNotifications: z.number().int(),
  /** The instant the counts were taken. */
  at: z.iso.datetime(),
});
export type WorkbenchDto = z.infer<typeof workbenchDto>;
