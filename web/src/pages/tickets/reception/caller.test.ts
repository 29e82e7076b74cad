import { describe, expect, it } from 'vitest';
import { type CallerCustomer, callerRows, roomMatches, typedPhone } from './caller';

const room = (roomId: string, roomCode: string, role: 'owner' | 'tenant' | 'resident' = 'owner') => ({
  roomId,
  roomCode,
  projectId: 'p1',
  projectName: '邻里花园',
  role,
});

const wang: CallerCustomer = {
  id: 'c1',
  name: '王建华',
  code: 'KH0001',
  mobile: '139****1234',
  rooms: [room('r2', '5-1-302', 'tenant'), room('r1', '3-2-1201')],
};
const li: CallerCustomer = { id: 'c2', name: '李娜', code: 'KH0002', mobile: null, rooms: [] };

describe('roomMatches', () => {
  it('matches a bare number against the room number and a code by its start', () => {
    expect(roomMatches('3-2-1201', '1201')).toBe(true);
    expect(roomMatches('3-2-1201', '201')).toBe(false);
    expect(roomMatches('3-2-1201', '3-2')).toBe(true);
    expect(roomMatches('3-2-1201', '3-3')).toBe(false);
    expect(roomMatches('3-2-1201', 'wjh')).toBe(false);
  });
});

describe('callerRows', () => {
  it('offers a customer found by name with each room, owned rooms first', () => {
    const rows = callerRows([wang, li], 'wjh');
    expect(rows.map((r) => [r.customer.name, r.room?.roomCode ?? null])).toEqual([
      ['王建华', '3-2-1201'],
      ['王建华', '5-1-302'],
      ['李娜', null],
    ]);
    expect(rows.every((r) => !r.byRoom)).toBe(true);
  });

  it('puts the room that was searched for first, alone for its customer', () => {
    const rows = callerRows([li, wang], '302');
    expect(rows[0]).toMatchObject({ byRoom: true, room: { roomCode: '5-1-302' } });
    expect(rows.filter((r) => r.customer.id === 'c1')).toHaveLength(1);
  });
});

describe('callerRows for an owner who lives in the room', () => {
  it('offers the room once, as the owner', () => {
    const hu: CallerCustomer = {
      ...li,
      rooms: [room('r9', '1-1-1001', 'resident'), room('r9', '1-1-1001', 'owner')],
    };
    expect(callerRows([hu], 'hj').map((r) => [r.room?.roomCode, r.room?.role])).toEqual([['1-1-1001', 'owner']]);
  });
});

describe('typedPhone', () => {
  it('accepts a mobile or landline as dialled and nothing else', () => {
    expect(typedPhone('+86 139-1662-0002')).toBe('13916620002');
    expect(typedPhone('021-58881234')).toBe('02158881234');
    expect(typedPhone('1201')).toBeNull();
    expect(typedPhone('wjh')).toBeNull();
  });
});
