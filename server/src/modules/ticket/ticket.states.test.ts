import { describe, expect, it } from 'vitest';
import { ticketActionLabels, ticketStateLabels } from './ticket.labels.js';
import {
  actionsFrom,
  canTransition,
  finalStates,
  IllegalTransition,
  nextState,
  openStates,
  ticketActions,
  ticketStates,
  transitions,
} from './ticket.states.js';
import { checkedNext } from './ticket.workflow.js';

describe('the ticket transition table', () => {
  it('follows the lifecycle of the brief', () => {
    const path: [string, string][] = [
      ['dispatch', 'dispatched'],
      ['accept', 'accepted'],
      ['start', 'in_progress'],
      ['pause', 'waiting'],
      ['resume', 'in_progress'],
      ['resolve', 'resolved'],
      ['visit_unsatisfied', 'reopened'],
      ['dispatch', 'dispatched'],
      ['accept', 'accepted'],
      ['resolve', 'resolved'],
      ['visit_satisfied', 'visited'],
      ['close', 'closed'],
    ];
    let state: (typeof ticketStates)[number] = 'new';
    for (const [action, to] of path) {
      state = nextState(action as never, state);
      expect(state).toBe(to);
    }
  });

  it('allows nothing from a final state and refuses every other pair with IllegalTransition', () => {
    for (const state of finalStates) expect(actionsFrom(state)).toEqual([]);
    let refused = 0;
    for (const state of ticketStates) {
      for (const action of ticketActions) {
        if (canTransition(action, state)) {
          expect(nextState(action, state)).toBe(transitions[action].to);
        } else {
          expect(() => nextState(action, state)).toThrow(IllegalTransition);
          refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(80);
  });

  it('answers a refusal as the 409 with both names in Chinese', () => {
    expect(() => checkedNext('accept', 'closed', 'zh-CN')).toThrowError(
      expect.objectContaining({
        code: 'TICKET_ILLEGAL_TRANSITION',
        status: 409,
        params: { state: '已关闭', action: '接单' },
      }),
    );
  });

  it('labels every state and action in both languages, and counts open states as work', () => {
    for (const s of ticketStates) expect(ticketStateLabels[s]['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    for (const a of ticketActions) expect(ticketActionLabels[a]['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    for (const s of openStates) expect(actionsFrom(s)).toContain('cancel');
    expect(openStates.some((s) => finalStates.includes(s))).toBe(false);
  });
});
