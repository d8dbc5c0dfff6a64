import {
  SECONDS_PER_DAY, SPAN_END, SPAN_END_SECONDS, SPAN_START, addMonths, formatDate, formatTimestamp, monthEnd, monthStart,
} from './calendar.js';
import {
  RECENT_CUSTOMERS_KEPT, emit, money, nextId, type GeneratorContext, type Rep, type Segment,
} from './generator-context.js';
import { createOpportunity, emitOpportunity, type AccountFacts, type Opportunity, type OpportunityType } from './generate-opportunity.js';
import { COMPANY_FIRST, COMPANY_SECOND, COMPANY_SUFFIX, INDUSTRIES } from './names.js';
import { clamp } from './random.js';
import { demandWeight, instantOn, type Region } from './seasonality.js';

const SEGMENTS = { smb: 0.55, mid_market: 0.3, enterprise: 0.15 } as const;
const REGIONS = { na: 0.45, emea: 0.3, apac: 0.15, latam: 0.08, unknown: 0.02 } as const;
const EMPLOYEES: Readonly<Record<Segment, readonly [number, number]>> = {
  smb: [10, 200], mid_market: [200, 2000], enterprise: [2000, 60000],
};
const LEAD_SOURCES: Readonly<Record<Segment, Readonly<Record<string, number>>>> = {
  smb: { organic: 0.3, paid_search: 0.25, paid_social: 0.15, events: 0.05, referral: 0.1, outbound: 0.08, partner: 0.07 },
  mid_market: { organic: 0.2, paid_search: 0.18, paid_social: 0.1, events: 0.15, referral: 0.1, outbound: 0.17, partner: 0.1 },
  enterprise: { organic: 0.1, paid_search: 0.08, paid_social: 0.05, events: 0.22, referral: 0.1, outbound: 0.3, partner: 0.15 },
};
const SOURCE_SCORE: Readonly<Record<string, number>> = {
  organic: 45, paid_search: 40, paid_social: 30, events: 50, referral: 65, outbound: 35, partner: 55,
};
const EXTRA_LEADS: Readonly<Record<Segment, number>> = { smb: 0.9, mid_market: 1.5, enterprise: 2.4 };
const EXPANSIONS_PER_YEAR: Readonly<Record<Segment, number>> = { smb: 0.35, mid_market: 0.7, enterprise: 1.1 };
const CHURN_AT_RENEWAL: Readonly<Record<Segment, number>> = { smb: 0.16, mid_market: 0.1, enterprise: 0.06 };
const TICKETS_PER_MONTH: Readonly<Record<Segment, number>> = { smb: 0.25, mid_market: 0.7, enterprise: 1.8 };
const PRIORITIES = { low: 0.3, normal: 0.45, high: 0.2, urgent: 0.05 } as const;
const RESOLUTION_HOURS: Readonly<Record<keyof typeof PRIORITIES, number>> = { low: 60, normal: 30, high: 12, urgent: 4 };
const TRIAL_SOURCES = { organic: 0.4, paid_search: 0.25, paid_social: 0.15, referral: 0.1, partner: 0.1 } as const;
const TRIAL_RATE: Readonly<Record<Segment, number>> = { smb: 0.35, mid_market: 0.15, enterprise: 0.03 };

type MovementType = 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation';
interface Movement { readonly day: number; readonly type: MovementType; readonly cents: number; readonly selfServe: boolean }

type AccountEvent =
  | { readonly kind: 'won'; readonly day: number; readonly opportunity: Opportunity }
  | { readonly kind: 'self_serve_start'; readonly day: number; readonly cents: number }
  | { readonly kind: 'self_serve_month'; readonly day: number }
  | { readonly kind: 'renewal_due'; readonly day: number }
  | { readonly kind: 'expansion_open'; readonly day: number };

const dayOfInstant = (seconds: number): number => Math.floor(seconds / SECONDS_PER_DAY);
const ts = (seconds: number | null): string | null => (seconds === null || seconds > SPAN_END_SECONDS ? null : formatTimestamp(seconds));

function pickOwner(ctx: GeneratorContext, segment: Segment, region: Region, day: number): Rep {
  const sellers = ctx.sellers.get(`${segment}|${region}`) ?? [];
  const hired = sellers.filter((r) => r.hiredOn <= day);
  const pool = hired.length > 0 ? hired : sellers.slice(0, 1);
  return ctx.random.pick(pool);
}

/**
 * One account's whole story: its leads and their funnel, trials, opportunities, the ARR that wins
 * create (renewals, expansions, contractions, churn, win-backs), and the customer-success signals
 * (health, tickets, surveys) while it pays. Everything is derived from the same events, so
 * arr_snapshots always equal the running sum of arr_movements.
 */
export function generateAccount(ctx: GeneratorContext, accountId: number, createdAt: number): void {
  const { random } = ctx;
  const createdDay = dayOfInstant(createdAt);
  const segment = random.weighted(SEGMENTS);
  const regionKey = random.weighted(REGIONS);
  const region: Region | null = regionKey === 'unknown' ? null : regionKey;
  const industry = random.pick(INDUSTRIES);
  const [lo, hi] = EMPLOYEES[segment];
  const employees = Math.round(Math.exp(Math.log(lo) + random.next() * (Math.log(hi) - Math.log(lo))));
  const isIcp = random.chance((industry === 'software' || industry === 'fintech' ? 0.6 : 0.35) + (segment === 'smb' ? -0.1 : 0.1));
  const owner = pickOwner(ctx, segment, region ?? 'na', createdDay);
  const name = `${random.pick(COMPANY_FIRST)} ${random.pick(COMPANY_SECOND)} ${random.pick(COMPANY_SUFFIX)}`;
  emit(ctx, 'accounts', [accountId, name, segment, region, industry, employees, formatTimestamp(createdAt), owner.repId, isIcp]);

  const account: AccountFacts = { accountId, segment, region, ownerRepId: owner.repId, isIcp };
  const opportunities: Opportunity[] = [];
  let firstWinAt = Number.POSITIVE_INFINITY;
  const openOpportunity = (at: number, type: OpportunityType | null, leadId: number | null, source: string): Opportunity => {
    const resolved = type ?? (at > firstWinAt ? 'expansion' : 'new_business');
    const o = createOpportunity(ctx, account, at, resolved, leadId, source);
    opportunities.push(o);
    if (o.won && o.closedAt !== null && o.closedAt < firstWinAt) firstWinAt = o.closedAt;
    return o;
  };

  // Leads and their funnel, oldest first.
  const leadTimes = [createdAt + random.int(0, 7200)];
  for (let i = random.poisson(EXTRA_LEADS[segment]); i > 0; i--) {
    // Later inbound interest follows the same seasons as new demand (the January dip).
    let at = createdAt + Math.round(random.exponential(150) * SECONDS_PER_DAY);
    for (let tries = 0; tries < 4 && random.next() * 1.2 > demandWeight(dayOfInstant(at)); tries++) {
      at = createdAt + Math.round(random.exponential(150) * SECONDS_PER_DAY);
    }
    if (at <= SPAN_END_SECONDS) leadTimes.push(at);
  }
  leadTimes.sort((a, b) => a - b);
  const leadIds: number[] = [];
  for (const at of leadTimes) {
    const leadId = emitLead(ctx, account, at, (leadAt, id, source) => openOpportunity(leadAt, null, id, source));
    leadIds.push(leadId);
  }
  // Sellers also open deals nobody asked for.
  if (random.chance(segment === 'smb' ? 0.25 : 0.5)) {
    const at = createdAt + Math.round(random.exponential(40) * SECONDS_PER_DAY);
    if (at <= SPAN_END_SECONDS) openOpportunity(at, null, null, 'outbound');
  }

  // Product-led trials; converted ones start self-serve subscriptions.
  const selfServeStarts: AccountEvent[] = [];
  if (random.chance(TRIAL_RATE[segment])) {
    const leadId = random.chance(0.7) ? leadIds[0] ?? null : null;
    const started = createdAt + random.int(600, 3 * SECONDS_PER_DAY);
    const convertedAt = emitTrial(ctx, accountId, leadId, started);
    if (convertedAt !== null && segment !== 'enterprise') {
      selfServeStarts.push({ kind: 'self_serve_start', day: dayOfInstant(convertedAt), cents: random.int(12, 96) * 10_000 });
    }
  }
  for (let i = random.poisson(0.3); i > 0; i--) {
    emitTrial(ctx, null, null, createdAt + random.int(0, 60 * SECONDS_PER_DAY));
  }
  for (let i = random.poisson(0.35); i > 0; i--) {
    emitLead(ctx, null, createdAt + random.int(0, 90 * SECONDS_PER_DAY), null);
  }

  // ARR: replay the account's commercial events in date order.
  const events: AccountEvent[] = [...selfServeStarts];
  for (const o of opportunities) {
    if (o.won && o.closedAt !== null) events.push({ kind: 'won', day: dayOfInstant(o.closedAt), opportunity: o });
  }
  const movements: Movement[] = [];
  const churnDays: number[] = [];
  let arr = 0;
  let everPaid = false;
  let salesLed = false;
  let selfServe = false;
  let renewalScheduled = false;
  const move = (day: number, type: MovementType, cents: number, viaSelfServe: boolean): void => {
    movements.push({ day, type, cents, selfServe: viaSelfServe });
    arr += cents;
  };
  const startPaying = (day: number, cents: number, viaSelfServe: boolean): void => {
    move(day, everPaid ? 'reactivation' : 'new', cents, viaSelfServe);
    if (!everPaid) {
      ctx.recentCustomers.push(accountId);
      if (ctx.recentCustomers.length > RECENT_CUSTOMERS_KEPT) ctx.recentCustomers.shift();
    }
    everPaid = true;
  };

  while (events.length > 0) {
    let index = 0;
    for (let i = 1; i < events.length; i++) if ((events[i]?.day ?? 0) < (events[index]?.day ?? 0)) index = i;
    const event = events.splice(index, 1)[0];
    if (!event || event.day > SPAN_END) continue;
    switch (event.kind) {
      case 'won': {
        const cents = event.opportunity.amountCents ?? 0;
        if (cents <= 0) break;
        if (arr === 0) startPaying(event.day, cents, false);
        else move(event.day, 'expansion', cents, false);
        if (!salesLed) {
          salesLed = true;
          selfServe = false;
          // Expansion conversations arrive as a Poisson process while the account is a customer.
          let next = event.day;
          for (;;) {
            next += Math.max(20, Math.round(random.exponential(365 / EXPANSIONS_PER_YEAR[segment])));
            if (next > SPAN_END) break;
            events.push({ kind: 'expansion_open', day: next });
          }
        }
        if (!renewalScheduled) {
          renewalScheduled = true;
          events.push({ kind: 'renewal_due', day: addMonths(event.day, 12) });
        }
        break;
      }
      case 'self_serve_start':
        if (arr === 0 && !salesLed) {
          startPaying(event.day, event.cents, true);
          selfServe = true;
          events.push({ kind: 'self_serve_month', day: addMonths(event.day, 1) });
        }
        break;
      case 'self_serve_month': {
        if (!selfServe || salesLed || arr === 0) break;
        const r = random.next();
        if (r < 0.02) {
          move(event.day, 'churn', -arr, true);
          churnDays.push(event.day);
          selfServe = false;
          break;
        } else if (r < 0.07) move(event.day, 'expansion', Math.round(arr * (0.2 + 0.4 * random.next())), true);
        else if (r < 0.085) move(event.day, 'contraction', -Math.round(arr * (0.1 + 0.3 * random.next())), true);
        events.push({ kind: 'self_serve_month', day: addMonths(event.day, 1) });
        break;
      }
      case 'expansion_open':
        if (salesLed && arr > 0) {
          const o = openOpportunity(instantOn(random, event.day, region), 'expansion', null, random.chance(0.7) ? 'outbound' : 'referral');
          if (o.won && o.closedAt !== null) events.push({ kind: 'won', day: dayOfInstant(o.closedAt), opportunity: o });
        }
        break;
      case 'renewal_due': {
        renewalScheduled = false;
        if (!salesLed || arr <= 0) break;
        const due = event.day;
        const churnRisk = CHURN_AT_RENEWAL[segment] * (isIcp ? 0.8 : 1.25);
        const renewed = !random.chance(churnRisk);
        const arrDue = arr;
        let arrRenewed = 0;
        let renewedOn: number | null = null;
        if (renewed) {
          const r = random.next();
          const factor = r < 0.65 ? 1 : r < 0.85 ? 1.05 + 0.25 * random.next() : 0.6 + 0.35 * random.next();
          arrRenewed = Math.round(arrDue * factor);
          renewedOn = Math.min(SPAN_END, random.chance(0.85) ? due - random.int(0, 25) : due + random.int(1, 10));
        }
        const renewal = createOpportunity(ctx, account, instantOn(random, due - 75, region), 'renewal', null, 'renewal', {
          won: renewed, amountCents: renewed ? arrRenewed : arrDue, closeDay: renewedOn ?? due,
        });
        opportunities.push(renewal);
        emit(ctx, 'renewals', [
          nextId(ctx, 'renewal'), accountId, formatDate(due), renewedOn === null ? null : formatDate(renewedOn),
          renewed, money(arrDue), money(arrRenewed),
        ]);
        // ARR changes when the new term starts (the due date), whenever the paperwork was signed.
        if (!renewed) {
          move(due, 'churn', -arrDue, false);
          churnDays.push(due);
          salesLed = false;
          if (random.chance(0.15)) {
            const winBackAt = instantOn(random, due + random.int(120, 400), region);
            if (winBackAt <= SPAN_END_SECONDS) {
              const o = createOpportunity(ctx, account, winBackAt, 'new_business', null, 'outbound', {
                won: true, amountCents: Math.round(arrDue * (0.6 + 0.4 * random.next())),
              });
              opportunities.push(o);
              if (o.closedAt !== null) events.push({ kind: 'won', day: dayOfInstant(o.closedAt), opportunity: o });
            }
          }
        } else {
          if (arrRenewed > arrDue) move(due, 'expansion', arrRenewed - arrDue, false);
          if (arrRenewed < arrDue) move(due, 'contraction', arrRenewed - arrDue, false);
          renewalScheduled = true;
          events.push({ kind: 'renewal_due', day: addMonths(due, 12) });
        }
        break;
      }
    }
  }

  opportunities.sort((a, b) => a.opportunityId - b.opportunityId);
  for (const o of opportunities) emitOpportunity(ctx, o);
  emitReferrals(ctx, opportunities);

  movements.sort((a, b) => a.day - b.day);
  for (const m of movements) {
    emit(ctx, 'arr_movements', [nextId(ctx, 'movement'), accountId, formatDate(m.day), m.type, money(m.cents), m.selfServe]);
  }
  emitCustomerMonths(ctx, account, employees, movements, churnDays, selfServe);
}

/** Referral-sourced deals credit a paying account; some referrals never turn into a lead. */
function emitReferrals(ctx: GeneratorContext, opportunities: readonly Opportunity[]): void {
  const { random } = ctx;
  for (const o of opportunities) {
    if (o.source !== 'referral' || o.leadId === null || ctx.recentCustomers.length === 0) continue;
    const referrer = random.pick(ctx.recentCustomers);
    if (referrer === o.accountId) continue;
    emit(ctx, 'referrals', [
      nextId(ctx, 'referral'), referrer, o.leadId, formatTimestamp(Math.max(SPAN_START * SECONDS_PER_DAY, o.createdAt - random.int(1, 20) * SECONDS_PER_DAY)),
      o.opportunityId, o.won && o.closedAt !== null,
    ]);
  }
  if (ctx.recentCustomers.length > 0 && random.chance(0.05)) {
    const at = Math.min(SPAN_END_SECONDS, (opportunities[0]?.createdAt ?? SPAN_END_SECONDS) + random.int(0, 30) * SECONDS_PER_DAY);
    emit(ctx, 'referrals', [nextId(ctx, 'referral'), random.pick(ctx.recentCustomers), null, formatTimestamp(at), null, false]);
  }
}

/**
 * One lead and its funnel. `convert` opens the opportunity when the lead converts (null for leads
 * that never matched an account). Returns the lead id.
 */
function emitLead(
  ctx: GeneratorContext,
  account: AccountFacts | null,
  createdAt: number,
  convert: ((at: number, leadId: number, source: string) => Opportunity) | null,
): number {
  const { random } = ctx;
  const leadId = nextId(ctx, 'lead');
  const source = random.weighted(LEAD_SOURCES[account?.segment ?? 'smb'] ?? LEAD_SOURCES.smb);
  const score = Math.round(clamp(random.normal((SOURCE_SCORE[source] ?? 40) + (account?.isIcp ? 12 : 0), 15), 0, 100));
  const mqlAt = random.chance(0.35 + score / 200) ? createdAt + 3600 + Math.round(random.exponential(3) * SECONDS_PER_DAY) : null;
  const sqlAt = mqlAt !== null && random.chance(0.5 + score / 300) ? mqlAt + 3600 + Math.round(random.exponential(7) * SECONDS_PER_DAY) : null;
  let convertedAt = sqlAt !== null && random.chance(0.75) ? sqlAt + 3600 + Math.round(random.exponential(5) * SECONDS_PER_DAY) : null;
  if (convertedAt !== null && convertedAt > SPAN_END_SECONDS) convertedAt = null;
  const firstContactAt = mqlAt !== null || source === 'outbound' || random.chance(0.3)
    ? createdAt + random.int(600, 2 * SECONDS_PER_DAY)
    : null;
  const isPql = (source === 'organic' || source === 'paid_search' || source === 'paid_social') && random.chance(0.18);
  const opportunity = convertedAt !== null && convert ? convert(convertedAt, leadId, source) : null;
  emit(ctx, 'leads', [
    leadId, account?.accountId ?? null, source, formatTimestamp(Math.min(createdAt, SPAN_END_SECONDS)), ts(mqlAt), ts(sqlAt),
    opportunity ? formatTimestamp(convertedAt ?? 0) : null, opportunity?.opportunityId ?? null, score, isPql,
    ts(firstContactAt),
  ]);
  return leadId;
}

/** One trial; returns when it converted to a paid plan, if it did. */
function emitTrial(ctx: GeneratorContext, accountId: number | null, leadId: number | null, startedAt: number): number | null {
  const { random } = ctx;
  if (startedAt > SPAN_END_SECONDS) return null;
  const source = random.weighted(TRIAL_SOURCES);
  const signupCompleted = random.chance(0.85);
  const activatedAt = signupCompleted && random.chance(0.55) ? startedAt + random.int(300, 3 * SECONDS_PER_DAY) : null;
  const firstValueAt = activatedAt !== null && random.chance(0.7) ? activatedAt + random.int(3600, 7 * SECONDS_PER_DAY) : null;
  const convertedAt = firstValueAt !== null && accountId !== null && random.chance(0.45)
    ? startedAt + random.int(14, 30) * SECONDS_PER_DAY + random.int(0, 3600)
    : null;
  emit(ctx, 'trials', [
    nextId(ctx, 'trial'), accountId, leadId, source, formatTimestamp(startedAt), ts(activatedAt), ts(firstValueAt),
    ts(convertedAt), signupCompleted,
  ]);
  return convertedAt !== null && convertedAt <= SPAN_END_SECONDS ? convertedAt : null;
}

/** arr_snapshots, account_health, support_tickets and survey_responses for each paying month. */
function emitCustomerMonths(
  ctx: GeneratorContext,
  account: AccountFacts,
  employees: number,
  movements: readonly Movement[],
  churnDays: readonly number[],
  endsSelfServe: boolean,
): void {
  const { random } = ctx;
  const first = movements[0];
  if (!first) return;
  const adoption = endsSelfServe ? 0.03 : 0.05 + 0.25 * random.next();
  let arr = 0;
  let m = 0;
  for (let end = monthEnd(first.day); end <= SPAN_END; end = monthEnd(end + 1)) {
    while (m < movements.length && (movements[m]?.day ?? Infinity) <= end) arr += movements[m++]?.cents ?? 0;
    const begin = monthStart(end);
    if (arr <= 0) continue;
    emit(ctx, 'arr_snapshots', [formatDate(end), account.accountId, money(arr), true]);

    const nextChurn = churnDays.find((d) => d > end);
    const atRisk = nextChurn !== undefined && nextChurn - end <= 120;
    const health = clamp(random.normal(atRisk ? 42 : 74, 11), 0, 100);
    const engagement = clamp(health + random.normal(0, 9), 0, 100);
    const churnRisk = clamp(100 - health + random.normal(0, 7), 0, 100);
    const users = Math.max(1, Math.round(employees * adoption * (0.8 + 0.4 * random.next())));
    emit(ctx, 'account_health', [formatDate(end), account.accountId, round1(health), round1(engagement), round1(churnRisk), users]);

    for (let i = random.poisson(TICKETS_PER_MONTH[account.segment]); i > 0; i--) {
      const createdAt = instantOn(random, random.int(begin, end), account.region);
      if (createdAt > SPAN_END_SECONDS) continue;
      const priority = random.weighted(PRIORITIES);
      const resolveAt = random.chance(0.02) ? null : createdAt + Math.round(random.logNormal(RESOLUTION_HOURS[priority], 0.8) * 3600);
      const resolvedAt = resolveAt !== null && resolveAt <= SPAN_END_SECONDS ? resolveAt : null;
      emit(ctx, 'support_tickets', [nextId(ctx, 'ticket'), account.accountId, formatTimestamp(createdAt), ts(resolvedAt), priority]);
      if (resolvedAt !== null && random.chance(0.25)) {
        const respondedAt = resolvedAt + random.int(600, 2 * SECONDS_PER_DAY);
        if (respondedAt <= SPAN_END_SECONDS) {
          const slow = (resolvedAt - createdAt) / 3600 > RESOLUTION_HOURS[priority] * 1.5;
          const score = Math.round(clamp(random.normal(slow ? 3.1 : 4.3, 0.8), 1, 5));
          emit(ctx, 'survey_responses', [nextId(ctx, 'response'), account.accountId, formatTimestamp(respondedAt), 'csat', score]);
        }
      }
    }
    if (random.chance(1 / 6)) {
      const respondedAt = instantOn(random, random.int(begin, end), account.region);
      if (respondedAt <= SPAN_END_SECONDS) {
        const score = Math.round(clamp(random.normal(health / 10 + 0.8, 1.6), 0, 10));
        emit(ctx, 'survey_responses', [nextId(ctx, 'response'), account.accountId, formatTimestamp(respondedAt), 'nps', score]);
      }
    }
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
