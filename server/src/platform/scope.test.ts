import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { organization } from '../modules/org/org.table.js';
import { project } from '../modules/project/project.table.js';
import { appUser } from '../modules/user/user.table.js';
import {
  type DataScope,
  NO_SCOPE,
  scopeCompanies,
  scopeContains,
  scopeCoversPath,
  scopeOrgNodes,
  scopeRows,
  scopeStaff,
} from './scope.js';

const dialect = new PgDialect({ casing: 'snake_case' });
const render = (condition: SQL | undefined) => (condition ? dialect.sqlToQuery(condition) : undefined);

const company = '/g/sh/';
const office = '/g/sh/pd/';
const orgScope = (...orgPaths: string[]): DataScope => ({ all: false, orgPaths, projectIds: [], projectOrgPaths: [] });
const projectScope = (projects: { id: string; orgPath: string }[]): Extract<DataScope, { all: false }> => ({
  all: false,
  orgPaths: [],
  projectIds: projects.map((p) => p.id),
  projectOrgPaths: [...new Set(projects.map((p) => p.orgPath))],
});

describe('scopeCompanies', () => {
  it('names the companies a scope reaches, or null when it reaches them all', () => {
    expect(scopeCompanies({ all: true })).toBeNull();
    expect(
      scopeCompanies({
        all: false,
        orgPaths: ['/g/sh/', '/g/sh/pd/kf/'],
        projectIds: ['p1'],
        projectOrgPaths: ['/g/hz/xh/'],
      })?.sort(),
    ).toEqual(['hz', 'sh']);
    // A node above the companies (the group) reaches every company.
    expect(scopeCompanies({ all: false, orgPaths: ['/g/'], projectIds: [], projectOrgPaths: [] })).toBeNull();
    expect(scopeCompanies({ all: false, orgPaths: [], projectIds: [], projectOrgPaths: [] })).toEqual([]);
  });
});

describe('scopeCoversPath', () => {
  it('covers a subtree by path prefix', () => {
    expect(scopeCoversPath(orgScope(company), office)).toBe(true);
    expect(scopeCoversPath(orgScope(company), company)).toBe(true);
    expect(scopeCoversPath(orgScope(office), company)).toBe(false);
    expect(scopeCoversPath(orgScope(company), '/g/hz/')).toBe(false);
    expect(scopeCoversPath({ all: true }, '/anything/')).toBe(true);
  });

  it('does not treat project grants as covering their office', () => {
    expect(scopeCoversPath(projectScope([{ id: 'p1', orgPath: office }]), office)).toBe(false);
  });
});

describe('scopeContains', () => {
  it('lets an all-data caller grant anything', () => {
    expect(scopeContains({ all: true }, { kind: 'all' })).toBe(true);
    expect(scopeContains({ all: true }, { kind: 'org', path: '/x/' })).toBe(true);
  });

  it('never lets a scoped caller grant all data', () => {
    expect(scopeContains(orgScope('/g/'), { kind: 'all' })).toBe(false);
  });

  it('allows an organisation only inside the caller subtree', () => {
    expect(scopeContains(orgScope(company), { kind: 'org', path: office })).toBe(true);
    expect(scopeContains(orgScope(office), { kind: 'org', path: company })).toBe(false);
    expect(scopeContains(orgScope(company), { kind: 'org', path: '/g/hz/' })).toBe(false);
  });

  it('allows projects the caller holds or whose office lies in the caller subtree', () => {
    const scope: DataScope = { ...projectScope([{ id: 'p1', orgPath: office }]), orgPaths: ['/g/hz/'] };
    expect(scopeContains(scope, { kind: 'projects', projects: [{ id: 'p1', orgPath: office }] })).toBe(true);
    expect(scopeContains(scope, { kind: 'projects', projects: [{ id: 'p9', orgPath: '/g/hz/xh/' }] })).toBe(true);
    expect(
      scopeContains(scope, {
        kind: 'projects',
        projects: [
          { id: 'p1', orgPath: office },
          { id: 'p2', orgPath: office },
        ],
      }),
    ).toBe(false);
  });
});

describe('scope SQL', () => {
  it('adds no condition for an all-data scope', () => {
    expect(scopeRows({ all: true }, { path: project.orgPath, projectId: project.id })).toBeUndefined();
    expect(scopeStaff({ all: true }, appUser.orgPath)).toBeUndefined();
    expect(scopeOrgNodes({ all: true }, organization.path)).toBeUndefined();
  });

  it('matches nothing for an empty scope', () => {
    expect(render(scopeRows(NO_SCOPE, { path: project.orgPath, projectId: project.id }))?.sql).toBe('false');
    expect(render(scopeStaff(NO_SCOPE, appUser.orgPath))?.sql).toBe('false');
    expect(render(scopeOrgNodes(NO_SCOPE, organization.path))?.sql).toBe('false');
  });

  it('rows: prefix match on the org path or the listed project ids', () => {
    const scope: DataScope = { ...projectScope([{ id: 'p1', orgPath: office }]), orgPaths: ['/g/hz/'] };
    const query = render(scopeRows(scope, { path: project.orgPath, projectId: project.id }));
    expect(query?.sql).toMatch(/"project"\."org_path" like \$1/);
    expect(query?.sql).toMatch(/"project"\."id" in \(\$2\)/);
    expect(query?.params).toEqual(['/g/hz/%', 'p1']);
  });

  it('escapes LIKE wildcards in paths', () => {
    const query = render(scopeRows(orgScope('/g/a_b%/'), { path: project.orgPath }));
    expect(query?.params).toEqual(['/g/a\\_b\\%/%']);
  });

  it('staff: subtree of the scope plus the offices of scoped projects', () => {
    const query = render(scopeStaff(projectScope([{ id: 'p1', orgPath: office }]), appUser.orgPath));
    expect(query?.params).toEqual([`${office}%`]);
  });

  it('org nodes: the scoped subtree plus every node above a scoped project, but not beside it', () => {
    const query = render(
      scopeOrgNodes(
        {
          all: false,
          orgPaths: ['/g/hz/'],
          projectIds: ['p1', 'p2'],
          projectOrgPaths: [office, '/g/sh/mh/'],
        },
        organization.path,
      ),
    );
    expect(query?.params[0]).toBe('/g/hz/%');
    const exact = query?.params.slice(1);
    expect(exact).toEqual(expect.arrayContaining(['/g/', '/g/sh/', office, '/g/sh/mh/']));
    expect(exact).toHaveLength(4);
    expect(query?.sql).toMatch(/"organization"\."path" in \(/);
  });
});
