import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildWorkbook, neutraliseCell } from './excel.js';

describe('neutraliseCell', () => {
  it.each(['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])(
    'prefixes %j with an apostrophe',
    (value) => {
      expect(neutraliseCell(value)).toBe(`'${value}`);
    },
  );

  it.each(['张晓梅', 'a=b', '13916620001', ' =1', ''])('leaves %j alone', (value) => {
    expect(neutraliseCell(value)).toBe(value);
  });

  it('leaves non-strings alone', () => {
    const at = new Date();
    expect(neutraliseCell(-5)).toBe(-5);
    expect(neutraliseCell(at)).toBe(at);
    expect(neutraliseCell(null)).toBeNull();
  });
});

describe('buildWorkbook', () => {
  it('writes a header row and neutralised text cells', async () => {
    const data = await buildWorkbook(
      '用户',
      [
        { header: '姓名', value: (r: { name: string; n: number | null }) => r.name },
        { header: '数量', value: (r) => r.n },
      ],
      [
        { name: '=1+2', n: 3 },
        { name: '张晓梅', n: null },
      ],
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('用户');
    expect(sheet?.getRow(1).values).toEqual([undefined, '姓名', '数量']);
    expect(sheet?.getCell('A2').value).toBe("'=1+2");
    expect(sheet?.getCell('A2').type).toBe(ExcelJS.ValueType.String);
    expect(sheet?.getCell('B2').value).toBe(3);
    expect(sheet?.getCell('A3').value).toBe('张晓梅');
    expect(sheet?.getCell('B3').value).toBe('');
  });
});
