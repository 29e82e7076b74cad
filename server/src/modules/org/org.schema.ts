import { z } from 'zod';
import { orgKinds } from './org.table.js';

const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,40}$/, 'code_format');

export const orgNode = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  kind: z.enum(orgKinds),
  name: z.string(),
  code: z.string(),
  companyId: z.string().nullable(),
  sortOrder: z.number().int(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  active: z.boolean(),
  projectCount: z.number().int(),
  userCount: z.number().int(),
});
export type OrgNodeDto = z.infer<typeof orgNode>;

export type OrgTreeNode = OrgNodeDto & { children: OrgTreeNode[] };
export const orgTreeNode: z.ZodType<OrgTreeNode> = orgNode
  .extend({
    get children() {
      return z.array(orgTreeNode);
    },
  })
  .meta({ id: 'OrgTreeNode' });

export const orgListQuery = z.strictObject({
  kind: z.enum(orgKinds).optional(),
});

export const createOrgBody = z.strictObject({
  parentId: z.uuid(),
  kind: z.enum(['company', 'project_office', 'department']),
  name: z.string().trim().min(1).max(60),
  code,
  sortOrder: z.number().int().min(0).max(9999).default(0),
  phone: z.string().trim().max(30).nullish(),
  address: z.string().trim().max(200).nullish(),
});

export const updateOrgBody = z.strictObject({
  name: z.string().trim().min(1).max(60),
  code,
  sortOrder: z.number().int().min(0).max(9999),
  phone: z.string().trim().max(30).nullish(),
  address: z.string().trim().max(200).nullish(),
  active: z.boolean(),
});
