/**
 * The ticket's life, in one table. Every state change goes through `transition()`; an action
 * that the table does not allow from the current state is a 409 (TICKET_ILLEGAL_TRANSITION)
 * naming both, never a silent no-op.
 *
 *   new → dispatched → accepted → in_progress ⇄ waiting → resolved → visited → closed
 *   resolved → reopened (unsatisfied return visit) → dispatched …
 *   resolved → closed (no return visit required)
 *   new | dispatched | accepted | in_progress | waiting → cancelled | merged
 */
export const ticketStates = [
  'new',
  'dispatched',
  'accepted',
  'in_progress',
  'waiting',
  'resolved',
  'visited',
  'closed',
  'reopened',
  'cancelled',
  'merged',
] as const;
export type TicketState = (typeof ticketStates)[number];

/** States in which the ticket still needs work (counted as load, shown on to-do lists). */
export const openStates: readonly TicketState[] = [
  'new',
  'dispatched',
  'accepted',
  'in_progress',
  'waiting',
  'reopened',
];
/** States in which it is finished one way or another. */
export const finalStates: readonly TicketState[] = ['closed', 'cancelled', 'merged'];

export const ticketActions = [
  'dispatch',
  'reassign',
  'accept',
  'start',
  'pause',
  'resume',
  'resolve',
  'visit_satisfied',
  'visit_unsatisfied',
  'close',
  'answer',
  'cancel',
  'merge',
] as const;
export type TicketAction = (typeof ticketActions)[number];

const beforeResolution: readonly TicketState[] = [
  'new',
  'dispatched',
  'accepted',
  'in_progress',
  'waiting',
  'reopened',
];

/** action → the states it may start from and the state it leads to. */
export const transitions: Readonly<Record<TicketAction, { from: readonly TicketState[]; to: TicketState }>> = {
  /** First dispatch, or the redispatch of a reopened ticket. */
  dispatch: { from: ['new', 'reopened'], to: 'dispatched' },
  /** 改派 / 转派: another handler, with a reason; the work starts over at dispatched. */
  reassign: { from: ['dispatched', 'accepted', 'in_progress', 'waiting'], to: 'dispatched' },
  /** The handler acknowledges (stops the response clock). */
  accept: { from: ['dispatched'], to: 'accepted' },
  /** First progress update after accepting. */
  start: { from: ['accepted'], to: 'in_progress' },
  /** Waiting on the customer: the clocks pause. */
  pause: { from: ['accepted', 'in_progress'], to: 'waiting' },
  resume: { from: ['waiting'], to: 'in_progress' },
  resolve: { from: ['accepted', 'in_progress'], to: 'resolved' },
  visit_satisfied: { from: ['resolved'], to: 'visited' },
  visit_unsatisfied: { from: ['resolved'], to: 'reopened' },
  /** After a satisfied visit, or right after resolution when no visit is required. */
  close: { from: ['visited', 'resolved'], to: 'closed' },
  /** A consultation answered on the spot from the solution base. */
  answer: { from: ['new'], to: 'closed' },
  cancel: { from: beforeResolution, to: 'cancelled' },
  merge: { from: beforeResolution, to: 'merged' },
};

export function canTransition(action: TicketAction, from: TicketState): boolean {
  return transitions[action].from.includes(from);
}

export class IllegalTransition extends Error {
  constructor(
    readonly action: TicketAction,
    readonly from: TicketState,
  ) {
    super(`ticket: ${action} is not allowed from ${from}`);
  }
}

/** The state `action` leads to from `from`; throws IllegalTransition when the table forbids it. */
export function nextState(action: TicketAction, from: TicketState): TicketState {
  const rule = transitions[action];
  if (!rule.from.includes(from)) throw new IllegalTransition(action, from);
  return rule.to;
}

/** The actions possible from a state (the detail page shows only these buttons). */
export function actionsFrom(state: TicketState): TicketAction[] {
  return ticketActions.filter((a) => transitions[a].from.includes(state));
}
