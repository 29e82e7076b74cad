import type { Severity, TicketType } from '../../../modules/catalogue/catalogue.table.js';
import { defaultLadder } from '../../../modules/ticket/escalation.ladder.js';
import { typeDefaults } from '../../../modules/ticket/ticket.defaults.js';
import type { TicketState } from '../../../modules/ticket/ticket.states.js';
import type { Rng } from './random.js';

export interface StaffRef {
  id: string;
  name: string;
}

export interface CatalogueItem {
  id: string;
  name: string;
  ticketTypes: TicketType[];
  severity: Severity | null;
  responseMinutes: number | null;
  resolutionMinutes: number | null;
  calendarTime: boolean;
  returnVisitRequired: boolean;
}

export interface PlannedEvent {
  kind: string;
  from: TicketState | null;
  to: TicketState | null;
  actor: StaffRef | null;
  visibility: 'internal' | 'customer';
  body: string | null;
  data: Record<string, unknown>;
  at: Date;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Realistic mix: repairs dominate, complaints next, a few questions, suggestions and thanks. */
const typeWeights = [
  ['repair', 60],
  ['complaint', 14],
  ['consultation', 12],
  ['query', 6],
  ['suggestion', 5],
  ['praise', 3],
] as const;

const openers = ['业主来电反映', '住户到前台反映', '业主微信留言：', '住户来电称', '业主反映'];
const resolutions: Record<TicketType, string[]> = {
  repair: ['已上门维修完毕，业主确认正常使用', '更换配件后恢复正常', '已修复并做闭水试验，无渗漏', '已疏通，排水正常'],
  complaint: ['已与相关方沟通协调，问题已处理', '已加强巡查并向业主致歉', '已整改完毕，业主表示认可'],
  consultation: ['已电话答复业主', '已告知办理流程及所需材料', '已解答，业主无其他疑问'],
  query: ['已核实并向业主说明情况', '已出具明细，业主认可'],
  suggestion: ['已记录建议并反馈管理处，将纳入改进计划', '感谢建议，已安排落实'],
  praise: ['已转达表扬，感谢业主认可', '已在月度例会上通报表扬'],
};
const noItemTitles: Record<TicketType, string[]> = {
  repair: ['其他报修'],
  complaint: ['其他投诉'],
  consultation: ['物业费缴纳咨询', '装修手续咨询', '停车办理咨询'],
  query: ['物业费账单质疑', '水电费分摊质疑'],
  suggestion: ['增设电动车充电桩建议', '小区绿化改进建议'],
  praise: ['表扬维修师傅', '表扬客服人员'],
};
const cancelReasons = ['业主已自行处理', '重复报事', '业主来电撤销'];

/** Business minutes as calendar time, roughly: 8 working hours make a day. */
const limitMs = (minutes: number, calendarTime: boolean) => (calendarTime ? minutes : minutes * 3) * MINUTE;

export interface TicketPlan {
  type: TicketType;
  item: CatalogueItem | null;
  title: string;
  content: string;
  severity: Severity;
  state: TicketState;
  agent: StaffRef;
  handler: StaffRef | null;
  handlerOrgId: string;
  dispatchMethod: 'rule' | 'duty' | 'load' | 'manual';
  dispatchedAt: Date | null;
  acceptedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  pausedAt: Date | null;
  resolution: string | null;
  calendarTime: boolean;
  responseMinutes: number;
  resolutionMinutes: number;
  responseDueAt: Date;
  resolutionDueAt: Date;
  responseOverdue: boolean;
  resolutionOverdue: boolean;
  slaWarned: boolean;
  escalationLevel: number;
  returnVisitRequired: boolean;
  satisfaction: number | null;
  cancelReason: string | null;
  updatedAt: Date;
  events: PlannedEvent[];
  visit: { dueAt: Date; visitedAt: Date | null; satisfaction: number | null } | null;
  escalations: { level: number; name: string; at: Date }[];
  timers: {
    clock: 'response' | 'resolution';
    kind: 'warning' | 'due' | 'escalation';
    level: number;
    fireAt: Date | null;
    firedAt: Date | null;
  }[];
}

type Stage =
  | 'new'
  | 'dispatched'
  | 'accepted'
  | 'in_progress'
  | 'waiting'
  | 'resolved'
  | 'visited'
  | 'closed'
  | 'cancelled';
const stageOrder: Stage[] = ['new', 'dispatched', 'accepted', 'in_progress', 'resolved', 'visited', 'closed'];

/**
 * One ticket's life, as the workflow would have written it: a target stage by age (old tickets
 * are almost all closed, recent ones spread over the open states), its timeline walked forward
 * from creation and cut at `now`, the SLA deadlines and what the sweep would have fired by then
 * (overdue marks, escalations) — except in the last two days, where due timers are left for the
 * sweep. Open tickets get their pending timers.
 */
export function planTicket(
  r: Rng,
  input: {
    createdAt: number;
    now: number;
    catalogue: CatalogueItem[];
    agent: StaffRef;
    handler: StaffRef;
    supervisor: StaffRef;
    handlerOrgId: string;
    csOrgId: string;
  },
): TicketPlan {
  const { createdAt, now } = input;
  const type = r.weighted(typeWeights);
  const items = input.catalogue.filter((i) => i.ticketTypes.includes(type));
  const item = items.length > 0 && r.chance(0.9) ? r.pick(items) : null;
  const defaults = typeDefaults[type];
  const responseMinutes = item?.responseMinutes ?? defaults.responseMinutes;
  const resolutionMinutes = item?.resolutionMinutes ?? defaults.resolutionMinutes;
  const calendarTime = item?.calendarTime ?? false;
  const severity = item?.severity ?? defaults.severity;
  const returnVisitRequired = item?.returnVisitRequired ?? defaults.returnVisitRequired;
  const title = item?.name ?? r.pick(noItemTitles[type]);
  const content = `${r.pick(openers)}${title}，请尽快处理。`;
  const repairLike = type === 'repair' || type === 'complaint';
  const handler = repairLike ? input.handler : input.supervisor;
  const handlerOrgId = repairLike ? input.handlerOrgId : input.csOrgId;
  const responseDue = createdAt + limitMs(responseMinutes, calendarTime);
  const resolutionDue = createdAt + limitMs(resolutionMinutes, calendarTime);

  // Where it is headed: by age, most end closed.
  const age = now - createdAt;
  let target: Stage;
  if (age > 14 * DAY) {
    target = r.weighted([
      ['closed', 94],
      ['cancelled', 3],
      ['in_progress', 2],
      ['waiting', 1],
    ] as const);
  } else {
    target = r.weighted([
      ['closed', 45],
      ['visited', 3],
      ['resolved', 12],
      ['in_progress', 15],
      ['waiting', 5],
      ['accepted', 8],
      ['dispatched', 6],
      ['new', 3],
      ['cancelled', 3],
    ] as const);
  }
  const needsVisit = returnVisitRequired;
  if (target === 'visited' && !needsVisit) target = 'closed';

  const events: PlannedEvent[] = [];
  let state: Stage = 'new';
  let at = createdAt;
  const event = (
    kind: string,
    to: Stage | null,
    actor: StaffRef | null,
    data: Record<string, unknown>,
    body: string | null = null,
    visibility: 'internal' | 'customer' = 'internal',
  ) => {
    events.push({ kind, from: kind === 'created' ? null : state, to, actor, visibility, body, data, at: new Date(at) });
    if (to) state = to;
  };
  event('created', 'new', input.agent, { round: 1 }, content, 'customer');
  const plan: Partial<TicketPlan> = {};
  let dispatchedAt: number | null = null;
  let acceptedAt: number | null = null;
  let resolvedAt: number | null = null;
  let closedAt: number | null = null;
  let pausedAt: number | null = null;
  let satisfaction: number | null = null;
  let visitedAt: number | null = null;
  let cancelReason: string | null = null;
  const dispatchMethod = r.weighted([
    ['rule', 55],
    ['load', 20],
    ['duty', 10],
    ['manual', 15],
  ] as const);
  // Late tickets: about one in eight misses its resolution deadline.
  const late = r.chance(0.12);
  const steps: Stage[] =
    target === 'cancelled'
      ? ['dispatched']
      : stageOrder.slice(1, stageOrder.indexOf(target === 'waiting' ? 'in_progress' : target) + 1);
  if (target === 'cancelled' && r.chance(0.5)) steps.length = 0;
  for (const step of steps) {
    let next = at;
    if (step === 'dispatched') next = at + r.int(2, 40) * MINUTE;
    else if (step === 'accepted') next = at + r.int(5, 100) * MINUTE;
    else if (step === 'in_progress') next = at + r.int(10, 240) * MINUTE;
    else if (step === 'resolved') {
      const budget = resolutionDue - createdAt;
      next = Math.max(
        at + 20 * MINUTE,
        createdAt + Math.floor(budget * (late ? 1.05 + r.next() : 0.1 + r.next() * 0.8)),
      );
    } else if (step === 'visited') next = at + r.int(2, 48) * HOUR;
    else if (step === 'closed') next = at + (needsVisit ? r.int(1, 30) * MINUTE : r.int(1, 24) * HOUR);
    if (step === 'visited' && !needsVisit) continue;
    if (next > now) break;
    at = next;
    if (step === 'dispatched') {
      dispatchedAt = at;
      event('dispatched', 'dispatched', input.agent, {
        handlerKind: 'user',
        handlerUserId: handler.id,
        handlerOrgId,
        method: dispatchMethod,
        round: 1,
      });
    } else if (step === 'accepted') {
      acceptedAt = at;
      event('accepted', 'accepted', handler, { round: 1 });
    } else if (step === 'in_progress') {
      event('progress', 'in_progress', handler, { round: 1 }, '已到场查看，正在处理');
    } else if (step === 'resolved') {
      resolvedAt = at;
      const text = r.pick(resolutions[type]);
      plan.resolution = text;
      event('resolved', 'resolved', handler, { round: 1, late: at > resolutionDue }, text, 'customer');
    } else if (step === 'visited') {
      visitedAt = at;
      satisfaction =
        r.weighted([
          ['5', 60],
          ['4', 30],
          ['3', 10],
        ] as const) === '5'
          ? 5
          : r.chance(0.75)
            ? 4
            : 3;
      event('visited', 'visited', input.agent, { reached: true, satisfaction, outcome: 'closed', round: 1 });
    } else if (step === 'closed') {
      closedAt = at;
      event('closed', 'closed', needsVisit ? input.agent : handler, { round: 1 }, null, 'customer');
    }
  }
  if (target === 'cancelled' && (state as Stage) !== 'closed') {
    const next = at + r.int(10, 600) * MINUTE;
    if (next <= now) {
      at = next;
      cancelReason = r.pick(cancelReasons);
      event('cancelled', 'cancelled', input.agent, { reason: cancelReason }, cancelReason);
    }
  }
  if (target === 'waiting' && (state as Stage) === 'in_progress') {
    const next = at + r.int(30, 600) * MINUTE;
    if (next <= now) {
      at = next;
      pausedAt = at;
      event('paused', 'waiting', handler, { reason: '等待业主提供上门时间' }, '等待业主提供上门时间');
    }
  }
  const finalState = state as TicketState;
  const open = ['new', 'dispatched', 'accepted', 'in_progress', 'waiting'].includes(finalState);

  // What the sweep would have done by now; in the last two days the due timers wait for it.
  const recent = now - createdAt < 2 * DAY;
  const responseStop = acceptedAt ?? (open ? now : (resolvedAt ?? closedAt ?? at));
  const resolutionStop = resolvedAt ?? (open ? now : at);
  const fires = (fireAt: number, stop: number) => fireAt <= stop && fireAt <= now && !(open && recent);
  const warnAt = createdAt + Math.floor((resolutionDue - createdAt) * 0.8);
  const responseWarnAt = createdAt + Math.floor((responseDue - createdAt) * 0.8);
  const responseOverdue = fires(responseDue, responseStop);
  const resolutionOverdue = fires(resolutionDue, resolutionStop);
  const slaWarned = fires(warnAt, resolutionStop);
  const timeline: PlannedEvent[] = [];
  const escalations: TicketPlan['escalations'] = [];
  if (responseOverdue) {
    timeline.push(
      systemEvent('overdue', responseDue, { clock: 'response', dueAt: new Date(responseDue).toISOString(), round: 1 }),
    );
  }
  if (resolutionOverdue) {
    timeline.push(
      systemEvent('overdue', resolutionDue, {
        clock: 'resolution',
        dueAt: new Date(resolutionDue).toISOString(),
        round: 1,
      }),
    );
  }
  for (const rung of defaultLadder) {
    const fireAt = resolutionDue + limitMs(rung.afterMinutes, calendarTime);
    if (!fires(fireAt, resolutionStop)) continue;
    escalations.push({ level: rung.level, name: rung.name, at: new Date(fireAt) });
    timeline.push(
      systemEvent('escalated', fireAt, { clock: 'resolution', level: rung.level, levelName: rung.name, round: 1 }),
    );
  }
  const allEvents = [...events, ...timeline].sort((a, b) => a.at.getTime() - b.at.getTime());

  const timers: TicketPlan['timers'] = [];
  if (open) {
    const paused = pausedAt !== null;
    const timer = (
      clock: 'response' | 'resolution',
      kind: 'warning' | 'due' | 'escalation',
      level: number,
      fireAt: number,
      stop: number,
    ) => {
      const fired = fires(fireAt, stop);
      timers.push({
        clock,
        kind,
        level,
        fireAt: paused && !fired ? null : new Date(fireAt),
        firedAt: fired ? new Date(fireAt) : null,
      });
    };
    if (acceptedAt === null) {
      timer('response', 'warning', 0, responseWarnAt, responseStop);
      timer('response', 'due', 0, responseDue, responseStop);
    }
    timer('resolution', 'warning', 0, warnAt, resolutionStop);
    timer('resolution', 'due', 0, resolutionDue, resolutionStop);
    for (const rung of defaultLadder) {
      timer(
        'resolution',
        'escalation',
        rung.level,
        resolutionDue + limitMs(rung.afterMinutes, calendarTime),
        resolutionStop,
      );
    }
  }
  const visit =
    needsVisit && resolvedAt !== null
      ? { dueAt: new Date(resolvedAt + DAY), visitedAt: visitedAt === null ? null : new Date(visitedAt), satisfaction }
      : null;
  const last = allEvents[allEvents.length - 1];
  return {
    type,
    item,
    title,
    content,
    severity,
    state: finalState,
    agent: input.agent,
    handler: dispatchedAt === null ? null : handler,
    handlerOrgId,
    dispatchMethod,
    dispatchedAt: dispatchedAt === null ? null : new Date(dispatchedAt),
    acceptedAt: acceptedAt === null ? null : new Date(acceptedAt),
    resolvedAt: resolvedAt === null ? null : new Date(resolvedAt),
    closedAt: closedAt === null ? null : new Date(closedAt),
    pausedAt: pausedAt === null ? null : new Date(pausedAt),
    resolution: plan.resolution ?? null,
    calendarTime,
    responseMinutes,
    resolutionMinutes,
    responseDueAt: new Date(responseDue),
    resolutionDueAt: new Date(resolutionDue),
    responseOverdue,
    resolutionOverdue,
    slaWarned,
    escalationLevel: escalations.length,
    returnVisitRequired,
    satisfaction,
    cancelReason,
    updatedAt: last ? last.at : new Date(createdAt),
    events: allEvents,
    visit,
    escalations,
    timers,
  };
}

function systemEvent(kind: string, at: number, data: Record<string, unknown>): PlannedEvent {
  return { kind, from: null, to: null, actor: null, visibility: 'internal', body: null, data, at: new Date(at) };
}
