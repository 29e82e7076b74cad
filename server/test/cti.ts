// Signed telephony events for the tests, made exactly as a switch (or the simulator) makes them.
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { ctiHeaders, ctiSecret } from '../src/modules/callcenter/cti.signature.js';
import type { ZodApp } from '../src/platform/routes.js';
import type { TestApp } from './harness.js';

export interface CtiEvent {
  event: 'ringing' | 'answered' | 'hangup' | 'missed';
  callId: string;
  direction?: 'inbound' | 'outbound';
  callerNumber: string;
  calledNumber: string;
  extension?: string;
  occurredAt?: string;
  recordingUrl?: string;
}

/** A fresh provider call id. */
export const callId = () => `sim-${randomBytes(6).toString('hex')}`;

/** POSTs the event signed with the server's secret at the test clock's time (or `sentAt`). */
export async function sendCti(
  t: TestApp,
  event: CtiEvent,
  options: { sentAt?: Date; app?: ZodApp; headers?: Record<string, string> } = {},
): Promise<LightMyRequestResponse> {
  const body = JSON.stringify(event);
  const headers = ctiHeaders(ctiSecret(t.deps.config, t.deps.secrets), body, options.sentAt ?? t.clock.now);
  return (options.app ?? t.app).inject({
    method: 'POST',
    url: '/api/cti/events',
    headers: { 'content-type': 'application/json', ...headers, ...options.headers },
    payload: body,
  });
}

/** Rings an extension; answers the provider call id. */
export async function ring(t: TestApp, from: string, extension: string, id = callId()): Promise<string> {
  const response = await sendCti(t, {
    event: 'ringing',
    callId: id,
    callerNumber: from,
    calledNumber: '400-820-0000',
    extension,
  });
  if (response.statusCode !== 200) throw new Error(`ringing failed: ${response.statusCode} ${response.body}`);
  return id;
}

/** Our call record id for a provider call id. */
export async function recordId(t: TestApp, externalId: string): Promise<string> {
  const { callRecord } = await import('../src/modules/callcenter/call.table.js');
  const { eq } = await import('drizzle-orm');
  const [row] = await t.deps.db
    .select({ id: callRecord.id })
    .from(callRecord)
    .where(eq(callRecord.externalId, externalId));
  if (!row) throw new Error(`no call record for ${externalId}`);
  return row.id;
}
