import { describe, expect, it } from 'vitest';
import { autoMapping, detectHeaderRow, normaliseHeader } from './import.fields.js';
import {
  buildingCode,
  floorFromNumber,
  idNumberLostToNumberCell,
  parseArea,
  parseDate,
  parseFloor,
  parseRole,
  parseRoomType,
  roomNumber,
  text,
  unitCode,
} from './import.values.js';

describe('dates as people type them', () => {
  it.each([
    ['2024-03-05', '2024-03-05'],
    ['2024/3/5', '2024-03-05'],
    ['2024.3.5', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
    ['2024 年 3 月 5 日', '2024-03-05'],
    ['20240305', '2024-03-05'],
    ['2024/3/5 14:30', '2024-03-05'],
  ])('%s → %s', (input, expected) => {
    expect(parseDate(input)).toEqual({ ok: true, value: expected });
  });

  it('takes real date cells and Excel serial numbers', () => {
    expect(parseDate(new Date(Date.UTC(2024, 2, 5)))).toEqual({ ok: true, value: '2024-03-05' });
    expect(parseDate(45356)).toEqual({ ok: true, value: '2024-03-05' });
  });

  it.each(['2024年13月5日', '2023-02-29', '2024/3', '明天', '0'])('refuses %s', (input) => {
    expect(parseDate(input).ok).toBe(false);
  });

  it('reads an empty cell as no date', () => {
    expect(parseDate(null)).toEqual({ ok: true, value: null });
    expect(parseDate('  ')).toEqual({ ok: true, value: null });
  });
});

describe('areas, floors and codes', () => {
  it('reads areas with units and thousands separators, to two decimals', () => {
    expect(parseArea(89.5)).toEqual({ ok: true, value: '89.50' });
    expect(parseArea('1,089.5')).toEqual({ ok: true, value: '1089.50' });
    expect(parseArea('89.5㎡')).toEqual({ ok: true, value: '89.50' });
    expect(parseArea('89.5 平方米')).toEqual({ ok: true, value: '89.50' });
    expect(parseArea('约89').ok).toBe(false);
    expect(parseArea(-3).ok).toBe(false);
  });

  it('reads floors and basements', () => {
    expect(parseFloor('12层')).toEqual({ ok: true, value: 12 });
    expect(parseFloor('12F')).toEqual({ ok: true, value: 12 });
    expect(parseFloor('B2')).toEqual({ ok: true, value: -2 });
    expect(parseFloor('十二').ok).toBe(false);
    expect(floorFromNumber('1201')).toBe(12);
    expect(floorFromNumber('302')).toBe(3);
    expect(floorFromNumber('A1')).toBeNull();
  });

  it('takes building, unit and room numbers with their Chinese suffixes', () => {
    expect(buildingCode('9栋')).toBe('9');
    expect(buildingCode('9号楼')).toBe('9');
    expect(buildingCode('A座')).toBe('A');
    expect(buildingCode('第3幢')).toBe('3');
    expect(buildingCode('会所楼栋')).toBeNull();
    expect(unitCode('2单元')).toBe('2');
    expect(roomNumber('1201室')).toBe('1201');
    expect(roomNumber('1201')).toBe('1201');
  });

  it('maps Chinese labels and refuses what it does not know', () => {
    expect(parseRoomType('写字楼')).toEqual({ ok: true, value: 'office' });
    expect(parseRoomType('车库')).toEqual({ ok: true, value: 'parking' });
    expect(parseRoomType('会所').ok).toBe(false);
    expect(parseRole('产权人')).toEqual({ ok: true, value: 'owner' });
    expect(parseRole('租客')).toEqual({ ok: true, value: 'tenant' });
  });

  it('shows numbers without float noise and spots IDs a number cell has rounded', () => {
    expect(text(1201)).toBe('1201');
    expect(text(89.50000000001)).toBe('89.5');
    expect(idNumberLostToNumberCell(310115198001011200)).toBe(true);
    expect(idNumberLostToNumberCell('310115198001011234')).toBe(false);
  });
});

describe('header detection', () => {
  it('normalises header text', () => {
    expect(normaliseHeader('建筑面积（㎡）')).toBe('建筑面积');
    expect(normaliseHeader(' 客户 姓名： ')).toBe('客户姓名');
    expect(normaliseHeader('Room Code')).toBe('roomcode');
  });

  it('skips title, note and group rows to the row that names the most fields', () => {
    const rows = [
      ['邻里花园 9栋 房间及业主资料', '邻里花园 9栋 房间及业主资料'],
      ['导出日期：2026年11月20日'],
      ['房间信息', '', '', '业主信息'],
      ['楼栋', '单元', '房号', '业主姓名', '联系电话', '身份证号'],
      ['9栋', '1', '101', '张三', '13800138000', ''],
    ];
    expect(detectHeaderRow(rows)).toBe(3);
    expect(autoMapping(rows[3] as string[])).toEqual({
      building: 0,
      unit: 1,
      roomNumber: 2,
      customerName: 3,
      mobile: 4,
      idNumber: 5,
    });
  });

  it('finds no header in a sheet without known column names', () => {
    expect(detectHeaderRow([['随便'], ['写写']])).toBe(-1);
  });
});

describe('CSV encoding', () => {
  it('reads a long UTF-8 file as UTF-8 even when the sample ends inside a character', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { detectEncoding } = await import('./import.reader.js');
    const dir = mkdtempSync(join(tmpdir(), 'linli-enc-'));
    // 65 536 bytes = 21 845 three-byte characters and one byte: the sample ends mid-character.
    const path = join(dir, 'long.csv');
    writeFileSync(path, `a${'楼'.repeat(30_000)}`, 'utf8');
    expect(await detectEncoding(path)).toBe('utf-8');
    writeFileSync(path, Buffer.from([0xc2, 0xa5, 0xc0, 0xb8, 0x2c, 0xb7, 0xbf, 0xba, 0xc5]));
    expect(await detectEncoding(path)).toBe('gb18030');
  });
});
