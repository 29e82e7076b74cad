import { z } from 'zod';
import { pageQuery } from '../../platform/routes.js';

export const notificationKinds = [
  'dispatched',
  'reassigned',
  'resolved',
  'sla_warning',
  'overdue',
  'escalated',
  'instruction',
  'visit_due',
  'compensation',
] as const;

export const notificationDto = z.object({
  id: z.uuid(),
  kind: z.string().meta({
    description:
      '类别：dispatched 新派、reassigned 改派、resolved 办结、sla_warning 时限预警、overdue 超时、escalated 升级、instruction 领导批示、visit_due 回访到期、compensation 赔付审批等',
  }),
  title: z.string().meta({ description: '中文标题（旧记录或未知类别时显示）' }),
  params: z
    .record(z.string(), z.string())
    .nullable()
    .meta({ description: '标题的取值（工单号、级别、时限等，日期为 ISO 字符串），前端据此按读者语言显示标题' }),
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
