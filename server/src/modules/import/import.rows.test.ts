import { describe, expect, it } from 'vitest';
import { parseRow } from './import.rows.js';

// 330106199108230648 has the wrong check digit (it should end in 3): row 13 of the demo workbook.
const row = { row: 13, cells: ['9栋', '502', '周雪梅', '330106199108230648'] };
const mapping = { building: 0, roomNumber: 1, customerName: 2, idNumber: 3 };

describe('the reason given for a rejected row', () => {
  it('quotes the ID number after the field name, in Chinese and with a space in English', () => {
    const zh = parseRow(row, mapping, 'zh-CN', '2026-01-01');
    const en = parseRow(row, mapping, 'en-US', '2026-01-01');
    expect(zh).toMatchObject({ ok: false, row: 13 });
    expect(en).toMatchObject({ ok: false, row: 13 });
    expect(!zh.ok && zh.reason).toMatch(/^证件号码“330106199108230648”：.*校验位/);
    expect(!en.ok && en.reason).toMatch(/^ID number “330106199108230648”: .*check digit/);
  });

  it('names other fields the same way', () => {
    const en = parseRow(
      { row: 19, cells: ['9栋', '802', '胡芳', '1376218459'] },
      { ...mapping, idNumber: undefined, mobile: 3 },
      'en-US',
      '2026-01-01',
    );
    expect(!en.ok && en.reason).toMatch(/^Mobile “1376218459” /);
  });
});
