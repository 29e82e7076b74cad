import { describe, expect, it } from 'vitest';
import { columnLetter, fileSize, mappingBody } from './mapping';

describe('import mapping helpers', () => {
  it('names columns as spreadsheets do', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual([
      'A',
      'B',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });

  it('sends every field, with -1 for one left out, so the server does not map it again by name', () => {
    const body = JSON.parse(
      mappingBody(['projectName', 'building', 'roomNumber', 'mobile'], { building: 1, roomNumber: 4 }),
    );
    expect(body).toEqual({ projectName: -1, building: 1, roomNumber: 4, mobile: -1 });
  });

  it('writes file sizes for people', () => {
    expect(fileSize(900)).toBe('900 B');
    expect(fileSize(20_480)).toBe('20.0 KB');
    expect(fileSize(5 * 1024 * 1024)).toBe('5.0 MB');
  });
});
