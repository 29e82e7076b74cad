import type { Db } from '../../db/client.js';
import { type ParameterKey, type ParameterValue, parameterCatalogue } from './parameter.catalogue.js';
import { businessParameter } from './parameter.table.js';

// Several server instances may share one database: a value changed on another instance is
// picked up within this many milliseconds; on this instance, at once.
const CACHE_MS = 15_000;

export class ParameterService {
  private cache: Map<string, unknown> | undefined;
  private loadedAt = 0;

  constructor(private readonly db: Db) {}

  private async load(): Promise<Map<string, unknown>> {
    if (this.cache && Date.now() - this.loadedAt < CACHE_MS) return this.cache;
    const rows = await this.db.select().from(businessParameter);
    this.cache = new Map(rows.map((r) => [r.key, r.value]));
    this.loadedAt = Date.now();
    return this.cache;
  }

  invalidate(): void {
    this.cache = undefined;
  }

  /** The stored value when it is still valid for the catalogue, else the default. */
  async get<K extends ParameterKey>(key: K): Promise<ParameterValue<K>> {
    const stored = (await this.load()).get(key);
    const def = parameterCatalogue[key];
    if (stored !== undefined) {
      const parsed = def.schema.safeParse(stored);
      if (parsed.success) return parsed.data as ParameterValue<K>;
    }
    return def.default as ParameterValue<K>;
  }

  async stored(): Promise<Map<string, unknown>> {
    return this.load();
  }
}
