import type { RouteModule } from '../platform/routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { calendarRoutes } from './calendar/calendar.routes.js';
import { callRoutes } from './callcenter/call.routes.js';
import { compensationRoutes } from './casework/compensation.routes.js';
import { solutionRoutes } from './casework/solution.routes.js';
import { topicRoutes } from './casework/topic.routes.js';
import { catalogueRoutes } from './catalogue/catalogue.routes.js';
import { contractorRoutes } from './contractor/contractor.routes.js';
import { warrantyRoutes } from './contractor/warranty.routes.js';
import { customerRoutes } from './customer/customer.routes.js';
import { moveInRoutes } from './customer/move-in.routes.js';
import { customerProfileRoutes } from './customer/profile.routes.js';
import { renameRoutes } from './customer/rename.routes.js';
import { dashboardRoutes } from './dashboard/dashboard.routes.js';
import { dictionaryRoutes } from './dictionary/dictionary.routes.js';
import { exportRoutes } from './export/export.routes.js';
import { healthRoutes } from './health.routes.js';
import { importRoutes } from './import/import.routes.js';
import { eventRoutes } from './notification/events.routes.js';
import { messageRoutes } from './notification/message.routes.js';
import { notificationRoutes } from './notification/notification.routes.js';
import { receiptRoutes } from './notification/receipt.routes.js';
import { orgRoutes } from './org/org.routes.js';
import { parameterRoutes } from './parameter/parameter.routes.js';
import { projectRoutes } from './project/project.routes.js';
import { propertyRoutes } from './property/property.routes.js';
import { roleRoutes } from './role/role.routes.js';
import { attachmentRoutes } from './ticket/attachment.routes.js';
import { escalationRoutes } from './ticket/escalation.routes.js';
import { receptionRoutes } from './ticket/reception.routes.js';
import { routingRoutes } from './ticket/routing.routes.js';
import { slaRoutes } from './ticket/sla.routes.js';
import { ticketRoutes } from './ticket/ticket.routes.js';
import { workbenchRoutes } from './ticket/workbench.routes.js';
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
  importRoutes,
  moveInRoutes,
  renameRoutes,
  customerProfileRoutes,
  contractorRoutes,
  warrantyRoutes,
  userRoutes,
  roleRoutes,
  dictionaryRoutes,
  parameterRoutes,
  catalogueRoutes,
  auditRoutes,
  exportRoutes,
  calendarRoutes,
  receptionRoutes,
  ticketRoutes,
  attachmentRoutes,
  routingRoutes,
  escalationRoutes,
  slaRoutes,
  workbenchRoutes,
  notificationRoutes,
  eventRoutes,
  // Outbound messages: templates, channels, the send job and the sent log (after eventRoutes: it uses the realtime hub).
  messageRoutes,
  receiptRoutes,
  // Service desk casework: solution base, complaint topics, compensation.
  solutionRoutes,
  topicRoutes,
  compensationRoutes,
  // Call center: the signed telephony endpoint, call log, screen pop, click-to-call.
  callRoutes,
];
