import { z } from 'zod';
import { catalogueNodeKinds, severities, ticketTypes } from './catalogue.table.js';

const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,40}$/, 'code_format');

/** A year, in minutes: no limit of a property service desk is longer. */
export const MAX_LIMIT_MINUTES = 365 * 24 * 60;

export const catalogueNodeDto = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  kind: z.enum(catalogueNodeKinds),
  code: z.string(),
  name: z.string(),
  namePinyin: z.string(),
  nameInitials: z.string(),
  sortOrder: z.number().int(),
  ticketTypes: z.array(z.enum(ticketTypes)),
  department: z.string().nullable(),
  severity: z.enum(severities).nullable(),
  responseMinutes: z.number().int().nullable(),
  resolutionMinutes: z.number().int().nullable(),
  calendarTime: z.boolean(),
  returnVisitRequired: z.boolean(),
  trade: z.string().nullable(),
  /** The node's own switch. */
  active: z.boolean(),
  /** Whether reception offers it: the node and every category above it are active. */
  effectiveActive: z.boolean(),
  /** Items below a category (at any depth); 0 for an item. */
  itemCount: z.number().int(),
  updatedAt: z.string(),
});
export type CatalogueNodeDto = z.infer<typeof catalogueNodeDto>;

export type CatalogueTreeNode = CatalogueNodeDto & { children: CatalogueTreeNode[] };
export const catalogueTreeNode: z.ZodType<CatalogueTreeNode> = catalogueNodeDto
  .extend({
    get children() {
      return z.array(catalogueTreeNode);
    },
  })
  .meta({ id: 'CatalogueTreeNode' });

export const treeQuery = z.strictObject({
  activeOnly: z.enum(['true', 'false']).default('false'),
});

export const searchQuery = z.strictObject({
  q: z.string().trim().min(1).max(40),
  type: z.enum(ticketTypes).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const searchHit = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  /** The categories above the item, top first. */
  categories: z.array(z.string()),
  /** 房屋质量 › 渗漏 › 卫生间渗漏 */
  pathText: z.string(),
  ticketTypes: z.array(z.enum(ticketTypes)),
  department: z.string().nullable(),
  severity: z.enum(severities),
  responseMinutes: z.number().int(),
  resolutionMinutes: z.number().int(),
  calendarTime: z.boolean(),
  returnVisitRequired: z.boolean(),
  trade: z.string().nullable(),
});
export type SearchHit = z.infer<typeof searchHit>;

const name = z.string().trim().min(1).max(40);

export const categoryBody = z.strictObject({
  /** Null: a top-level category. Omitted: the top level when creating, unchanged when updating. */
  parentId: z.uuid().nullish(),
  name,
  /** Omitted on creation: generated from the parent's code (0101 → 010103). */
  code: code.optional(),
});
export type CategoryInput = z.infer<typeof categoryBody>;

const limit = z
  .number()
  .int('catalogue_limit_invalid')
  .min(1, 'catalogue_limit_invalid')
  .max(MAX_LIMIT_MINUTES, 'catalogue_limit_too_long');

export const itemBody = z
  .strictObject({
    parentId: z.uuid(),
    name,
    code: code.optional(),
    ticketTypes: z
      .array(z.enum(ticketTypes))
      .min(1, 'catalogue_types_required')
      .max(ticketTypes.length)
      .refine((types) => new Set(types).size === types.length, 'catalogue_types_repeated'),
    department: z.string().trim().min(1).max(40),
    severity: z.enum(severities),
    responseMinutes: limit,
    resolutionMinutes: limit,
    calendarTime: z.boolean().default(false),
    returnVisitRequired: z.boolean().default(true),
    trade: z.string().trim().min(1).max(40).nullish(),
  })
  .refine((b) => b.resolutionMinutes >= b.responseMinutes, {
    message: 'catalogue_resolution_before_response',
    path: ['resolutionMinutes'],
  });
export type ItemInput = z.infer<typeof itemBody>;

export const reorderBody = z.strictObject({
  /** The category whose children are ordered; null for the top level. */
  parentId: z.uuid().nullable(),
  /** Every child of that parent, in the new order. */
  ids: z.array(z.uuid()).min(1).max(1000),
});

export const importRejection = z.object({
  /** The row number as the spreadsheet program shows it. */
  row: z.number().int(),
  name: z.string().nullable(),
  reason: z.string(),
});

export const importResult = z.object({
  /** False when any row was refused: then nothing was written (all or nothing). */
  applied: z.boolean(),
  rowCount: z.number().int(),
  createdCategories: z.number().int(),
  createdItems: z.number().int(),
  updatedItems: z.number().int(),
  unchangedItems: z.number().int(),
  rejected: z.array(importRejection),
});
export type ImportResult = z.infer<typeof importResult>;
