import type { DispatchCandidates } from '../types';

type Person = DispatchCandidates['people'][number];

/**
 * Whether a dispatch candidate matches what was typed: part of the name or unit, the pinyin
 * initials (ljg for 李建国) or the full pinyin (lijianguo, li jian), case and spaces ignored.
 */
export function candidateMatches(person: Person, input: string): boolean {
  const k = input.trim().toLowerCase().replace(/\s+/g, '');
  if (!k) return true;
  return (
    person.name.toLowerCase().includes(k) ||
    (person.orgName ?? '').toLowerCase().includes(k) ||
    person.initials.includes(k) ||
    person.pinyin.includes(k)
  );
}
