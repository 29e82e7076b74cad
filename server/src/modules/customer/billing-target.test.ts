import { describe, expect, it } from 'vitest';
import { billingTarget, type CurrentOccupancy } from './billing-target.js';

const owner: CurrentOccupancy = { customerId: 'c-owner', name: '张业主', role: 'owner', fromDate: '2023-06-30' };
const tenant: CurrentOccupancy = { customerId: 'c-tenant', name: '李租户', role: 'tenant', fromDate: '2025-03-01' };
const resident: CurrentOccupancy = { customerId: 'c-res', name: '王住户', role: 'resident', fromDate: '2025-04-01' };

describe('billingTarget (收费对象)', () => {
  it('is nobody in a vacant room', () => {
    expect(billingTarget([])).toBeNull();
  });

  it('is the owner when nobody else holds the room', () => {
    expect(billingTarget([owner])).toEqual({ customerId: 'c-owner', name: '张业主', role: 'owner' });
  });

  it('is the tenant before the owner, whatever the order of the rows', () => {
    const expected = { customerId: 'c-tenant', name: '李租户', role: 'tenant' };
    expect(billingTarget([owner, tenant])).toEqual(expected);
    expect(billingTarget([tenant, owner])).toEqual(expected);
  });

  it('is the resident before the tenant and the owner', () => {
    for (const rows of [
      [owner, tenant, resident],
      [resident, owner, tenant],
      [tenant, resident],
    ]) {
      expect(billingTarget(rows)).toEqual({ customerId: 'c-res', name: '王住户', role: 'resident' });
    }
  });

  it('prefers, among residents, the one who also owns or rents the room, then the longest-standing', () => {
    const ownerLivingThere: CurrentOccupancy = { ...owner, role: 'resident', fromDate: '2025-05-01' };
    expect(billingTarget([resident, owner, ownerLivingThere])).toEqual({
      customerId: 'c-owner',
      name: '张业主',
      role: 'resident',
    });
    const earlier: CurrentOccupancy = {
      customerId: 'c-old',
      name: '赵老住户',
      role: 'resident',
      fromDate: '2020-01-01',
    };
    expect(billingTarget([resident, earlier])?.customerId).toBe('c-old');
    expect(billingTarget([earlier, resident])?.customerId).toBe('c-old');
  });

  it('breaks a full tie by customer id, so co-owners since the same day always give the same answer', () => {
    const a: CurrentOccupancy = { customerId: 'a', name: '甲', role: 'owner', fromDate: '2024-01-01' };
    const b: CurrentOccupancy = { customerId: 'b', name: '乙', role: 'owner', fromDate: '2024-01-01' };
    expect(billingTarget([b, a])?.customerId).toBe('a');
    expect(billingTarget([a, b])?.customerId).toBe('a');
  });
});
