import { z } from 'zod';

export const loginBody = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export const meResponse = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  mobile: z.string().nullable().meta({ description: '脱敏手机号' }),
  extension: z.string().nullable().meta({ description: '本人坐席分机号' }),
  orgId: z.string(),
  orgName: z.string(),
  roles: z.array(z.object({ code: z.string(), name: z.string() })),
  permissions: z.array(z.string()),
  scope: z.object({
    all: z.boolean(),
    orgs: z.array(z.object({ id: z.string(), name: z.string() })),
    projects: z.array(z.object({ id: z.string(), name: z.string() })),
  }),
  mustChangePassword: z.boolean(),
  passwordPolicy: z.enum(['default', 'dengbao']),
  serviceName: z.string(),
  renameRequiresApproval: z.boolean().meta({ description: '客户名称须经更名申请审批后修改（业务参数）' }),
});
export type MeResponse = z.infer<typeof meResponse>;

export const loginResponse = z.object({
  user: meResponse,
  expiresAt: z.iso.datetime(),
});
