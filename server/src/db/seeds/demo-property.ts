import { createHash } from 'node:crypto';
import { building, type RoomStatus, type RoomType, room, unit } from '../../modules/property/property.table.js';
import { type GenerationRule, generateRooms } from '../../modules/property/room-generation.js';
import type { AuditRecorder } from '../../platform/audit.js';
import type { Tx } from '../client.js';

interface BuildingSeed extends Omit<GenerationRule, 'buildingCode' | 'suffixDigits'> {
  code: string;
  name: string;
  type?: RoomType;
  layouts: { layout: string; gross: number; net: number; orientation: string }[];
  deliveryDate: string | null;
  /** Share of rooms in each status, by the room code's hash. */
  mix: Partial<Record<RoomStatus, number>>;
}

const lived: BuildingSeed['mix'] = { occupied: 0.62, delivered: 0.14, vacant: 0.1, decorating: 0.09, sold: 0.05 };

/** Buildings of the demo projects, generated the way 房源生成 would. */
export const demoBuildings: Record<string, BuildingSeed[]> = {
  llhy: [1, 2, 3].map((n) => ({
    code: String(n),
    name: `${n}栋`,
    units: 2,
    floorFrom: 1,
    floorTo: 18,
    skipFloors: [4, 13, 14],
    roomsPerFloor: 2,
    layouts: [
      { layout: '三室两厅两卫', gross: 128.56, net: 105.32, orientation: '南北通透' },
      { layout: '两室两厅一卫', gross: 89.37, net: 72.15, orientation: '南' },
    ],
    deliveryDate: '2023-06-30',
    mix: lived,
  })),
  bjyh: [
    {
      code: '1',
      name: '1号楼',
      units: 1,
      floorFrom: 1,
      floorTo: 32,
      skipFloors: [4, 13, 14, 24],
      roomsPerFloor: 4,
      layouts: [
        { layout: '四室两厅三卫', gross: 186.2, net: 152.6, orientation: '南' },
        { layout: '三室两厅两卫', gross: 142.75, net: 116.4, orientation: '东南' },
        { layout: '三室两厅两卫', gross: 139.9, net: 114.05, orientation: '西南' },
        { layout: '两室两厅两卫', gross: 112.08, net: 90.3, orientation: '北' },
      ],
      deliveryDate: '2026-09-30',
      mix: { delivered: 0.45, sold: 0.3, decorating: 0.15, unsold: 0.1 },
    },
    {
      code: 'S',
      name: '沿街商铺',
      units: 1,
      floorFrom: 1,
      floorTo: 2,
      skipFloors: [],
      roomsPerFloor: 6,
      type: 'shop',
      layouts: [{ layout: '通铺', gross: 65.5, net: 58, orientation: '南' }],
      deliveryDate: '2026-09-30',
      mix: { sold: 0.5, unsold: 0.3, vacant: 0.2 },
    },
  ],
  csy: [1, 2].map((n) => ({
    code: String(n),
    name: `${n}号楼`,
    units: 3,
    floorFrom: 1,
    floorTo: 6,
    skipFloors: [],
    roomsPerFloor: 2,
    layouts: [{ layout: '两室一厅一卫', gross: 76.8, net: 63.2, orientation: '南' }],
    deliveryDate: '2015-12-20',
    mix: { occupied: 0.8, vacant: 0.12, decorating: 0.08 },
  })),
  xxyl: [1, 2, 3, 4].map((n) => ({
    code: String(n),
    name: `${n}幢`,
    units: 2,
    floorFrom: 1,
    floorTo: 11,
    skipFloors: [4],
    roomsPerFloor: 2,
    layouts: [
      { layout: '三室两厅两卫', gross: 118.45, net: 96.7, orientation: '南' },
      { layout: '三室两厅一卫', gross: 99.12, net: 80.9, orientation: '南北通透' },
    ],
    deliveryDate: '2024-12-31',
    mix: lived,
  })),
};

function statusFor(code: string, mix: BuildingSeed['mix']): RoomStatus {
  const x = createHash('sha256').update(code).digest().readUInt32BE(0) / 0xffffffff;
  let acc = 0;
  for (const [status, share] of Object.entries(mix) as [RoomStatus, number][]) {
    acc += share;
    if (x <= acc) return status;
  }
  return (Object.keys(mix)[0] as RoomStatus) ?? 'unsold';
}

export async function seedDemoProperty(
  tx: Tx,
  audit: AuditRecorder,
  projectId: string,
  projectName: string,
  orgPath: string,
  seeds: BuildingSeed[],
): Promise<void> {
  for (const [i, seed] of seeds.entries()) {
    const [b] = await tx
      .insert(building)
      .values({ projectId, code: seed.code, name: seed.name, sortOrder: i + 1 })
      .returning();
    if (!b) throw new Error('demo seed: insert building returned nothing');
    const unitIds = new Map<string, string>();
    for (let u = 1; u <= seed.units; u++) {
      const [row] = await tx
        .insert(unit)
        .values({ projectId, buildingId: b.id, code: String(u), name: `${u}单元`, sortOrder: u })
        .returning();
      if (row) unitIds.set(String(u), row.id);
    }
    const rooms = generateRooms({ ...seed, buildingCode: seed.code, suffixDigits: 2 });
    await tx.insert(room).values(
      rooms.map((r) => {
        const index = Number(r.number.slice(-2)) - 1;
        const shape = seed.layouts[index % seed.layouts.length] ?? seed.layouts[0];
        const status = statusFor(r.code, seed.mix);
        return {
          projectId,
          buildingId: b.id,
          unitId: unitIds.get(r.unitCode) ?? null,
          floor: r.floor,
          number: r.number,
          code: r.code,
          type: seed.type ?? 'residence',
          grossArea: shape?.gross.toFixed(2) ?? null,
          netArea: shape?.net.toFixed(2) ?? null,
          layout: shape?.layout ?? null,
          orientation: shape?.orientation ?? null,
          status,
          deliveryDate: status === 'unsold' || status === 'sold' ? null : seed.deliveryDate,
        };
      }),
    );
    audit.record({
      action: 'room.generate',
      entityType: 'building',
      entityId: b.id,
      orgPath,
      projectId,
      summary: `演示数据：${projectName} ${b.name} 生成 ${rooms.length} 间房`,
    });
  }
}
