import { z } from 'zod';

export const roleDto = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  builtin: z.boolean(),
  permissions: z.array(z.string()),
  userCount: z.number().int(),
  updatedAt: z.iso.datetime(),
});
export type RoleDto = z.infer<typeof roleDto>;

export const roleBody = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,40}$/, 'code_format'),
  name: z.string().trim().min(1).max(40),
  description: z.string().trim().max(200).nullish(),
  permissions: z.array(z.string().max(60)).max(500),
});

export const permissionTree = z.array(
  z.object({
    module: z.string(),
    label: z.string(),
    permissions: z.array(z.object({ code: z.string(), label: z.string() })),
  }),
);
