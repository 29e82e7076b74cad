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
});
