import { describe, expect, it } from 'vitest';
import { candidateMatches } from './candidates';

const li = {
  id: '1',
  name: '李建国',
  pinyin: 'lijianguo',
  initials: 'ljg',
  orgName: '工程维修部',
  load: 3,
  onDuty: true,
  dutyHolder: true,
};

describe('candidateMatches', () => {
  it('finds a person by name, unit, pinyin initials or full pinyin', () => {
    expect(candidateMatches(li, '建国')).toBe(true);
    expect(candidateMatches(li, '工程')).toBe(true);
    expect(candidateMatches(li, 'LJG')).toBe(true);
    expect(candidateMatches(li, 'li jian')).toBe(true);
    expect(candidateMatches(li, '')).toBe(true);
  });

  it('does not match what is not there', () => {
    expect(candidateMatches(li, '王')).toBe(false);
    expect(candidateMatches(li, 'wang')).toBe(false);
    expect(candidateMatches({ ...li, orgName: null }, '工程')).toBe(false);
  });
});
