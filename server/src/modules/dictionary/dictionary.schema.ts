import { z } from 'zod';

const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,40}$/, 'code_format');

export const dictionaryDto = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  description: z.string().nullable(),
  builtin: z.boolean(),
  itemCount: z.number().int(),
});

export const dictionaryItemDto = z.object({
  id: z.string(),
  dictionaryId: z.string(),
  code: z.string(),
  label: z.string(),
  labelEn: z.string().nullable(),
  sortOrder: z.number().int(),
  active: z.boolean(),
});

export const dictionaryBody = z.strictObject({
  code,
  name: z.string().trim().min(1).max(40),
  nameEn: z.string().trim().max(60).nullish(),
  description: z.string().trim().max(200).nullish(),
});

export const dictionaryItemBody = z.strictObject({
  code,
  label: z.string().trim().min(1).max(60),
  labelEn: z.string().trim().max(80).nullish(),
  sortOrder: z.number().int().min(0).max(9999).default(0),
  active: z.boolean().default(true),
});

export const dictionaryCodeParams = z.strictObject({ code });
export const itemParams = z.strictObject({ id: z.uuid(), itemId: z.uuid() });
export const itemsQuery = z.strictObject({
  includeInactive: z.enum(['true', 'false']).default('false'),
});
