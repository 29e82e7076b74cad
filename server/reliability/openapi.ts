import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import type { ZodApp } from '../src/platform/routes.js';

/**
 * The operations of the OpenAPI document the running app serves (the same one `npm run openapi`
 * commits), read generically so that a new endpoint is walked by the reliability suite without
 * anyone listing it.
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface JsonSchema {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  example?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: Method;
  /** The path as documented, e.g. `/api/customers/{id}/contacts/{contactId}`. */
  path: string;
  /** `GET /api/customers/{id}`. */
  key: string;
  summary: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** The JSON request body's schema, when it takes one. */
  body: JsonSchema | null;
  bodyRequired: boolean;
  /** Takes multipart/form-data (documented in the summary or description, not as a body schema). */
  multipart: boolean;
  /** The content types of its success answers. */
  produces: string[];
}

interface RawOperation {
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

export function operationsOf(app: ZodApp): Operation[] {
  const doc = app.swagger() as unknown as { paths: Record<string, Record<string, RawOperation>> };
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [m, raw] of Object.entries(item)) {
      const method = m.toUpperCase() as Method;
      const parameters = raw.parameters ?? [];
      const text = `${raw.summary ?? ''} ${raw.description ?? ''}`;
      const json = raw.requestBody?.content?.['application/json']?.schema ?? null;
      const produces = Object.entries(raw.responses ?? {})
        .filter(([status]) => status.startsWith('2'))
        .flatMap(([, r]) => Object.keys(r.content ?? {}));
      out.push({
        method,
        path,
        key: `${method} ${path}`,
        summary: raw.summary ?? '',
        pathParams: parameters.filter((p) => p.in === 'path'),
        queryParams: parameters.filter((p) => p.in === 'query'),
        body: json,
        bodyRequired: raw.requestBody?.required ?? false,
        multipart: !json && method !== 'GET' && /multipart/i.test(text),
        produces,
      });
    }
  }
  return out;
}

/** Fills `{name}` in a documented path. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return encodeURIComponent(value);
  });
}

export const isIdParam = (p: Parameter) => p.schema.format === 'uuid';

// ── generated values ──────────────────────────────────────────────────────

const typesOf = (schema: JsonSchema): string[] =>
  schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];

/** Plausible Chinese text for free-text fields: what the service desk actually types. */
const chineseText = fc.constantFrom('卫生间渗漏', '楼道灯不亮', '王先生', '物业费收费异议', '3 号楼电梯停运', '测试');

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 40, Math.max(minLength, 40));
  switch (schema.format) {
    case 'uuid':
      return fc.uuid({ version: 4 });
    case 'date-time':
      return fc
        .date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'date':
      return fc
        .date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'email':
      return fc.emailAddress();
  }
  // Day and time patterns: real days and times (a pattern alone would allow 2026-13-45).
  if (schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return stringArbitrary({ format: 'date' });
  if (schema.pattern?.startsWith('^\\d{4}-\\d{2}-\\d{2}T')) return stringArbitrary({ format: 'date-time' });
  if (schema.pattern) {
    try {
      const regex = new RegExp(schema.pattern);
      return fc
        .stringMatching(regex)
        .filter((s) => s.length >= minLength && (schema.maxLength === undefined || s.length <= schema.maxLength));
    } catch {
      // A pattern JavaScript cannot compile: fall through to plain text.
    }
  }
  const fitting = (s: string) => s.length >= minLength && s.length <= maxLength;
  return fc.oneof(
    chineseText.filter(fitting),
    fc.string({ minLength, maxLength }),
    fc.string({ unit: 'grapheme', minLength, maxLength }).filter(fitting),
  );
}

/** An arbitrary producing values valid against the schema (as far as the schema says). */
export function arbitraryFor(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.constant(null);
  // The documented example is valid by construction: use it often, beside generated values.
  if (schema.example !== undefined) {
    const { example, ...rest } = schema;
    return fc.oneof(
      { arbitrary: fc.constant(example), weight: 2 },
      { arbitrary: arbitraryFor(rest, depth), weight: 1 },
    );
  }
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => arbitraryFor(s, depth + 1)));
  if (schema.allOf?.length) return arbitraryFor(Object.assign({}, ...schema.allOf) as JsonSchema, depth + 1);
  const types = typesOf(schema);
  if (types.length > 1) return fc.oneof(...types.map((type) => arbitraryFor({ ...schema, type }, depth + 1)));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer': {
      const min = Math.max(schema.minimum ?? (schema.exclusiveMinimum ?? -1) + 1, -1_000_000);
      const max = Math.min(schema.maximum ?? (schema.exclusiveMaximum ?? 1_000_001) - 1, 1_000_000);
      return fc.integer({ min: Math.min(min, max), max });
    }
    case 'number': {
      const min = Math.max(schema.minimum ?? schema.exclusiveMinimum ?? -1_000_000, -1_000_000);
      const max = Math.min(schema.maximum ?? schema.exclusiveMaximum ?? 1_000_000, 1_000_000);
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case 'string':
      return stringArbitrary(schema);
    case 'array':
      return fc.array(arbitraryFor(schema.items, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 3, Math.max(schema.minItems ?? 0, 3)),
      });
    case 'object': {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of Object.entries(properties)) record[name] = arbitraryFor(property, depth + 1);
      const optional = Object.keys(properties).filter((k) => !required.has(k));
      return fc.record(record, { requiredKeys: [...required].filter((k) => k in record) }).map((value) => {
        // fc.record leaves optional keys out at random; keep that.
        for (const key of optional)
          if ((value as Record<string, unknown>)[key] === undefined) delete (value as Record<string, unknown>)[key];
        return value;
      });
    }
  }
  return fc.constant(null);
}

/** `count` values valid against the schema, reproducible from the seed. */
export function samples(schema: JsonSchema | undefined, seed: number, count: number): unknown[] {
  return fc.sample(arbitraryFor(schema), { seed, numRuns: count });
}

/** A response's body as text, whatever it is (xlsx downloads are zipped: read their sheets). */
export function isProblem(response: LightMyRequestResponse): boolean {
  return /^application\/problem\+json/.test(String(response.headers['content-type'] ?? ''));
}

/** A multipart/form-data body written by hand, so that file names reach the server exactly as given. */
export function multipartBody(
  fields: Record<string, string>,
  file?: { name: string; data: Buffer; type?: string; field?: string },
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----linli${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\n` +
          `Content-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The rows of a list answer: an array, a page's `data`, or a tree's nodes with their children. */
export function rowsOf(body: unknown): Record<string, unknown>[] {
  const list = Array.isArray(body) ? body : (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(list)) return [];
  const out: Record<string, unknown>[] = [];
  const walk = (rows: unknown[]) => {
    for (const row of rows) {
      if (!row || typeof row !== 'object') continue;
      out.push(row as Record<string, unknown>);
      const children = (row as { children?: unknown }).children;
      if (Array.isArray(children)) walk(children);
    }
  };
  walk(list);
  return out;
}

export function safeJson(response: LightMyRequestResponse): unknown {
  try {
    return response.json();
  } catch {
    return null;
  }
}
