// The telephony link's request signature, shared by the endpoint, the simulator and the tests.
//
//   X-Linli-Timestamp: <unix seconds>
//   X-Linli-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>
//
// A request is accepted when one of the v1 signatures matches (compared in constant time), the
// timestamp is within five minutes of the server's clock, and the same signature was not
// accepted before.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Secrets } from '../../platform/secrets.js';

export const CTI_TIMESTAMP_HEADER = 'x-linli-timestamp';
export const CTI_SIGNATURE_HEADER = 'x-linli-signature';
/** How far the sender's clock may be from ours, either way. */
export const CTI_TOLERANCE_SECONDS = 300;

/** CTI_SECRET when set; otherwise derived from the master key (the same on every instance sharing it). */
export function ctiSecret(config: Pick<Config, 'CTI_SECRET'>, secrets: Pick<Secrets, 'ctiSecret'>): string {
  return config.CTI_SECRET ?? secrets.ctiSecret;
}

export function ctiSignature(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The two headers a sender adds to a request whose body is exactly `body`. */
export function ctiHeaders(secret: string, body: string, now: Date = new Date()): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return {
    [CTI_TIMESTAMP_HEADER]: timestamp,
    [CTI_SIGNATURE_HEADER]: `v1=${ctiSignature(secret, timestamp, body)}`,
  };
}

export type CtiVerdict =
  | { ok: true; sentAt: Date; signatureHash: string }
  | { ok: false; code: 'CTI_SIGNATURE_INVALID' | 'CTI_TIMESTAMP_STALE'; reason: string };

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Checks the signature first (so an unsigned request learns nothing else), then the freshness.
 * The replay check is the caller's: `signatureHash` is unique in cti_event.
 */
export function verifyCti(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  now: Date,
): CtiVerdict {
  const timestamp = header(headers[CTI_TIMESTAMP_HEADER])?.trim() ?? '';
  const signatures = (header(headers[CTI_SIGNATURE_HEADER]) ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('v1='))
    .map((part) => part.slice(3));
  if (signatures.length === 0) return { ok: false, code: 'CTI_SIGNATURE_INVALID', reason: 'missing signature' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, code: 'CTI_TIMESTAMP_STALE', reason: 'missing timestamp' };
  const expected = Buffer.from(ctiSignature(secret, timestamp, rawBody), 'hex');
  const matched = signatures.find((s) => {
    if (!/^[0-9a-f]{64}$/i.test(s)) return false;
    return timingSafeEqual(Buffer.from(s, 'hex'), expected);
  });
  if (!matched) return { ok: false, code: 'CTI_SIGNATURE_INVALID', reason: 'signature mismatch' };
  const sentAt = new Date(Number(timestamp) * 1000);
  if (Math.abs(now.getTime() - sentAt.getTime()) > CTI_TOLERANCE_SECONDS * 1000) {
    return { ok: false, code: 'CTI_TIMESTAMP_STALE', reason: 'timestamp outside five minutes' };
  }
  return {
    ok: true,
    sentAt,
    signatureHash: createHash('sha256').update(matched.toLowerCase()).digest('hex'),
  };
}

/**
 * Requests per source IP in fixed one-minute windows, in this process only (several instances
 * each allow the limit; a proxy in front can limit globally). Enough to keep a misconfigured or
 * hostile sender from filling the event table and the audit log.
 */
export class CtiRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts one request; answers the seconds to wait when over the limit. */
  hit(key: string, now: number): { ok: true } | { ok: false; retryAfter: number } {
    if (this.windows.size > 10_000) {
      for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
    }
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count += 1;
    if (w.count <= this.perMinute) return { ok: true };
    return { ok: false, retryAfter: Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000)) };
  }
}
