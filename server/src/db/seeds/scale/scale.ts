import type { Secrets } from '../../../platform/secrets.js';
import type { Database } from '../../client.js';

/**
 * The scale data generator's contract (issue: measurement). `npm run seed -- --scale <name>`
 * and the benchmarks (`npm run bench -- --scale <name>`) both call `generateScale`.
 *
 * Row counts per scale: tiny (tests) = 1 project, 200 rooms, 250 customers, 1 000 tickets;
 * small = 3 projects, 3 k rooms, 4 k customers, 20 k tickets; medium = 10 × small;
 * large = 100 projects, 1 M rooms, 1.2 M customers, 5 M tickets (PostgreSQL).
 */
export const scales = ['tiny', 'small', 'medium', 'large'] as const;
export type Scale = (typeof scales)[number];

export interface ScaleOptions {
  scale: Scale;
  /** Same seed, same data (names, numbers, dates, states), whatever the machine. */
  seed: number;
  /** The generator's "now": tickets spread over the two years before it. */
  now: Date;
  /** Called while it runs, for the rows-per-second line. */
  onProgress?: (progress: { table: string; rows: number; total: number; rowsPerSecond: number }) => void;
}

export interface ScaleSummary {
  scale: Scale;
  seed: number;
  /** Rows written per table. */
  rows: Record<string, number>;
  seconds: number;
  /** Ids the benchmarks pick from (a company, its projects, a few phones, customer names …). */
  samples: {
    companyId: string;
    projectIds: string[];
    phones: string[];
    customerNames: string[];
    roomCodes: string[];
  };
}

export type GenerateScale = (database: Database, secrets: Secrets, options: ScaleOptions) => Promise<ScaleSummary>;
