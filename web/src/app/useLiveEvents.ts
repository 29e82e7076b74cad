import { useEffect, useRef, useState } from 'react';

/**
 * Live updates from the server: one EventSource on /api/events per tab, shared by every
 * component that listens (the bell, the workbench, …). It opens when the first listener mounts,
 * closes when the last one leaves, and reconnects with a growing delay (1 s, 2 s, 4 s … 30 s)
 * when the connection drops. After a reconnect listeners get a `reconnected` event: whatever
 * happened while the connection was down was missed, so they reload.
 */
export type LiveEventType = 'notification' | 'ticket' | 'workbench' | 'call' | 'reconnected';
export const liveEventTypes: readonly LiveEventType[] = ['notification', 'ticket', 'workbench', 'call'];

export interface LiveEvent {
  type: LiveEventType;
  /** The event's JSON payload (or the raw text when it is not JSON). */
  data: unknown;
}

type Listener = (event: LiveEvent) => void;
type StatusListener = (connected: boolean) => void;

const listeners = new Set<Listener>();
const statusListeners = new Set<StatusListener>();
let source: EventSource | null = null;
let connected = false;
let attempts = 0;
let everOpened = false;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let users = 0;

const MAX_DELAY = 30_000;

function setConnected(next: boolean) {
  if (next === connected) return;
  connected = next;
  for (const listener of statusListeners) listener(next);
}

function emit(event: LiveEvent) {
  for (const listener of listeners) listener(event);
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function connect() {
  if (source || typeof EventSource === 'undefined') return;
  const es = new EventSource('/api/events', { withCredentials: true });
  source = es;
  es.onopen = () => {
    attempts = 0;
    setConnected(true);
    if (everOpened) emit({ type: 'reconnected', data: null });
    everOpened = true;
  };
  for (const type of liveEventTypes) {
    es.addEventListener(type, (e) => emit({ type, data: parse((e as MessageEvent<string>).data) }));
  }
  es.onerror = () => {
    // The browser would retry on its own at a fixed pace, and not at all after an HTTP error:
    // close and retry here with a growing delay.
    es.close();
    if (source === es) source = null;
    setConnected(false);
    if (users > 0) {
      const delay = Math.min(MAX_DELAY, 1000 * 2 ** attempts);
      attempts += 1;
      clearTimeout(retryTimer);
      retryTimer = setTimeout(connect, delay);
    }
  };
}

function acquire() {
  users += 1;
  if (users === 1) connect();
}

function release() {
  users -= 1;
  if (users > 0) return;
  clearTimeout(retryTimer);
  source?.close();
  source = null;
  everOpened = false;
  attempts = 0;
  setConnected(false);
}

/**
 * Listens to the shared live connection. `onEvent` is called for each event of `types` (all
 * kinds when omitted) and for `reconnected`; the latest `onEvent` is always used, so it needs no
 * memoising. Returns whether the connection is open, for a 实时 indicator.
 */
export function useLiveEvents(onEvent?: (event: LiveEvent) => void, types?: readonly LiveEventType[]): boolean {
  const [isConnected, setIsConnected] = useState(connected);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const wanted = useRef(types);
  wanted.current = types;

  useEffect(() => {
    const listener: Listener = (event) => {
      if (event.type !== 'reconnected' && wanted.current && !wanted.current.includes(event.type)) return;
      handler.current?.(event);
    };
    listeners.add(listener);
    statusListeners.add(setIsConnected);
    acquire();
    setIsConnected(connected);
    return () => {
      listeners.delete(listener);
      statusListeners.delete(setIsConnected);
      release();
    };
  }, []);

  return isConnected;
}

/**
 * Calls `reload` at most once per `wait` ms after live events of the given kinds: a burst of
 * events (an escalation notifies and changes the ticket and the workbench) makes one request.
 */
export function useLiveReload(reload: () => void, types?: readonly LiveEventType[], wait = 400): boolean {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(reload);
  latest.current = reload;
  useEffect(() => () => clearTimeout(timer.current), []);
  return useLiveEvents(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => latest.current(), wait);
  }, types);
}
