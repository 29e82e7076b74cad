import type { paths } from '../../api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type TicketSummary = Json<paths['/api/tickets']['get']['responses'][200]>['data'][number];
export type TicketListQuery = NonNullable<paths['/api/tickets']['get']['parameters']['query']>;
export type TicketDetail = Json<paths['/api/tickets/{id}']['get']['responses'][200]>;
export type TicketEvent = TicketDetail['events'][number];
export type TicketAction = TicketDetail['actions'][number];
export type Attachment = TicketEvent['attachments'][number];
export type Reception = Json<paths['/api/receptions/{id}']['get']['responses'][200]>;
export type ReceptionListQuery = NonNullable<paths['/api/receptions']['get']['parameters']['query']>;
export type ReceptionBody = Json<NonNullable<paths['/api/receptions']['post']['requestBody']>>;
export type ReceptionCreated = Json<paths['/api/receptions']['post']['responses'][201]>;
export type ReceptionRow = Json<paths['/api/receptions']['get']['responses'][200]>['data'][number];
export type Suggestion = Json<paths['/api/dispatch/suggest']['post']['responses'][200]>;
export type CatalogueHit = Json<paths['/api/catalogue/search']['get']['responses'][200]>[number];
export type CustomerHit = Json<paths['/api/customers']['get']['responses'][200]>['data'][number];
export type DispatchCandidates = Json<paths['/api/tickets/{id}/dispatch-candidates']['get']['responses'][200]>;
