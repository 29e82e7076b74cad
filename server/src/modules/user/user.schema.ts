import { z } from 'zod';
import { mobileField } from '../../platform/phone.js';
import { pageQuery } from '../../platform/routes.js';

export const assignmentInput = z.discriminatedUnion('scopeKind', [
  z.strictObject({ roleId: z.uuid(), scopeKind: z.literal('all') }),
  z.strictObject({ roleId: z.uuid(), scopeKind: z.literal('org'), scopeOrgId: z.uuid() }),
  z.strictObject({
    roleId: z.uuid(),
    scopeKind: z.literal('projects'),
    scopeProjectIds: z.array(z.uuid()).min(1).max(500),
  }),
]);
export type AssignmentInput = z.infer<typeof assignmentInput>;

export const assignmentDto = z.object({
  id: z.string(),
  roleId: z.string(),
  roleName: z.string(),
  scopeKind: z.enum(['all', 'org', 'projects']),
  scopeOrgId: z.string().nullable(),
  scopeProjectIds: z.array(z.string()),
  scopeLabel: z.string(),
});

export const userDto = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  mobile: z.string().nullable().meta({ description: '脱敏手机号' }),
  email: z.string().nullable().meta({ description: '脱敏邮箱' }),
  extension: z.string().nullable().meta({ description: '坐席分机号（来电弹屏按分机推送）' }),
  orgId: z.string(),
  orgName: z.string(),
  positions: z.array(z.string()),
  active: z.boolean(),
  locked: z.boolean(),
  lockedUntil: z.iso.datetime().nullable(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  assignments: z.array(assignmentDto),
});
export type UserDto = z.infer<typeof userDto>;

export const userFilter = {
  keyword: z.string().trim().max(60).optional().meta({ description: '姓名、用户名或手机号' }),
  orgId: z.uuid().optional().meta({ description: '所属组织（含下级）' }),
  roleId: z.uuid().optional(),
  active: z.enum(['true', 'false']).optional(),
};
export const userListQuery = z.strictObject({ ...pageQuery, ...userFilter });
export const userExportQuery = z.strictObject(userFilter);

const username = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{3,32}$/, 'username_format');
const extension = z
  .string()
  .trim()
  .regex(/^\d{2,10}$/, 'extension_format')
  .meta({ description: '坐席分机号（2–10 位数字，全系统唯一）', example: '8001' });
const email = z
  .string()
  .trim()
  .max(120)
  .pipe(z.email({ message: 'email_invalid' }));

export const createUserBody = z.strictObject({
  username,
  name: z.string().trim().min(1).max(40),
  mobile: mobileField.nullish(),
  email: email.nullish(),
  extension: extension.nullish(),
  orgId: z.uuid(),
  positions: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  password: z.string().min(8).max(256).optional().meta({ description: '不填则自动生成；用户首次登录须修改' }),
  assignments: z.array(assignmentInput).max(50).default([]),
});

export const updateUserBody = z.strictObject({
  name: z.string().trim().min(1).max(40),
  mobile: mobileField.nullish().meta({ description: '不传则不变，null 清空' }),
  email: email.nullish().meta({ description: '不传则不变，null 清空' }),
  extension: extension.nullish().meta({ description: '不传则不变，null 清空' }),
  orgId: z.uuid(),
  positions: z.array(z.string().trim().min(1).max(40)).max(20),
  assignments: z.array(assignmentInput).max(50),
});

export const resetPasswordBody = z.strictObject({
  password: z.string().min(8).max(256).optional().meta({ description: '不填则自动生成' }),
});

export const issuedPasswordResponse = z.object({
  user: userDto,
  issuedPassword: z.string().meta({ description: '仅显示这一次；用户首次登录须修改' }),
});
