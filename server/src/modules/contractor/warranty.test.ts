import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  covers,
  dayIn,
  heatingSeasonsEnd,
  periodLabel,
  resolveWarranty,
  type ScopeCandidate,
  statutoryMinimum,
  warrantyEnd,
} from './warranty.js';

describe('addMonths', () => {
  it('lands on the same day of the month', () => {
    expect(addMonths('2023-06-30', 60)).toBe('2028-06-30');
    expect(addMonths('2023-06-30', 24)).toBe('2025-06-30');
    expect(addMonths('2026-09-30', 24)).toBe('2028-09-30');
    expect(addMonths('2015-12-20', 600)).toBe('2065-12-20');
    expect(addMonths('2026-11-24', 1)).toBe('2026-12-24');
    expect(addMonths('2026-12-24', 1)).toBe('2027-01-24');
  });

  it('takes the last day of a month without that day (leap days, 31sts)', () => {
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
    expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
    expect(addMonths('2022-08-31', 6)).toBe('2023-02-28');
    expect(addMonths('2026-01-31', 3)).toBe('2026-04-30');
    expect(addMonths('2100-01-31', 1)).toBe('2100-02-28');
  });

  it('never goes back and never skips a month (property)', () => {
    const day = fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2080-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 1200 }), (start, months) => {
        const end = addMonths(start, months);
        expect(end >= start).toBe(true);
        const monthIndex = (s: string) => Number(s.slice(0, 4)) * 12 + Number(s.slice(5, 7));
        expect(monthIndex(end) - monthIndex(start)).toBe(months);
        expect(Number(end.slice(8))).toBeLessThanOrEqual(Number(start.slice(8)));
      }),
    );
  });
});

describe('heatingSeasonsEnd (15 Nov – 15 Mar)', () => {
  it('counts whole seasons beginning on or after the start', () => {
    // Delivered in summer: the seasons 2023/24 and 2024/25.
    expect(heatingSeasonsEnd('2023-06-30', 2)).toBe('2025-03-15');
    // Delivered on the first day of a season: that season counts.
    expect(heatingSeasonsEnd('2023-11-15', 2)).toBe('2025-03-15');
    // Delivered the day after: the season under way does not count (it is covered nonetheless).
    expect(heatingSeasonsEnd('2023-11-16', 2)).toBe('2026-03-15');
    expect(heatingSeasonsEnd('2023-12-01', 2)).toBe('2026-03-15');
    // In January the season under way began the year before; the next one begins in November.
    expect(heatingSeasonsEnd('2024-01-10', 2)).toBe('2026-03-15');
    expect(heatingSeasonsEnd('2024-03-16', 1)).toBe('2025-03-15');
    expect(heatingSeasonsEnd('2026-09-30', 2)).toBe('2028-03-15');
    expect(heatingSeasonsEnd('2024-02-29', 2)).toBe('2026-03-15');
  });

  it('always covers at least the seasons asked for, and ends on 15 March (property)', () => {
    const day = fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2080-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 10 }), (start, seasons) => {
        const end = heatingSeasonsEnd(start, seasons);
        expect(end.slice(5)).toBe('03-15');
        const wholeSeasons = [];
        for (let y = Number(start.slice(0, 4)) - 1; y < Number(end.slice(0, 4)); y++) {
          if (`${y}-11-15` >= start && `${y + 1}-03-15` <= end) wholeSeasons.push(y);
        }
        expect(wholeSeasons).toHaveLength(seasons);
      }),
    );
  });
});

describe('warrantyEnd and covers', () => {
  it('ends a warranty in either unit', () => {
    expect(warrantyEnd('2023-06-30', { unit: 'months', value: 60 })).toBe('2028-06-30');
    expect(warrantyEnd('2023-06-30', { unit: 'heating_seasons', value: 2 })).toBe('2025-03-15');
  });

  it('compares values in the same unit', () => {
    expect(covers({ unit: 'months', value: 60 }, { unit: 'months', value: 60 })).toBe(true);
    expect(covers({ unit: 'months', value: 59 }, { unit: 'months', value: 60 })).toBe(false);
    expect(covers({ unit: 'heating_seasons', value: 3 }, { unit: 'heating_seasons', value: 2 })).toBe(true);
  });

  it('across units, must hold whatever the start day', () => {
    // 2 heating seasons can last up to 27 months and 27 days (start on 16 November).
    expect(covers({ unit: 'months', value: 28 }, { unit: 'heating_seasons', value: 2 })).toBe(true);
    expect(covers({ unit: 'months', value: 27 }, { unit: 'heating_seasons', value: 2 })).toBe(false);
    expect(covers({ unit: 'months', value: 24 }, { unit: 'heating_seasons', value: 2 })).toBe(false);
    // …unless the scope fixes its start: from 1 October 2024, 2 seasons end 2026-03-15.
    expect(covers({ unit: 'months', value: 18 }, { unit: 'heating_seasons', value: 2 }, '2024-10-01')).toBe(true);
    expect(covers({ unit: 'months', value: 17 }, { unit: 'heating_seasons', value: 2 }, '2024-10-01')).toBe(false);
    // 3 seasons from 15 November end 28 months later: shorter than 2 years only if … never.
    expect(covers({ unit: 'heating_seasons', value: 3 }, { unit: 'months', value: 24 })).toBe(true);
    expect(covers({ unit: 'heating_seasons', value: 2 }, { unit: 'months', value: 24 })).toBe(false);
  });
});

describe('statutory minimums (《建设工程质量管理条例》第四十条)', () => {
  it('names one per trade the article lists, none for the others', () => {
    expect(statutoryMinimum('structure')).toEqual({ unit: 'months', value: 600 });
    expect(statutoryMinimum('roof_waterproofing')).toEqual({ unit: 'months', value: 60 });
    expect(statutoryMinimum('wet_room_waterproofing')).toEqual({ unit: 'months', value: 60 });
    expect(statutoryMinimum('heating')).toEqual({ unit: 'heating_seasons', value: 2 });
    for (const trade of ['electrical', 'plumbing', 'equipment', 'decoration']) {
      expect(statutoryMinimum(trade)).toEqual({ unit: 'months', value: 24 });
    }
    expect(statutoryMinimum('doors_windows')).toBeNull();
    expect(statutoryMinimum('landscape')).toBeNull();
  });

  it('labels periods the way a warranty letter does', () => {
    expect(periodLabel({ unit: 'months', value: 60 }, 'zh-CN')).toBe('5年');
    expect(periodLabel({ unit: 'months', value: 600 }, 'zh-CN')).toBe('50年');
    expect(periodLabel({ unit: 'months', value: 18 }, 'zh-CN')).toBe('1年6个月');
    expect(periodLabel({ unit: 'months', value: 6 }, 'zh-CN')).toBe('6个月');
    expect(periodLabel({ unit: 'heating_seasons', value: 2 }, 'zh-CN')).toBe('2个采暖期');
    expect(periodLabel({ unit: 'months', value: 12 }, 'en-US')).toBe('1 year');
    expect(periodLabel({ unit: 'months', value: 24 }, 'en-US')).toBe('2 years');
    expect(periodLabel({ unit: 'months', value: 18 }, 'en-US')).toBe('18 months');
    expect(periodLabel({ unit: 'heating_seasons', value: 1 }, 'en-US')).toBe('1 heating season');
  });
});

describe('dayIn', () => {
  it('reads the calendar day in the project time zone', () => {
    expect(dayIn(new Date('2026-11-23T16:30:00Z'))).toBe('2026-11-24');
    expect(dayIn(new Date('2026-11-23T15:59:59Z'))).toBe('2026-11-23');
    expect(dayIn(new Date('2026-11-23T17:30:00Z'), 'Asia/Urumqi')).toBe('2026-11-23');
  });
});

describe('resolveWarranty', () => {
  const scope = (over: Partial<ScopeCandidate<string>>): ScopeCandidate<string> => ({
    scopeId: 's',
    buildingId: null,
    trade: 'roof_waterproofing',
    warrantyUnit: 'months',
    warrantyValue: 60,
    startDate: null,
    contractor: '总包',
    ...over,
  });
  const room = { buildingId: 'b1', deliveryDate: '2023-06-30' };

  it('counts from the delivery date; the last day is still inside', () => {
    const onLastDay = resolveWarranty({ room, trade: 'roof_waterproofing', at: '2028-06-30', scopes: [scope({})] });
    expect(onLastDay).toMatchObject({
      contractor: '总包',
      basis: 'project',
      startBasis: 'delivery_date',
      start: '2023-06-30',
      end: '2028-06-30',
      inWarranty: true,
      reason: null,
      statutoryMinimum: { unit: 'months', value: 60 },
    });
    const dayAfter = resolveWarranty({ room, trade: 'roof_waterproofing', at: '2028-07-01', scopes: [scope({})] });
    expect(dayAfter).toMatchObject({ contractor: '总包', inWarranty: false, reason: 'expired' });
  });

  it('prefers the scope of the building over the scope of the project', () => {
    const scopes = [scope({ scopeId: 'p' }), scope({ scopeId: 'b', buildingId: 'b1', contractor: '防水分包' })];
    const answer = resolveWarranty({ room, trade: 'roof_waterproofing', at: '2026-11-24', scopes });
    expect(answer).toMatchObject({ contractor: '防水分包', scopeId: 'b', basis: 'building' });
    const elsewhere = resolveWarranty({
      room: { ...room, buildingId: 'b2' },
      trade: 'roof_waterproofing',
      at: '2026-11-24',
      scopes,
    });
    expect(elsewhere).toMatchObject({ contractor: '总包', scopeId: 'p', basis: 'project' });
  });

  it('a scope start date overrides the delivery date', () => {
    const answer = resolveWarranty({
      room,
      trade: 'roof_waterproofing',
      at: '2026-11-24',
      scopes: [scope({ startDate: '2021-05-20' })],
    });
    expect(answer).toMatchObject({
      startBasis: 'scope_start_date',
      start: '2021-05-20',
      end: '2026-05-20',
      inWarranty: false,
      reason: 'expired',
    });
  });

  it('a room without a delivery date has no warranty yet, and says why', () => {
    const answer = resolveWarranty({
      room: { buildingId: 'b1', deliveryDate: null },
      trade: 'roof_waterproofing',
      at: '2026-11-24',
      scopes: [scope({})],
    });
    expect(answer).toMatchObject({
      contractor: '总包',
      start: null,
      end: null,
      inWarranty: false,
      reason: 'no_start_date',
    });
  });

  it('before the start, not yet; without a scope, nobody', () => {
    const early = resolveWarranty({ room, trade: 'roof_waterproofing', at: '2023-06-29', scopes: [scope({})] });
    expect(early).toMatchObject({ inWarranty: false, reason: 'not_started' });
    const none = resolveWarranty({ room, trade: 'electrical', at: '2026-11-24', scopes: [scope({})] });
    expect(none).toMatchObject({ contractor: null, basis: null, inWarranty: false, reason: 'no_scope' });
    expect(none.statutoryMinimum).toEqual({ unit: 'months', value: 24 });
  });

  it('heating seasons: delivered 2023-06-30, out after 15 March 2025', () => {
    const scopes = [scope({ trade: 'heating', warrantyUnit: 'heating_seasons', warrantyValue: 2 })];
    expect(resolveWarranty({ room, trade: 'heating', at: '2025-03-15', scopes })).toMatchObject({
      end: '2025-03-15',
      inWarranty: true,
    });
    expect(resolveWarranty({ room, trade: 'heating', at: '2025-03-16', scopes })).toMatchObject({
      inWarranty: false,
      reason: 'expired',
    });
  });
});
