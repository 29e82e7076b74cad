import { z } from 'zod';
import { pageQuery } from '../../platform/routes.js';

export const notificationKinds = ['sla_warning', 'overdue', 'escalated', 'instruction', 'deadline_recomputed'] as const;

export const notificationDto = z.object({
  id: z.uuid(),
  kind: z.string().meta({
    description:
      '类别：sla_warning 时限预警、overdue 超时、escalated 升级、instruction 领导批示、deadline_recomputed 时限重算等',
  }),
  title: z.string(),
  body: z.string().nullable(),
  ticketId: z.uuid().nullable(),
  /** The ticket's public number, so the bell can link and show it without another request. */
  ticketPublicNo: z.string().nullable(),
  read: z.boolean(),
  readAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type NotificationDto = z.infer<typeof notificationDto>;

export const notificationListQuery = z.strictObject({
  unread: z.enum(['true', 'false']).optional().meta({ description: 'true：只看未读' }),
  ...pageQuery,
});
export type NotificationListQuery = z.infer<typeof notificationListQuery>;

export const unreadCountDto = z.object({ count: z.number().int() });
export const readAllDto = z.object({ updated: z.number().int() });
