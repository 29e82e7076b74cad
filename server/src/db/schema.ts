// Every Drizzle table, for the query builder and for drizzle-kit's migration generator.
export * from '../modules/audit/audit.table.js';
export * from '../modules/calendar/calendar.table.js';
export * from '../modules/casework/casework.table.js';
export * from '../modules/catalogue/catalogue.table.js';
export * from '../modules/contractor/contractor.table.js';
export * from '../modules/customer/customer.table.js';
export * from '../modules/dictionary/dictionary.table.js';
export * from '../modules/export/export.table.js';
export * from '../modules/import/import.table.js';
export * from '../modules/org/org.table.js';
export * from '../modules/parameter/parameter.table.js';
export * from '../modules/project/project.table.js';
export * from '../modules/property/property.table.js';
export * from '../modules/role/role.table.js';
export * from '../modules/ticket/ticket.table.js';
export * from '../modules/user/user.table.js';
export * from '../platform/idempotency.table.js';
