import { z } from 'zod';
import { day, pageQuery } from '../../platform/routes.js';
import { roomStatuses, roomTypes } from './property.table.js';

const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{1,10}$/, 'property_code_format');
const area = z
  .number()
  .min(0)
  .max(100_000)
  .refine((n) => Math.round(n * 100) === n * 100 || Math.abs(Math.round(n * 100) - n * 100) < 1e-6, 'area_decimals');

export const buildingDto = z.object({
  id: z.string(),
  projectId: z.string(),
  code: z.string(),
  name: z.string(),
  sortOrder: z.number().int(),
  roomCount: z.number().int(),
  units: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), roomCount: z.number().int() })),
});
export type BuildingDto = z.infer<typeof buildingDto>;

export const buildingBody = z.strictObject({
  projectId: z.uuid(),
  code,
  name: z.string().trim().min(1).max(40),
  sortOrder: z.number().int().min(0).max(9999).default(0),
});
export const buildingUpdateBody = buildingBody.omit({ projectId: true });
export const buildingListQuery = z.strictObject({ projectId: z.uuid() });

export const roomDto = z.object({
  id: z.string(),
  projectId: z.string(),
  projectName: z.string(),
  buildingId: z.string(),
  buildingName: z.string(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  floor: z.number().int(),
  number: z.string(),
  code: z.string(),
  type: z.enum(roomTypes),
  grossArea: z.number().nullable(),
  netArea: z.number().nullable(),
  layout: z.string().nullable(),
  orientation: z.string().nullable(),
  status: z.enum(roomStatuses),
  deliveryDate: z.string().nullable(),
  updatedAt: z.iso.datetime(),
});
export type RoomDto = z.infer<typeof roomDto>;

export const billingTargetDto = z
  .object({
    customerId: z.string(),
    name: z.string(),
    role: z.enum(['owner', 'tenant', 'resident']),
  })
  .nullable()
  .meta({ description: '收费对象：住户，其次租户，其次业主；都没有则为空置不计费（null）' });

export const roomDetailDto = roomDto.extend({
  billingTarget: billingTargetDto.optional().meta({ description: '有“查看客户”权限时返回' }),
});

export const roomFilter = {
  projectId: z.uuid().optional(),
  buildingId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  status: z.enum(roomStatuses).optional(),
  type: z.enum(roomTypes).optional(),
  keyword: z.string().trim().max(40).optional().meta({ description: '房号或房间编码，如 1201 或 3-2-1201' }),
};
export const roomListQuery = z.strictObject({ ...pageQuery, ...roomFilter });
export const roomExportQuery = z.strictObject(roomFilter);

export const roomUpdateBody = z.strictObject({
  type: z.enum(roomTypes),
  grossArea: area.nullable(),
  netArea: area.nullable(),
  layout: z.string().trim().max(40).nullable(),
  orientation: z.string().trim().max(40).nullable(),
  status: z.enum(roomStatuses),
  deliveryDate: day.nullable(),
});

export const generationBody = z
  .strictObject({
    projectId: z.uuid(),
    buildingCode: code,
    buildingName: z.string().trim().min(1).max(40).optional().meta({ description: '新楼栋的名称，默认“{编码}栋”' }),
    units: z.number().int().min(1).max(20),
    floorFrom: z.number().int().min(-5).max(120),
    floorTo: z.number().int().min(-5).max(120),
    skipFloors: z.array(z.number().int().min(-5).max(120)).max(50).default([]),
    roomsPerFloor: z.number().int().min(1).max(50),
    suffixDigits: z.union([z.literal(2), z.literal(3)]).default(2),
    type: z.enum(roomTypes).default('residence'),
    grossArea: area.nullish(),
    netArea: area.nullish(),
    layout: z.string().trim().max(40).nullish(),
    orientation: z.string().trim().max(40).nullish(),
    status: z.enum(roomStatuses).default('unsold'),
  })
  .refine((r) => r.floorFrom <= r.floorTo, { message: 'floor_range_invalid', path: ['floorTo'] });
export type GenerationInput = z.infer<typeof generationBody>;

export const generationPreview = z.object({
  buildingExists: z.boolean(),
  total: z.number().int(),
  existing: z.number().int(),
  toCreate: z.number().int(),
  units: z.array(
    z.object({
      code: z.string(),
      floors: z.array(
        z.object({
          floor: z.number().int(),
          rooms: z.array(z.object({ number: z.string(), code: z.string(), exists: z.boolean() })),
        }),
      ),
    }),
  ),
});

export const generationResult = z.object({
  buildingId: z.string(),
  created: z.number().int(),
  skipped: z.number().int(),
});

export const roomGrid = z.object({
  building: z.object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    projectId: z.string(),
    projectName: z.string(),
  }),
  units: z.array(z.object({ id: z.string().nullable(), code: z.string(), name: z.string() })),
  floors: z.array(
    z.object({
      floor: z.number().int(),
      rooms: z.array(
        z.object({
          id: z.string(),
          code: z.string(),
          number: z.string(),
          unitId: z.string().nullable(),
          type: z.enum(roomTypes),
          status: z.enum(roomStatuses),
          grossArea: z.number().nullable(),
        }),
      ),
    }),
  ),
  statusCounts: z.record(z.enum(roomStatuses), z.number().int()),
});
