import {
  AccountBookOutlined,
  AlertOutlined,
  ApartmentOutlined,
  ApiOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BankOutlined,
  BellOutlined,
  BookOutlined,
  BranchesOutlined,
  BuildOutlined,
  CalendarOutlined,
  CloudDownloadOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  EditOutlined,
  FileProtectOutlined,
  FileSearchOutlined,
  FlagOutlined,
  FormOutlined,
  HistoryOutlined,
  HomeOutlined,
  IdcardOutlined,
  ImportOutlined,
  KeyOutlined,
  MailOutlined,
  MoneyCollectOutlined,
  OrderedListOutlined,
  PhoneOutlined,
  ProfileOutlined,
  ReadOutlined,
  RiseOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SettingOutlined,
  SlidersOutlined,
  TableOutlined,
  TeamOutlined,
  ToolOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { type ComponentType, lazy, type ReactNode } from 'react';
import { access } from './access';

export interface MenuRoute {
  path: string;
  /** i18n key of the menu label, in the `menu` namespace. */
  name: string;
  icon?: ReactNode;
  /** The permission needed to see the entry; a list: any one of them. */
  permission?: string | readonly string[];
  component?: ComponentType;
  /** A page reached from another page (such as a customer's 360 view), not from the menu. */
  hideInMenu?: boolean;
  children?: MenuRoute[];
}

const page = (load: () => Promise<{ default: ComponentType }>) => lazy(load);

/** 客服中心 entries of the casework part (解决方案库, 投诉专题, 赔付管理), kept in one block. */
const serviceDeskCasework: MenuRoute[] = [
  {
    path: '/service-desk/solutions',
    name: 'menu:solutions',
    icon: <ReadOutlined />,
    permission: access.solutions,
    component: page(() => import('../pages/casework/SolutionsPage')),
  },
  {
    path: '/service-desk/topics',
    name: 'menu:topics',
    icon: <AlertOutlined />,
    permission: access.topics,
    component: page(() => import('../pages/casework/TopicsPage')),
  },
  {
    path: '/service-desk/topics/:id',
    name: 'menu:topicDetail',
    permission: access.topics,
    hideInMenu: true,
    component: page(() => import('../pages/casework/TopicDetailPage')),
  },
  {
    path: '/service-desk/compensations',
    name: 'menu:compensations',
    icon: <AccountBookOutlined />,
    permission: access.compensations,
    component: page(() => import('../pages/casework/CompensationsPage')),
  },
];

/** The menu and the pages behind it. Entries the user lacks the permission for are hidden. */
export const menuRoutes: MenuRoute[] = [
  {
    path: '/workbench',
    name: 'menu:workbench',
    icon: <DashboardOutlined />,
    component: page(() => import('../pages/workbench/WorkbenchPage')),
  },
  {
    path: '/service-desk',
    name: 'menu:serviceDesk',
    icon: <PhoneOutlined />,
    children: [
      {
        path: '/service-desk/reception',
        name: 'menu:reception',
        icon: <FormOutlined />,
        permission: access.createTickets,
        component: page(() => import('../pages/tickets/ReceptionPage')),
      },
      {
        path: '/service-desk/tickets',
        name: 'menu:tickets',
        icon: <ProfileOutlined />,
        permission: access.tickets,
        component: page(() => import('../pages/tickets/TicketsPage')),
      },
      {
        path: '/service-desk/receptions',
        name: 'menu:receptions',
        icon: <FileSearchOutlined />,
        permission: access.tickets,
        component: page(() => import('../pages/tickets/ReceptionsPage')),
      },
      {
        path: '/service-desk/calls',
        name: 'menu:calls',
        icon: <CustomerServiceOutlined />,
        permission: access.calls,
        component: page(() => import('../pages/calls/CallsPage')),
      },
      {
        path: '/service-desk/tickets/:id',
        name: 'menu:ticketDetail',
        permission: access.tickets,
        hideInMenu: true,
        component: page(() => import('../pages/tickets/TicketDetailPage')),
      },
      ...serviceDeskCasework,
    ],
  },
  {
    path: '/property',
    name: 'menu:property',
    icon: <BankOutlined />,
    children: [
      {
        path: '/property/rooms',
        name: 'menu:rooms',
        icon: <TableOutlined />,
        permission: access.property,
        component: page(() => import('../pages/property/RoomsPage')),
      },
      {
        path: '/property/grid',
        name: 'menu:roomGrid',
        icon: <AppstoreOutlined />,
        permission: access.property,
        component: page(() => import('../pages/property/RoomGridPage')),
      },
      {
        path: '/property/generation',
        name: 'menu:roomGeneration',
        icon: <BuildOutlined />,
        permission: access.manageProperty,
        component: page(() => import('../pages/property/RoomGenerationPage')),
      },
      {
        path: '/property/import',
        name: 'menu:import',
        icon: <ImportOutlined />,
        permission: access.importProperty,
        component: page(() => import('../pages/import/ImportPage')),
      },
    ],
  },
  {
    path: '/customer',
    name: 'menu:customer',
    icon: <IdcardOutlined />,
    children: [
      {
        path: '/customers',
        name: 'menu:customers',
        icon: <UserOutlined />,
        permission: access.customers,
        component: page(() => import('../pages/customers/CustomersPage')),
      },
      {
        path: '/customer/move-ins',
        name: 'menu:moveIns',
        icon: <KeyOutlined />,
        permission: access.customers,
        component: page(() => import('../pages/customers/MoveInsPage')),
      },
      {
        path: '/customer/rename-requests',
        name: 'menu:renameRequests',
        icon: <EditOutlined />,
        permission: access.customers,
        component: page(() => import('../pages/customers/RenameRequestsPage')),
      },
      {
        path: '/customers/:id',
        name: 'menu:customerDetail',
        permission: access.customers,
        hideInMenu: true,
        component: page(() => import('../pages/customers/CustomerDetailPage')),
      },
    ],
  },
  {
    path: '/service',
    name: 'menu:service',
    icon: <CustomerServiceOutlined />,
    children: [
      {
        path: '/service/catalogue',
        name: 'menu:catalogue',
        icon: <OrderedListOutlined />,
        permission: access.catalogue,
        component: page(() => import('../pages/service/CataloguePage')),
      },
      {
        path: '/service/contractors',
        name: 'menu:contractors',
        icon: <ToolOutlined />,
        permission: access.contractors,
        component: page(() => import('../pages/contractors/ContractorsPage')),
      },
      {
        path: '/service/calendars',
        name: 'menu:calendars',
        icon: <CalendarOutlined />,
        permission: access.calendars,
        component: page(() => import('../pages/calendar/CalendarsPage')),
      },
      {
        path: '/service/holidays',
        name: 'menu:holidays',
        icon: <FlagOutlined />,
        permission: access.calendars,
        component: page(() => import('../pages/calendar/HolidaysPage')),
      },
      {
        path: '/service/compensation-tiers',
        name: 'menu:compensationTiers',
        icon: <MoneyCollectOutlined />,
        permission: access.compensations,
        component: page(() => import('../pages/casework/CompensationTiersPage')),
      },
      // Service desk configuration (web-workbench): routing rules, intake duties, escalation ladders.
      {
        path: '/service/routing-rules',
        name: 'menu:routingRules',
        icon: <BranchesOutlined />,
        permission: access.configureService,
        component: page(() => import('../pages/serviceRules/RoutingRulesPage')),
      },
      {
        path: '/service/duties',
        name: 'menu:duties',
        icon: <ScheduleOutlined />,
        permission: access.configureService,
        component: page(() => import('../pages/serviceRules/DutiesPage')),
      },
      {
        path: '/service/escalation',
        name: 'menu:escalation',
        icon: <RiseOutlined />,
        permission: access.configureService,
        component: page(() => import('../pages/serviceRules/EscalationPoliciesPage')),
      },
    ],
  },
  {
    path: '/system',
    name: 'menu:system',
    icon: <SettingOutlined />,
    children: [
      {
        path: '/system/orgs',
        name: 'menu:orgs',
        icon: <ApartmentOutlined />,
        permission: access.orgs,
        component: page(() => import('../pages/system/OrgsPage')),
      },
      {
        path: '/system/projects',
        name: 'menu:projects',
        icon: <HomeOutlined />,
        permission: access.projects,
        component: page(() => import('../pages/system/ProjectsPage')),
      },
      {
        path: '/system/users',
        name: 'menu:users',
        icon: <TeamOutlined />,
        permission: access.users,
        component: page(() => import('../pages/system/UsersPage')),
      },
      {
        path: '/system/roles',
        name: 'menu:roles',
        icon: <SafetyCertificateOutlined />,
        permission: access.roles,
        component: page(() => import('../pages/system/RolesPage')),
      },
      {
        path: '/system/export-approvals',
        name: 'menu:exportApprovals',
        icon: <FileProtectOutlined />,
        permission: access.approveExports,
        component: page(() => import('../pages/exports/ExportApprovalsPage')),
      },
      {
        path: '/system/my-exports',
        name: 'menu:myExports',
        icon: <CloudDownloadOutlined />,
        permission: access.requestExports,
        component: page(() => import('../pages/exports/MyExportsPage')),
      },
    ],
  },
  {
    path: '/settings',
    name: 'menu:settings',
    icon: <SlidersOutlined />,
    children: [
      {
        path: '/settings/dictionaries',
        name: 'menu:dictionaries',
        icon: <BookOutlined />,
        permission: access.dictionaries,
        component: page(() => import('../pages/settings/DictionariesPage')),
      },
      {
        path: '/settings/parameters',
        name: 'menu:parameters',
        icon: <SlidersOutlined />,
        permission: access.parameters,
        component: page(() => import('../pages/settings/ParametersPage')),
      },
      // 消息设置: what the outbound messages say, who sends them, and what was sent.
      {
        path: '/settings/message-templates',
        name: 'menu:messageTemplates',
        icon: <MailOutlined />,
        permission: access.messages,
        component: page(() => import('../pages/messages/MessageTemplatesPage')),
      },
      {
        path: '/settings/message-channels',
        name: 'menu:messageChannels',
        icon: <ApiOutlined />,
        permission: access.messages,
        component: page(() => import('../pages/messages/MessageChannelsPage')),
      },
      {
        path: '/settings/message-log',
        name: 'menu:messageLog',
        icon: <HistoryOutlined />,
        permission: access.messages,
        component: page(() => import('../pages/messages/MessageLogPage')),
      },
    ],
  },
  // Notifications (web-workbench): the full list behind the header's bell.
  {
    path: '/notifications',
    name: 'menu:notifications',
    icon: <BellOutlined />,
    hideInMenu: true,
    component: page(() => import('../pages/notifications/NotificationsPage')),
  },
  {
    path: '/audit',
    name: 'menu:audit',
    icon: <AuditOutlined />,
    permission: access.audit,
    component: page(() => import('../pages/audit/AuditPage')),
  },
];

/** Whether a route's permission (one code, or any one of a list) is held. */
export function permitted(permission: MenuRoute['permission'], can: (permission: string) => boolean): boolean {
  if (!permission) return true;
  return typeof permission === 'string' ? can(permission) : permission.some(can);
}

/** The routes a user may open: children filtered by permission, empty groups dropped. */
export function allowedRoutes(routes: MenuRoute[], can: (permission: string) => boolean): MenuRoute[] {
  const out: MenuRoute[] = [];
  for (const route of routes) {
    if (!permitted(route.permission, can)) continue;
    if (route.children) {
      const children = allowedRoutes(route.children, can);
      if (children.length === 0) continue;
      out.push({ ...route, children });
    } else {
      out.push(route);
    }
  }
  return out;
}

export function flattenRoutes(routes: MenuRoute[]): MenuRoute[] {
  return routes.flatMap((r) => (r.children ? flattenRoutes(r.children) : [r]));
}

/** What the menu shows: the allowed routes without the hidden pages, and without groups left empty. */
export function menuOnly(routes: MenuRoute[]): MenuRoute[] {
  const out: MenuRoute[] = [];
  for (const route of routes) {
    if (route.hideInMenu) continue;
    if (route.children) {
      const children = menuOnly(route.children);
      if (children.length > 0) out.push({ ...route, children });
    } else {
      out.push(route);
    }
  }
  return out;
}
