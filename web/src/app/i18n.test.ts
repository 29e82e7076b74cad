import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('..', import.meta.url));
const localesDir = join(src, 'locales');
const languages = ['zh-CN', 'en-US'];

function flatten(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      flatten(v, prefix ? `${prefix}.${k}` : k),
    );
  }
  return [prefix];
}

function load(language: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const file of readdirSync(join(localesDir, language))) {
    if (!file.endsWith('.json')) continue;
    const json = JSON.parse(readFileSync(join(localesDir, language, file), 'utf8'));
    out.set(file.replace(/\.json$/, ''), new Set(flatten(json)));
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'locales' ? [] : sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

const catalogues = Object.fromEntries(languages.map((l) => [l, load(l)]));

describe('locales', () => {
  it('has the same namespaces and keys in every language', () => {
    const [first, ...rest] = languages as [string, ...string[]];
    for (const other of rest) {
      const a = catalogues[first] as Map<string, Set<string>>;
      const b = catalogues[other] as Map<string, Set<string>>;
      expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
      for (const [ns, keys] of a) {
        const missingInOther = [...keys].filter((k) => !b.get(ns)?.has(k)).map((k) => `${ns}:${k}`);
        const missingInFirst = [...(b.get(ns) ?? [])].filter((k) => !keys.has(k)).map((k) => `${ns}:${k}`);
        expect({ [`missing in ${other}`]: missingInOther, [`missing in ${first}`]: missingInFirst }).toEqual({
          [`missing in ${other}`]: [],
          [`missing in ${first}`]: [],
        });
      }
    }
  });

  it('defines every literal key the code uses, in both languages', () => {
    const used = new Set<string>();
    // t('ns:key'), i18n.t('ns:key'), and route names such as name: 'menu:users'
    const pattern = /(?:\bt\(|name:\s*)['"`]([a-zA-Z]+:[a-zA-Z0-9_.]+)['"`]/g;
    for (const file of sources(src)) {
      for (const match of readFileSync(file, 'utf8').matchAll(pattern)) used.add(match[1] as string);
    }
    expect(used.size).toBeGreaterThan(20);
    const missing: string[] = [];
    for (const language of languages) {
      const catalogue = catalogues[language] as Map<string, Set<string>>;
      for (const key of used) {
        const [ns, rest] = key.split(':') as [string, string];
        if (!catalogue.get(ns)?.has(rest)) missing.push(`${language} ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has no empty translations', () => {
    for (const language of languages) {
      for (const file of readdirSync(join(localesDir, language))) {
        const text = readFileSync(join(localesDir, language, file), 'utf8');
        expect(text, `${language}/${file}`).not.toMatch(/:\s*""/);
      }
    }
  });
});
