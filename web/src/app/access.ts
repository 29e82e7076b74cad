/**
 * What the current user may see: one place that maps menu entries and page actions to the
 * permission codes the server enforces. The server is the authority; this only hides what
 * would be refused anyway.
 */
export const access = {
  orgs: 'org.read',
  manageOrgs: 'org.manage',
  projects: 'project.read',
  manageProjects: 'project.manage',
  property: 'property.read',
  manageProperty: 'property.manage',
  importProperty: 'property.import',
  customers: 'customer.read',
  manageCustomers: 'customer.manage',
  revealCustomers: 'customer.reveal',
  anonymiseCustomers: 'customer.anonymise',
  exportCustomers: 'customer.export',
  approveCustomers: 'customer.approve',
  catalogue: 'catalogue.read',
  manageCatalogue: 'catalogue.manage',
  contractors: 'contractor.read',
  manageContractors: 'contractor.manage',
  users: 'user.read',
  manageUsers: 'user.manage',
  roles: 'role.read',
  manageRoles: 'role.manage',
  dictionaries: 'dictionary.read',
  manageDictionaries: 'dictionary.manage',
  parameters: 'parameter.read',
  manageParameters: 'parameter.manage',
  calendars: 'calendar.read',
  manageCalendars: 'calendar.manage',
  tickets: 'ticket.read',
  createTickets: 'ticket.create',
  exportTickets: 'ticket.export',
  audit: 'audit.read',
  exportAudit: 'audit.export',
  approveExports: 'export.approve',
  // Service desk casework: solution base, complaint topics, compensation.
  solutions: 'ticket.read',
  manageSolutions: 'solution.manage',
  topics: 'ticket.read',
  manageTopics: 'topic.manage',
  compensations: 'ticket.read',
  requestCompensation: 'compensation.request',
  approveCompensation: 'compensation.approve',
  configureTickets: 'ticket.configure',
  // Service desk: workbench, notifications, configuration (web-workbench).
  ticketTodos: 'ticket.read',
  configureService: 'ticket.configure',
  // Outbound messages: templates, channels, the sent log.
  messages: 'message.read',
  manageMessages: 'message.manage',
  // 呼叫中心: screen pop, call log and call-backs; click-to-call.
  calls: 'call.read',
  dial: 'call.dial',
  /** The exports of personal data (customers, staff): whoever holds one may ask for approval. */
  requestExports: ['customer.export', 'user.read', 'call.read'],
} as const;
