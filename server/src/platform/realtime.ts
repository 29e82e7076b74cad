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
 * - `workbench` {}: "your counts may have changed; fetch /api/workbench again".
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
    };

/** Sends the event when the surrounding transaction commits (NOTIFY is transactional). */
export async function publish(tx: DbOrTx, event: RealtimeEvent): Promise<void> {
  await tx.execute(sql`select pg_notify(${REALTIME_CHANNEL}, ${JSON.stringify(event)})`);
}

interface Connection {
  id: string;
  userId: string;
  scope: DataScope;
  readsTickets: boolean;
  raw: ServerResponse;
  heartbeat: NodeJS.Timeout;
}

export interface StreamOwner {
  userId: string;
  scope: DataScope;
  permissions: ReadonlySet<Permission>;
}

export const HEARTBEAT_MS = 25_000;
const RECONNECT_MS = 2_000;

/** One per app instance: the LISTEN side and the SSE connections. */
export class RealtimeHub {
  private readonly connections = new Map<string, Connection>();
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
      raw.write(': heartbeat\n\n');
    }, HEARTBEAT_MS);
    heartbeat.unref();
    this.connections.set(id, {
      id,
      userId: owner.userId,
      scope: owner.scope,
      readsTickets: owner.permissions.has('ticket.read'),
      raw,
      heartbeat,
    });
    const drop = () => {
      clearInterval(heartbeat);
      this.connections.delete(id);
    };
    raw.on('close', drop);
    raw.on('error', drop);
  }

  /** Delivers one event to this instance's connections (from LISTEN). */
  dispatch(payload: string): void {
    let event: RealtimeEvent;
    try {
      event = JSON.parse(payload) as RealtimeEvent;
    } catch {
      return;
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
