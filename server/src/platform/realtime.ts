import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Database, DbOrTx } from '../db/client.js';
import type { JobLogger } from './jobs.js';
import type { Permission } from './permissions.js';
import { type DataScope, scopeCoversPath } from './scope.js';

/**
 * Realtime: what changed, pushed to the browsers that care, across every server instance.
 *
 * Writers call `publish(tx, event)` inside their transaction: it is a `pg_notify` on the
 * channel `linli_events`, which PostgreSQL delivers when (and only if) the transaction commits,
 * to every session listening — so an event never announces a change that was rolled back, and
 * a change written through one instance reaches browsers connected to any other. Each instance
 * runs one `RealtimeHub`: a dedicated connection LISTENing on the channel (node-postgres, with
 * reconnect) or PGlite's own `listen` on the embedded database, fanning events out to its SSE
 * connections (`GET /api/events`).
 *
 * Payloads carry ids, public numbers and states only, never personal data; the browser fetches
 * details through the ordinary, permission-checked API.
 *
 * Who gets what:
 * - `notification` {id, title, ticketId}: the recipient only (then `workbench`).
 * - `ticket` {ticketId, publicNo, state}: the users the event names (handler, handler
 *   department, owner agent, escalation recipients) and every connected user holding
 *   `ticket.read` whose data scope (as at connection time) covers the ticket's project (then
 *   `workbench`).
 * - `call` {callId, number, state}: the agent whose extension the call rang at or who answered
 *   it, only (the screen pop; `number` is masked). A missed call also sends `workbench`.
 * - `workbench` {}: "your counts may have changed; fetch /api/workbench again".
 * - `messages` {}: no browser gets it; outbound messages were queued, and the instance's send
 *   job runs at once (server-side listeners, `onEvent`).
 */

export const REALTIME_CHANNEL = 'linli_events';

export type RealtimeEvent =
  | { type: 'notification'; userId: string; id: string; title: string; ticketId: string | null }
  | {
      type: 'ticket';
      ticketId: string;
      publicNo: string;
      state: string;
      projectId: string;
      orgPath: string;
      /** Users concerned regardless of scope. */
      userIds: string[];
    }
  | { type: 'messages' }
  | { type: 'call'; userId: string; callId: string; number: string; state: string };

/** Sends the event when the surrounding transaction commits (NOTIFY is transactional). */
export async function publish(tx: DbOrTx, event: RealtimeEvent): Promise<void> {
  await tx.execute(sql`select pg_notify(${REALTIME_CHANNEL}, ${JSON.stringify(event)})`);
}

/** Many events in one statement (a batch of changes in one transaction), in order. */
export async function publishAll(tx: DbOrTx, events: readonly RealtimeEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 500) {
    const payloads = events.slice(i, i + 500).map((e) => sql`(${JSON.stringify(e)})`);
    await tx.execute(
      sql`select pg_notify(${REALTIME_CHANNEL}, p.payload) from (values ${sql.join(payloads, sql`, `)}) as p(payload)`,
    );
  }
}

interface Connection {
  id: string;
  userId: string;
  scope: DataScope;
  readsTickets: boolean;
  raw: ServerResponse;
  heartbeat: NodeJS.Timeout;
  stillValid: () => Promise<boolean>;
}

export interface StreamOwner {
  userId: string;
  scope: DataScope;
  permissions: ReadonlySet<Permission>;
  /**
   * Asked at every heartbeat: false (logged out, revoked, idle past the limit, disabled) ends the
   * stream, so a session that ended stops receiving events.
   */
  stillValid?: () => Promise<boolean>;
}

export const HEARTBEAT_MS = 25_000;
const RECONNECT_MS = 2_000;

/** One per app instance: the LISTEN side and the SSE connections. */
export class RealtimeHub {
  private readonly connections = new Map<string, Connection>();
  private readonly listeners = new Set<(event: RealtimeEvent) => void>();
  private client: pg.Client | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private closed = false;
  private started: Promise<void> | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private log: JobLogger = { info: () => {}, error: () => {} };

  constructor(private readonly database: Database) {}

  useLogger(log: JobLogger): void {
    this.log = log;
  }

  /** Starts listening (idempotent); resolves once LISTEN is in place. */
  start(): Promise<void> {
    this.started ??= this.listen();
    return this.started;
  }

  /** A server-side listener for every event this instance hears; answers its removal. */
  onEvent(listener: (event: RealtimeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  private async listen(): Promise<void> {
    if (this.closed) return;
    if (this.database.kind === 'pglite' && this.database.pglite) {
      this.unlisten = await this.database.pglite.listen(REALTIME_CHANNEL, (payload) => this.dispatch(payload));
      return;
    }
    if (!this.database.url) return;
    const client = new pg.Client({ connectionString: this.database.url, application_name: 'linli-realtime' });
    client.on('notification', (message) => {
      if (message.channel === REALTIME_CHANNEL && message.payload) this.dispatch(message.payload);
    });
    const lost = (err?: unknown) => {
      if (this.client !== client) return;
      this.client = undefined;
      client.removeAllListeners('notification');
      void client.end().catch(() => {});
      if (this.closed) return;
      this.log.error({ err }, 'realtime listener lost its connection; reconnecting');
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = undefined;
        this.listen().catch((e: unknown) => lost(e));
      }, RECONNECT_MS);
      this.reconnectTimer.unref();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${REALTIME_CHANNEL}`);
    } catch (err) {
      lost(err);
    }
  }

  /** Registers an SSE stream already opened on `raw`; it ends when the client goes or the hub closes. */
  attach(owner: StreamOwner, raw: ServerResponse): void {
    const id = randomUUID();
    const heartbeat = setInterval(() => {
      const c = this.connections.get(id);
      if (c) void this.beat(c);
    }, HEARTBEAT_MS);
    heartbeat.unref();
    this.connections.set(id, {
      id,
      userId: owner.userId,
      scope: owner.scope,
      readsTickets: owner.permissions.has('ticket.read'),
      raw,
      heartbeat,
      stillValid: owner.stillValid ?? (async () => true),
    });
    const drop = () => {
      clearInterval(heartbeat);
      this.connections.delete(id);
    };
    raw.on('close', drop);
    raw.on('error', drop);
  }

  /** A heartbeat comment, or the end of the stream when its session no longer holds. */
  private async beat(c: Connection): Promise<void> {
    const valid = await c.stillValid().catch(() => true);
    if (valid) c.raw.write(': heartbeat\n\n');
    else c.raw.end();
  }

  /** Every stream's heartbeat now (tests; the timer does it every 25 s). */
  async heartbeatAll(): Promise<void> {
    await Promise.all([...this.connections.values()].map((c) => this.beat(c)));
  }

  /** Delivers one event to this instance's connections (from LISTEN). */
  dispatch(payload: string): void {
    let event: RealtimeEvent;
    try {
      event = JSON.parse(payload) as RealtimeEvent;
    } catch {
      return;
    }
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.log.error({ err }, 'realtime listener failed');
      }
    }
    for (const c of this.connections.values()) {
      if (event.type === 'notification') {
        if (c.userId !== event.userId) continue;
        send(c.raw, 'notification', { id: event.id, title: event.title, ticketId: event.ticketId });
        send(c.raw, 'workbench', {});
      } else if (event.type === 'ticket') {
        const named = event.userIds.includes(c.userId);
        const inScope =
          c.readsTickets &&
          (scopeCoversPath(c.scope, event.orgPath) || (!c.scope.all && c.scope.projectIds.includes(event.projectId)));
        if (!named && !inScope) continue;
        send(c.raw, 'ticket', { ticketId: event.ticketId, publicNo: event.publicNo, state: event.state });
        send(c.raw, 'workbench', {});
      } else if (event.type === 'call') {
        if (c.userId !== event.userId) continue;
        send(c.raw, 'call', { callId: event.callId, number: event.number, state: event.state });
        if (event.state === 'missed') send(c.raw, 'workbench', {});
      }
    }
  }

  /** Ends every stream and stops listening (app close). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    for (const c of [...this.connections.values()]) {
      clearInterval(c.heartbeat);
      c.raw.end();
    }
    this.connections.clear();
    const client = this.client;
    this.client = undefined;
    if (client) await client.end().catch(() => {});
    if (this.unlisten) await this.unlisten().catch(() => {});
    this.unlisten = undefined;
  }
}

function send(raw: ServerResponse, event: string, data: object): void {
  raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
