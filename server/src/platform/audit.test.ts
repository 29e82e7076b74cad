import { describe, expect, it } from 'vitest';
import { type ChainedFields, canonicalJson, chainHash, GENESIS_HASH } from './audit.js';

describe('canonicalJson', () => {
  it('does not depend on key order, at any depth', () => {
    const a = { b: 1, a: { y: [1, { q: 1, p: 2 }], x: 'x' } };
    const b = { a: { x: 'x', y: [1, { p: 2, q: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"x":"x","y":[1,{"p":2,"q":1}]},"b":1}');
  });

  it('keeps array order, drops undefined members and writes null for missing values', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('distinguishes a string from a number', () => {
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
  });
});

describe('chainHash', () => {
  const fields: ChainedFields = {
    occurredAt: new Date('2026-11-24T01:30:00.000Z'),
    actorId: '0193a000-0000-7000-8000-000000000001',
    actorName: '周敏',
    action: 'user.update',
    entityType: 'user',
    entityId: '0193a000-0000-7000-8000-000000000002',
    summary: '修改用户「张晓梅」',
    before: { name: '张晓梅', positions: ['客服专员'] },
    after: { name: '张晓梅', positions: ['客服主管'] },
    orgPath: '/g/sh/',
    projectId: null,
    ip: '10.0.0.8',
    requestId: 'req-1',
  };
  const base = chainHash(GENESIS_HASH, fields);

  it('is a SHA-256 hex digest that does not depend on key order', () => {
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    const reordered = Object.fromEntries(Object.entries(fields).reverse()) as unknown as ChainedFields;
    expect(chainHash(GENESIS_HASH, reordered)).toBe(base);
  });

  it('changes when any field changes', () => {
    const changes: Partial<Record<keyof ChainedFields, unknown>> = {
      occurredAt: new Date('2026-11-24T01:30:00.001Z'),
      actorId: null,
      actorName: '周敏 ',
      action: 'user.create',
      entityType: 'role',
      entityId: '0193a000-0000-7000-8000-000000000003',
      summary: '修改用户「张晓梅」.',
      before: { name: '张晓梅', positions: ['客服主管'] },
      after: { name: '张晓梅', positions: [] },
      orgPath: '/g/hz/',
      projectId: '0193a000-0000-7000-8000-000000000004',
      ip: '10.0.0.9',
      requestId: 'req-2',
    };
    expect(Object.keys(changes).sort()).toEqual(Object.keys(fields).sort());
    for (const [key, value] of Object.entries(changes)) {
      expect(chainHash(GENESIS_HASH, { ...fields, [key]: value }), key).not.toBe(base);
    }
  });

  it('changes when the previous hash changes', () => {
    expect(chainHash('1'.repeat(64), fields)).not.toBe(base);
  });
});
