import { describe, expect, it } from 'vitest';
import { floorLabels, type GenerationRule, generateRooms, roomNumber } from './room-generation.js';

const rule = (extra: Partial<GenerationRule> = {}): GenerationRule => ({
  buildingCode: '3',
  units: 2,
  floorFrom: 1,
  floorTo: 18,
  skipFloors: [4, 13, 14],
  roomsPerFloor: 2,
  suffixDigits: 2,
  ...extra,
});

describe('floorLabels', () => {
  it('lists the floors lowest first without the skipped labels', () => {
    expect(floorLabels({ floorFrom: 1, floorTo: 18, skipFloors: [4, 13, 14] })).toEqual([
      1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 15, 16, 17, 18,
    ]);
    expect(floorLabels({ floorFrom: 1, floorTo: 6, skipFloors: [] })).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('never has a floor 0: B1 sits directly under 1', () => {
    expect(floorLabels({ floorFrom: -2, floorTo: 2, skipFloors: [] })).toEqual([-2, -1, 1, 2]);
    expect(floorLabels({ floorFrom: 0, floorTo: 0, skipFloors: [] })).toEqual([]);
  });

  it('ignores skipped labels outside the range, and can skip every floor', () => {
    expect(floorLabels({ floorFrom: 5, floorTo: 7, skipFloors: [4, 13, 6] })).toEqual([5, 7]);
    expect(floorLabels({ floorFrom: 4, floorTo: 4, skipFloors: [4] })).toEqual([]);
  });
});

describe('roomNumber', () => {
  it('joins the floor and a two-digit suffix', () => {
    expect(roomNumber(12, 1, 2)).toBe('1201');
    expect(roomNumber(1, 2, 2)).toBe('102');
    expect(roomNumber(3, 12, 2)).toBe('312');
  });

  it('joins the floor and a three-digit suffix', () => {
    expect(roomNumber(12, 1, 3)).toBe('12001');
    expect(roomNumber(1, 15, 3)).toBe('1015');
  });

  it('numbers basement floors B1, B2 …', () => {
    expect(roomNumber(-1, 1, 2)).toBe('B101');
    expect(roomNumber(-2, 3, 2)).toBe('B203');
    expect(roomNumber(-1, 1, 3)).toBe('B1001');
  });
});

describe('generateRooms', () => {
  it('makes units × floors × rooms per floor rooms, coded building-unit-number', () => {
    const rooms = generateRooms(rule());
    expect(rooms).toHaveLength(2 * 15 * 2);
    expect(rooms[0]).toEqual({ unitCode: '1', floor: 1, number: '101', code: '3-1-101' });
    expect(rooms.at(-1)).toEqual({ unitCode: '2', floor: 18, number: '1802', code: '3-2-1802' });
    expect(rooms.filter((r) => r.number === '1201').map((r) => r.code)).toEqual(['3-1-1201', '3-2-1201']);
    for (const r of rooms) expect(r.code).toBe(`3-${r.unitCode}-${r.number}`);
    // Skipped labels have no rooms; every code is distinct.
    expect(rooms.filter((r) => [4, 13, 14].includes(r.floor))).toEqual([]);
    expect(new Set(rooms.map((r) => r.code)).size).toBe(rooms.length);
  });

  it('counts exactly units × floors × rooms for other shapes', () => {
    expect(
      generateRooms(rule({ units: 1, floorFrom: 1, floorTo: 32, skipFloors: [4, 13, 14, 24], roomsPerFloor: 4 })),
    ).toHaveLength(28 * 4);
    expect(generateRooms(rule({ units: 3, floorFrom: -2, floorTo: 6, skipFloors: [], roomsPerFloor: 5 }))).toHaveLength(
      3 * 8 * 5,
    );
    expect(generateRooms(rule({ floorFrom: 4, floorTo: 4, skipFloors: [4] }))).toEqual([]);
  });

  it('uses the three-digit suffix in numbers and codes', () => {
    const rooms = generateRooms(rule({ buildingCode: 'A', units: 1, floorFrom: 12, floorTo: 12, suffixDigits: 3 }));
    expect(rooms.map((r) => r.code)).toEqual(['A-1-12001', 'A-1-12002']);
  });

  it('codes basement rooms with their B-number', () => {
    const rooms = generateRooms(rule({ buildingCode: 'P', units: 1, floorFrom: -1, floorTo: 1, roomsPerFloor: 1 }));
    expect(rooms.map((r) => [r.floor, r.code])).toEqual([
      [-1, 'P-1-B101'],
      [1, 'P-1-101'],
    ]);
  });
});
