import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type Page, type TestApp } from './harness.js';
import { type TicketSummary, ticketApi } from './ticket-fixtures.js';

let t: TestApp;
let api: ReturnType<typeof ticketApi>;

beforeAll(async () => {
  t = await createTestApp({ demoTickets: true });
  api = ticketApi(t);
});

afterAll(async () => {
  await t?.close();
});

describe('the service desk demo', () => {
  it('holds tickets in every state, made through the services', async () => {
    const admin = await t.login('admin');
    const all = json<Page<TicketSummary & { projectName: string; catalogueItemName: string | null }>>(
      await api.get(admin, '/api/tickets?pageSize=200'),
    );
    expect(all.total).toBeGreaterThanOrEqual(25);
    const states = new Set(all.data.map((x) => x.state));
    for (const s of ['new', 'dispatched', 'accepted', 'in_progress', 'waiting', 'resolved', 'closed']) {
      expect(states, s).toContain(s);
    }
    // The leak in 邻里花园 is the contractor's, under warranty.
    const leak = all.data.find((x) => x.projectName === '邻里花园' && x.catalogueItemName === '卫生间渗漏');
    expect(leak).toMatchObject({ dispatchMethod: 'warranty', handlerKind: 'contractor' });
    expect(leak?.handlerName).toContain('中建八局');
    // Repairs outside warranty go to 李建国 by the rule; complaints to the 客服中心.
    expect(all.data.some((x) => x.dispatchMethod === 'rule' && x.handlerName === '李建国')).toBe(true);
    expect(all.data.some((x) => x.type === 'complaint' && x.handlerName === '客服中心')).toBe(true);
    // One reopened after an unsatisfied visit, in its second round, dispatched again.
    const reopened = all.data.find((x) => x.reopenCount > 0);
    expect(reopened).toMatchObject({ round: 2, satisfaction: 2, handlerName: '李建国' });
    // Some already past their deadline, others satisfied and closed.
    expect(all.data.filter((x) => x.overdue).length).toBeGreaterThanOrEqual(3);
    expect(all.data.filter((x) => x.state === 'closed' && (x.satisfaction ?? 0) >= 4).length).toBeGreaterThanOrEqual(3);
    // Shanghai's agent sees none of Hangzhou's.
    const kefu = await t.login('kefu');
    const sh = json<Page<TicketSummary & { projectName: string }>>(await api.get(kefu, '/api/tickets?pageSize=200'));
    expect(sh.data.some((x) => x.projectName === '西溪云庐')).toBe(false);
    expect(all.data.some((x) => x.projectName === '西溪云庐')).toBe(true);
    // The reopened ticket's timeline tells the story.
    const d = await api.detail(admin, reopened?.id as string);
    expect(d.events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['created', 'dispatched', 'accepted', 'resolved', 'visited', 'reopened']),
    );
  });
});
