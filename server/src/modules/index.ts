import type { RouteModule } from '../platform/routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { customerRoutes } from './customer/customer.routes.js';
import { customerProfileRoutes } from './customer/profile.routes.js';
import { dashboardRoutes } from './dashboard/dashboard.routes.js';
import { dictionaryRoutes } from './dictionary/dictionary.routes.js';
import { healthRoutes } from './health.routes.js';
import { orgRoutes } from './org/org.routes.js';
import { parameterRoutes } from './parameter/parameter.routes.js';
import { projectRoutes } from './project/project.routes.js';
import { propertyRoutes } from './property/property.routes.js';
import { roleRoutes } from './role/role.routes.js';
import { userRoutes } from './user/user.routes.js';

/** Every HTTP module, registered in this order by app.ts. */
export const modules: RouteModule[] = [
  healthRoutes,
  authRoutes,
  dashboardRoutes,
  orgRoutes,
  projectRoutes,
  propertyRoutes,
  customerRoutes,
  customerProfileRoutes,
  userRoutes,
  roleRoutes,
  dictionaryRoutes,
  parameterRoutes,
  auditRoutes,
];
