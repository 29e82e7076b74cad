/**
 * A random v4 UUID for an Idempotency-Key. `crypto.randomUUID` exists only in secure contexts
 * (HTTPS or localhost); a desk PC opening the server by its LAN address over plain HTTP lacks
 * it, so fall back to `getRandomValues`, which every browser offers everywhere.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * One key per submission: the same body sent again (a retry after a network failure or a
 * double press) reuses the key, so the server answers with the first result instead of
 * registering twice; a changed body is a new submission with a new key.
 */
export class SubmissionKey {
  private body: string | null = null;
  private key = '';

  for(body: unknown): string {
    const text = JSON.stringify(body);
    if (text !== this.body) {
      this.body = text;
      this.key = newIdempotencyKey();
    }
    return this.key;
  }

  reset(): void {
    this.body = null;
    this.key = '';
  }
}
