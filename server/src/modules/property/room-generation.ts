/**
 * 房源生成: expands a rule (units × floors × rooms per floor, with skipped floor labels and a
 * two- or three-digit room suffix) into room numbers and codes. Pure, so the preview grid and
 * the apply step are computed by the same function.
 */
export interface GenerationRule {
  buildingCode: string;
  units: number;
  floorFrom: number;
  floorTo: number;
  skipFloors: number[];
  roomsPerFloor: number;
  suffixDigits: 2 | 3;
}

export interface GeneratedRoom {
  unitCode: string;
  floor: number;
  number: string;
  code: string;
}

export const MAX_ROOMS_PER_RULE = 5000;

/** Floors as labelled, lowest first, without the skipped labels (and never a floor 0). */
export function floorLabels(rule: Pick<GenerationRule, 'floorFrom' | 'floorTo' | 'skipFloors'>): number[] {
  const skip = new Set(rule.skipFloors);
  const out: number[] = [];
  for (let f = rule.floorFrom; f <= rule.floorTo; f++) if (f !== 0 && !skip.has(f)) out.push(f);
  return out;
}

/** 1201 for floor 12, room 1; B101 for the first room of basement floor 1. */
export function roomNumber(floor: number, index: number, suffixDigits: 2 | 3): string {
  const suffix = String(index).padStart(suffixDigits, '0');
  return floor < 0 ? `B${-floor}${suffix}` : `${floor}${suffix}`;
}

export function generateRooms(rule: GenerationRule): GeneratedRoom[] {
  const rooms: GeneratedRoom[] = [];
  const floors = floorLabels(rule);
  for (let u = 1; u <= rule.units; u++) {
    const unitCode = String(u);
    for (const floor of floors) {
      for (let i = 1; i <= rule.roomsPerFloor; i++) {
        const number = roomNumber(floor, i, rule.suffixDigits);
        rooms.push({ unitCode, floor, number, code: `${rule.buildingCode}-${unitCode}-${number}` });
      }
    }
  }
  return rooms;
}
