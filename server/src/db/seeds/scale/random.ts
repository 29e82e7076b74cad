/**
 * Deterministic randomness for the scale generator: a small seeded PRNG (mulberry32) and an
 * integer mix, so that any row's values can be recomputed from (seed, table, index) alone —
 * a ticket finds its customer's name and phone without the customers being kept in memory.
 */

/** A 32-bit mix of a few integers (murmur3's finaliser over a running hash). */
export function mix(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const v of values) {
    h = Math.imul(h ^ (v >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** One of the keys, by weight. */
  weighted<K extends string>(weights: readonly (readonly [K, number])[]): K {
    let total = 0;
    for (const [, w] of weights) total += w;
    let r = this.next() * total;
    for (const [k, w] of weights) {
      r -= w;
      if (r < 0) return k;
    }
    return (weights[weights.length - 1] as readonly [K, number])[0];
  }
}

/** The PRNG of one row: the same (seed, table, index) gives the same values on every machine. */
export function rowRng(seed: number, table: number, index: number): Rng {
  return new Rng(mix(seed, table, index, Math.floor(index / 4294967296)));
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/**
 * A deterministic UUID for row `index` of `table` in the run of `seed` (version-4 layout, so any
 * tool accepts it). Ids of one table are ordered by index, which keeps the B-trees compact.
 */
export function makeIds(seed: number) {
  const runPart = hex(mix(seed, 0x5ca1e), 8);
  const tail = hex(mix(seed, 0xfeed) & 0xfff, 3);
  return (table: number, index: number) =>
    `${runPart}-${hex(table & 0xffff, 4)}-4${tail}-8${hex(Math.floor(index / 2 ** 48) & 0xfff, 3)}-${hex(index % 2 ** 48, 12)}`;
}
export type MakeId = ReturnType<typeof makeIds>;

/** Table tags of the deterministic ids. */
export const tags = {
  org: 1,
  project: 2,
  user: 3,
  building: 4,
  unit: 5,
  room: 6,
  customer: 7,
  phone: 8,
  occupancy: 9,
  reception: 10,
  ticket: 11,
  event: 12,
  timer: 13,
  visit: 14,
  escalation: 15,
  assignment: 16,
} as const;
