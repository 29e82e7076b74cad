import { z } from 'zod';

export const instructionBody = z.strictObject({
  body: z.string().trim().min(1).max(2000).meta({ description: '批示内容' }),
});

export const instructionDto = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  publicNo: z.string(),
  kind: z.literal('instruction'),
  body: z.string(),
  actorId: z.uuid(),
  actorName: z.string(),
  occurredAt: z.iso.datetime(),
  /** How many people were notified (handler or department members, owner agent). */
  notified: z.number().int(),
});
export type InstructionDto = z.infer<typeof instructionDto>;

export const fastForwardBody = z.strictObject({
  all: z
    .boolean()
    .default(false)
    .meta({ description: 'false（默认）：只把最早一个待触发的时限点提前到现在；true：本轮全部提前' }),
});

export const fastForwardDto = z.object({
  moved: z.number().int(),
  fired: z.number().int(),
  slaWarned: z.boolean(),
  responseOverdue: z.boolean(),
  resolutionOverdue: z.boolean(),
  escalationLevel: z.number().int(),
  escalationCount: z.number().int(),
  /** Pending timers of the round still to come, earliest first. */
  pending: z.array(
    z.object({
      clock: z.enum(['response', 'resolution']),
      kind: z.enum(['warning', 'due', 'escalation']),
      level: z.number().int(),
      fireAt: z.iso.datetime().nullable(),
    }),
  ),
});
