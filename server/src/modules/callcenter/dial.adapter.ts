// Click-to-call goes out through one provider adapter. The default only writes a log line, so a
// fresh install can show the feature without a switch; a real provider (a cloud telephony API
// that rings the agent's extension, then the customer) implements the same interface and is
// installed with useDialAdapter() at start.
import { maskMobile } from '../../platform/mask.js';

export interface DialRequest {
  /** Our call record's id, for the provider to echo back in its events if it can. */
  callId: string;
  /** The agent's extension that rings first. */
  extension: string;
  /** The normalised number to call. */
  number: string;
}

export interface DialLogger {
  info(obj: object, msg: string): void;
}

export interface DialAdapter {
  readonly name: string;
  /** Places the call; answers the provider's call id (the CTI events of the call carry it). */
  dial(request: DialRequest, log: DialLogger): Promise<{ externalId: string }>;
}

/** Records that the call would have been placed; no network. */
export const logOnlyDialAdapter: DialAdapter = {
  name: 'log',
  async dial(request, log) {
    log.info(
      { callId: request.callId, extension: request.extension, number: maskMobile(request.number) },
      'click-to-call: log-only adapter, no call placed',
    );
    return { externalId: `log-${request.callId}` };
  },
};

let current: DialAdapter = logOnlyDialAdapter;

export function dialAdapter(): DialAdapter {
  return current;
}

/** Installs a provider (at start, or in a test); answers the previous one. */
export function useDialAdapter(adapter: DialAdapter): DialAdapter {
  const previous = current;
  current = adapter;
  return previous;
}
