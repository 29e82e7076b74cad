/**
 * The detail page's clocks between two answers of the server. The server says, per clock, the
 * business seconds left at its now on the ticket's calendar, whether business time runs now and
 * until when (end of this shift, start of the next); the page counts down from the moment the
 * answer arrived, only while it runs, and asks again when the running state changes.
 */
export interface ServerClock {
  state: 'running' | 'paused' | 'stopped';
  secondsLeft: number;
  ticking: boolean;
  /** The server's now for a running clock. */
  at: string;
  changesAt: string | null;
}

/** Seconds left at `now` (client time), the answer having arrived at `receivedAt` (client time). */
export function liveSecondsLeft(clock: ServerClock, receivedAt: number, now: number): number {
  if (clock.state !== 'running' || !clock.ticking) return clock.secondsLeft;
  const until = clock.changesAt
    ? receivedAt + (new Date(clock.changesAt).getTime() - new Date(clock.at).getTime())
    : Number.POSITIVE_INFINITY;
  const elapsed = Math.max(0, Math.min(now, until) - receivedAt);
  return clock.secondsLeft - Math.floor(elapsed / 1000);
}

/** Whether the running state has changed since the answer (time to ask the server again). */
export function isStale(clock: ServerClock, receivedAt: number, now: number): boolean {
  if (clock.state !== 'running' || !clock.changesAt) return false;
  return now >= receivedAt + (new Date(clock.changesAt).getTime() - new Date(clock.at).getTime());
}
