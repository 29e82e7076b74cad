import { describe, expect, it } from 'vitest';
import { allowedRoutes, flattenRoutes, menuOnly, menuRoutes } from './routes';

const paths = (routes: ReturnType<typeof flattenRoutes>) => routes.map((r) => r.path);

describe('routes', () => {
  it('registers the customer 360 page but keeps it out of the menu', () => {
    const all = () => true;
    expect(paths(flattenRoutes(allowedRoutes(menuRoutes, all)))).toContain('/customers/:id');
    const menu = flattenRoutes(menuOnly(allowedRoutes(menuRoutes, all)));
    expect(paths(menu)).toContain('/customers');
    expect(paths(menu)).not.toContain('/customers/:id');
  });

  it('drops the customer group without customer.read', () => {
    const can = (p: string) => p !== 'customer.read';
    const menu = menuOnly(allowedRoutes(menuRoutes, can));
    expect(menu.map((r) => r.path)).not.toContain('/customer');
  });

  it('places the customer group right after the property group', () => {
    const groups = menuRoutes.map((r) => r.path);
    expect(groups.indexOf('/customer')).toBe(groups.indexOf('/property') + 1);
  });

  it('shows export approvals with export.approve, and my export requests to whoever may export personal data', () => {
    const menuFor = (held: string[]) =>
      paths(flattenRoutes(menuOnly(allowedRoutes(menuRoutes, (p) => held.includes(p)))));
    // 客服主管: approves and exports customers.
    const supervisor = menuFor(['customer.read', 'customer.export', 'export.approve', 'user.read']);
    expect(supervisor).toEqual(expect.arrayContaining(['/system/export-approvals', '/system/my-exports']));
    // 公司领导: exports the staff list (user.read) and approves group-wide requests.
    const leader = menuFor(['customer.read', 'user.read', 'export.approve']);
    expect(leader).toEqual(expect.arrayContaining(['/system/export-approvals', '/system/my-exports']));
    // A custom role that exports customers but approves nothing.
    const clerk = menuFor(['customer.read', 'customer.export']);
    expect(clerk).toContain('/system/my-exports');
    expect(clerk).not.toContain('/system/export-approvals');
    // 客服专员: exports no personal data.
    const agent = menuFor(['customer.read', 'customer.manage', 'property.read']);
    expect(agent).not.toContain('/system/my-exports');
    expect(agent).not.toContain('/system/export-approvals');
  });

  it('lists the move-in and rename pages in the customer group, hidden without customer.read', () => {
    const menu = flattenRoutes(menuOnly(allowedRoutes(menuRoutes, () => true)));
    expect(paths(menu)).toEqual(expect.arrayContaining(['/customer/move-ins', '/customer/rename-requests']));
    const without = flattenRoutes(allowedRoutes(menuRoutes, (p: string) => p !== 'customer.read'));
    expect(paths(without)).not.toContain('/customer/move-ins');
    expect(paths(without)).not.toContain('/customer/rename-requests');
  });

  it('shows 批量导入 under the property group only with property.import', () => {
    const importPath = '/property/import';
    const all = flattenRoutes(menuOnly(allowedRoutes(menuRoutes, () => true)));
    expect(paths(all)).toContain(importPath);
    const property = menuRoutes.find((r) => r.path === '/property');
    expect(property?.children?.map((r) => r.path)).toContain(importPath);
    const readOnly = flattenRoutes(menuOnly(allowedRoutes(menuRoutes, (p) => p !== 'property.import')));
    expect(paths(readOnly)).not.toContain(importPath);
    expect(paths(readOnly)).toContain('/property/rooms');
  });

  it('shows 投诉问题标准库 under 客服设置 with catalogue.read', () => {
    const menuFor = (held: string[]) =>
      paths(flattenRoutes(menuOnly(allowedRoutes(menuRoutes, (p) => held.includes(p)))));
    expect(menuFor(['catalogue.read'])).toContain('/service/catalogue');
    expect(menuFor(['customer.read'])).not.toContain('/service/catalogue');
    const service = menuRoutes.find((r) => r.path === '/service');
    expect(service?.children?.map((r) => r.path)).toContain('/service/catalogue');
  });

  it('shows 工作日历 and 法定节假日 under 客服设置 with calendar.read', () => {
    const group = menuRoutes.find((r) => r.path === '/service');
    expect(group?.children?.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/service/calendars', '/service/holidays']),
    );
    const reader = flattenRoutes(menuOnly(allowedRoutes(menuRoutes, (p) => p === 'calendar.read')));
    expect(paths(reader)).toEqual(['/workbench', '/service/calendars', '/service/holidays']);
    const others = flattenRoutes(menuOnly(allowedRoutes(menuRoutes, (p) => p !== 'calendar.read')));
    expect(paths(others)).not.toContain('/service/calendars');
    expect(paths(others)).not.toContain('/service/holidays');
  });

  it('places 客服中心 right after 工作台, with the ticket detail out of the menu', () => {
    const groups = menuRoutes.map((r) => r.path);
    expect(groups.indexOf('/service-desk')).toBe(groups.indexOf('/workbench') + 1);
    const all = flattenRoutes(allowedRoutes(menuRoutes, () => true));
    expect(paths(all)).toContain('/service-desk/tickets/:id');
    const menu = paths(flattenRoutes(menuOnly(allowedRoutes(menuRoutes, () => true))));
    expect(menu).toEqual(
      expect.arrayContaining(['/service-desk/reception', '/service-desk/tickets', '/service-desk/receptions']),
    );
    expect(menu).not.toContain('/service-desk/tickets/:id');
  });

  it('offers 接待登记 only with ticket.create and the lists with ticket.read', () => {
    const menuFor = (held: string[]) =>
      paths(flattenRoutes(menuOnly(allowedRoutes(menuRoutes, (p) => held.includes(p)))));
    // 处理人: reads and handles tickets, registers none.
    const handler = menuFor(['ticket.read', 'ticket.handle']);
    expect(handler).toContain('/service-desk/tickets');
    expect(handler).not.toContain('/service-desk/reception');
    expect(menuFor(['ticket.read', 'ticket.create'])).toContain('/service-desk/reception');
    expect(menuFor(['customer.read'])).not.toContain('/service-desk/tickets');
  });

  // Service desk configuration and notifications (web-workbench).
  it('shows the service desk configuration only with ticket.configure, and keeps 消息中心 out of the menu', () => {
    const config = ['/service/routing-rules', '/service/duties', '/service/escalation'];
    const menuFor = (can: (p: string) => boolean) => paths(flattenRoutes(menuOnly(allowedRoutes(menuRoutes, can))));
    expect(menuFor(() => true)).toEqual(expect.arrayContaining(config));
    const withoutConfigure = menuFor((p) => p !== 'ticket.configure');
    for (const path of config) expect(withoutConfigure).not.toContain(path);
    expect(paths(flattenRoutes(allowedRoutes(menuRoutes, () => false)))).toContain('/notifications');
    expect(menuFor(() => true)).not.toContain('/notifications');
  });
});
