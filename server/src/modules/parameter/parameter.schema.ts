import { z } from 'zod';

export const parameterDto = z.object({
  key: z.string(),
  group: z.string(),
  type: z.enum(['enum', 'integer', 'string', 'boolean']),
  options: z.array(z.string()).nullable(),
  label: z.string(),
  description: z.string(),
  value: z.union([z.string(), z.number(), z.boolean()]),
  defaultValue: z.union([z.string(), z.number(), z.boolean()]),
  isDefault: z.boolean(),
  updatedAt: z.iso.datetime().nullable(),
});

export const parameterKeyParams = z.strictObject({ key: z.string().max(80) });
export const parameterBody = z.strictObject({ value: z.union([z.string().max(500), z.number(), z.boolean()]) });
