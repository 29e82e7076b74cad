import { z } from 'zod';
import { authed } from '../../platform/http.js';
import { idParams, okResponse, pageOf, type RouteModule } from '../../platform/routes.js';
import {
  createBankAccount,
  deleteBankAccount,
  listBankAccounts,
  revealBankAccount,
  setPrimaryBankAccount,
} from './bank-account.service.js';
import { createContact, deleteContact, listContacts, revealContactMobile, updateContact } from './contact.service.js';
import { createContactRecord, listContactRecords } from './contact-record.service.js';
import { createEvent, deleteEvent, listEvents, updateEvent } from './customer-event.service.js';
import {
  bankAccountBody,
  bankAccountDto,
  bankAccountParams,
  bankAccountRevealBody,
  bankAccountRevealResponse,
  contactBody,
  contactDto,
  contactParams,
  contactRecordBody,
  contactRecordDto,
  contactRecordListQuery,
  contactRevealBody,
  contactRevealResponse,
  eventBody,
  eventDto,
  eventListQuery,
  eventParams,
} from './profile.schema.js';

/**
 * The customer profile beyond identity and rooms: 家庭成员与紧急联系人, 银行账户, 沟通记录 and
 * 客户事件. Reading needs customer.read, changing customer.manage, a full number customer.reveal.
 */
export const customerProfileRoutes: RouteModule = (app, deps) => {
  const tags = ['customer'];

  // ── contacts ─────────────────────────────────────────────────────────────
  app.get(
    '/api/customers/:id/contacts',
    {
      config: { permission: 'customer.read' },
      schema: {
        tags,
        summary: '家庭成员与紧急联系人（手机号脱敏）',
        params: idParams,
        response: { 200: z.array(contactDto) },
      },
    },
    async (request) => listContacts(deps, authed(request), request.params.id),
  );

  app.post(
    '/api/customers/:id/contacts',
    {
      config: { permission: 'customer.manage' },
      schema: {
        tags,
        summary: '新增家庭成员或紧急联系人',
        params: idParams,
        body: contactBody,
        response: { 201: contactDto },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createContact(deps, authed(request), request.params.id, request.body)),
  );

  app.put(
    '/api/customers/:id/contacts/:contactId',
    {
      config: { permission: 'customer.manage' },
      schema: {
        tags,
        summary: '修改家庭成员或紧急联系人（不传手机号则不变）',
        params: contactParams,
        body: contactBody,
        response: { 200: contactDto },
      },
    },
    async (request) => updateContact(deps, authed(request), request.params.id, request.params.contactId, request.body),
  );

  app.delete(
    '/api/customers/:id/contacts/:contactId',
    {
      config: { permission: 'customer.manage' },
      schema: { tags, summary: '删除家庭成员或紧急联系人', params: contactParams, response: { 200: okResponse } },
    },
    async (request) => {
      await deleteContact(deps, authed(request), request.params.id, request.params.contactId);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/customers/:id/contacts/:contactId/reveal',
    {
      config: { permission: 'customer.reveal' },
      schema: {
        tags,
        summary: '查看联系人的完整手机号（记录理由）',
        params: contactParams,
        body: contactRevealBody,
        response: { 200: contactRevealResponse },
      },
    },
    async (request) =>
      revealContactMobile(deps, authed(request), request.params.id, request.params.contactId, request.body),
  );

  // ── bank accounts ────────────────────────────────────────────────────────
  app.get(
    '/api/customers/:id/bank-accounts',
    {
      config: { permission: 'customer.read' },
      schema: {
        tags,
        summary: '银行账户（账号脱敏，主账户在前）',
        params: idParams,
        response: { 200: z.array(bankAccountDto) },
      },
    },
    async (request) => listBankAccounts(deps, authed(request), request.params.id),
  );

  app.post(
    '/api/customers/:id/bank-accounts',
    {
      config: { permission: 'customer.manage' },
      schema: {
        tags,
        summary: '新增银行账户（第一个账户自动成为托收主账户）',
        params: idParams,
        body: bankAccountBody,
        response: { 201: bankAccountDto },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createBankAccount(deps, authed(request), request.params.id, request.body)),
  );

  app.post(
    '/api/customers/:id/bank-accounts/:accountId/primary',
    {
      config: { permission: 'customer.manage' },
      schema: {
        tags,
        summary: '设为托收主账户',
        params: bankAccountParams,
        response: { 200: bankAccountDto },
      },
    },
    async (request) => setPrimaryBankAccount(deps, authed(request), request.params.id, request.params.accountId),
  );

  app.delete(
    '/api/customers/:id/bank-accounts/:accountId',
    {
      config: { permission: 'customer.manage' },
      schema: {
        tags,
        summary: '删除银行账户（删除主账户时，最早添加的其余账户成为主账户）',
        params: bankAccountParams,
        response: { 200: okResponse },
      },
    },
    async (request) => {
      await deleteBankAccount(deps, authed(request), request.params.id, request.params.accountId);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/customers/:id/bank-accounts/:accountId/reveal',
    {
      config: { permission: 'customer.reveal' },
      schema: {
        tags,
        summary: '查看完整银行账号（记录理由）',
        params: bankAccountParams,
        body: bankAccountRevealBody,
        response: { 200: bankAccountRevealResponse },
      },
    },
    async (request) =>
      revealBankAccount(deps, authed(request), request.params.id, request.params.accountId, request.body),
  );

  // ── contact records ──────────────────────────────────────────────────────
  app.get(
    '/api/customers/:id/contact-records',
    {
      config: { permission: 'customer.read' },
      schema: {
        tags,
        summary: '沟通记录（最新在前，分页）',
        params: idParams,
        querystring: contactRecordListQuery,
        response: { 200: pageOf(contactRecordDto) },
      },
    },
    async (request) => listContactRecords(deps, authed(request), request.params.id, request.query),
  );

  app.post(
    '/api/customers/:id/contact-records',
    {
      config: { permission: 'customer.manage' },
      schema: {
        tags,
        summary: '新增沟通记录（记录人为当前用户；记录不可修改或删除）',
        params: idParams,
        body: contactRecordBody,
        response: { 201: contactRecordDto },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createContactRecord(deps, authed(request), request.params.id, request.body)),
  );

  // ── events ───────────────────────────────────────────────────────────────
  app.get(
    '/api/customers/:id/events',
    {
      config: { permission: 'customer.read' },
      schema: {
        tags,
        summary: '客户事件（最新在前，分页）',
        params: idParams,
        querystring: eventListQuery,
        response: { 200: pageOf(eventDto) },
      },
    },
    async (request) => listEvents(deps, authed(request), request.params.id, request.query),
  );

  app.post(
    '/api/customers/:id/events',
    {
      config: { permission: 'customer.manage' },
      schema: {
        tags,
        summary: '新增客户事件（经办人为当前用户）',
        params: idParams,
        body: eventBody,
        response: { 201: eventDto },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createEvent(deps, authed(request), request.params.id, request.body)),
  );

  app.put(
    '/api/customers/:id/events/:eventId',
    {
      config: { permission: 'customer.manage' },
      schema: {
        tags,
        summary: '修改客户事件',
        params: eventParams,
        body: eventBody,
        response: { 200: eventDto },
      },
    },
    async (request) => updateEvent(deps, authed(request), request.params.id, request.params.eventId, request.body),
  );

  app.delete(
    '/api/customers/:id/events/:eventId',
    {
      config: { permission: 'customer.manage' },
      schema: { tags, summary: '删除客户事件', params: eventParams, response: { 200: okResponse } },
    },
    async (request) => {
      await deleteEvent(deps, authed(request), request.params.id, request.params.eventId);
      return { ok: true as const };
    },
  );
};
