// What happens when an official holiday schedule is published, replaced or withdrawn.
//
// Deadlines computed across a year without a schedule are provisional (see calendar.engine.ts);
// once the year's schedule arrives they must be computed again. The service desk subscribes here:
//
//   subscribeHolidayScheduleChanged(async (deps, year) => {
//     // recompute every open ticket whose deadline is provisional and touches `year`
//   });
//
// The holiday-year service calls onHolidayScheduleChanged(deps, year) after the change has
// committed. Listeners run one after another; a failing listener is logged and does not undo the
// change or stop the others. The call is in-process and not durable: a crash between the commit and
// the listener loses the event, so a subscriber should also catch up on its own schedule (the
// desk's sweep: "provisional deadline, and its year now has a schedule" → recompute), which makes
// this hook the fast path, not the only one.
import type { Deps } from '../../platform/context.js';

export type HolidayScheduleListener = (deps: Deps, year: number) => Promise<void>;

const listeners = new Set<HolidayScheduleListener>();

/** Registers a listener; answers the function that removes it. */
export function subscribeHolidayScheduleChanged(listener: HolidayScheduleListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export interface ErrorLog {
  error(details: object, message: string): void;
}

const consoleLog: ErrorLog = { error: (details, message) => console.error(message, details) };

/** Tells the subscribers that the official schedule of `year` changed (published, replaced, deleted). */
export async function onHolidayScheduleChanged(deps: Deps, year: number, log: ErrorLog = consoleLog): Promise<void> {
  for (const listener of [...listeners]) {
    try {
      await listener(deps, year);
    } catch (err) {
      // Never undo a published schedule because a subscriber failed; it catches up on its sweep.
      log.error({ err, year }, 'holiday schedule listener failed');
    }
  }
}
