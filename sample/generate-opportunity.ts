import {
  SECONDS_PER_DAY, SPAN_END, SPAN_END_SECONDS, firstMondayOnOrAfter, formatDate, formatTimestamp, quarterStart,
} from './calendar.js';
import { emit, money, nextId, type GeneratorContext, type Segment } from './generator-context.js';
import { instantOn, quarterEndPush, type Region } from './seasonality.js';

export type OpportunityType = 'new_business' | 'expansion' | 'renewal';

const STAGES = ['prospecting', 'discovery', 'proposal', 'negotiation'] as const;
type OpenStage = (typeof STAGES)[number];
/** Share of the sales cycle elapsed when each open stage is entered. */
const STAGE_ENTRY = [0, 0.15, 0.35, 0.6] as const;

export interface AccountFacts {
  readonly accountId: number;
  readonly segment: Segment;
  readonly region: Region | null;
  readonly ownerRepId: number;
  readonly isIcp: boolean;
}

export interface Opportunity {
  readonly opportunityId: number;
  readonly accountId: number;
  readonly ownerRepId: number;
  readonly leadId: number | null;
  readonly source: string;
  readonly type: OpportunityType;
  readonly createdAt: number;
  /** When the deal closes or would close; `closedAt` is null when that is after the history ends. */
  readonly closeAt: number;
  readonly closedAt: number | null;
  readonly plannedCloseDay: number;
  readonly won: boolean;
  /** Furthest open stage a lost deal reached (index into STAGES). */
  readonly furthestStage: number;
  readonly amountCents: number | null;
}

const MEDIAN_CYCLE_DAYS: Readonly<Record<Segment, number>> = { smb: 28, mid_market: 55, enterprise: 100 };
const MEDIAN_DEAL: Readonly<Record<Segment, number>> = { smb: 14_000, mid_market: 48_000, enterprise: 150_000 };
const WIN_RATE: Readonly<Record<Segment, number>> = { smb: 0.3, mid_market: 0.26, enterprise: 0.22 };

export interface OpportunityTerms {
  /** Forces the outcome (renewals and win-backs); otherwise drawn from the segment's win rate. */
  readonly won?: boolean;
  readonly amountCents?: number;
  /** Forces the close day (renewals close on their renewal decision). */
  readonly closeDay?: number;
}

/** Draws one opportunity's whole life: cycle, outcome, amount and close; the rows come later. */
export function createOpportunity(
  ctx: GeneratorContext,
  account: AccountFacts,
  createdAt: number,
  type: OpportunityType,
  leadId: number | null,
  source: string,
  terms: OpportunityTerms = {},
): Opportunity {
  const { random } = ctx;
  const createdDay = Math.floor(createdAt / SECONDS_PER_DAY);
  const winRate = type === 'expansion' ? 0.5 : WIN_RATE[account.segment] + (account.isIcp ? 0.08 : 0);
  const won = terms.won ?? random.chance(winRate);
  const cycleMedian = MEDIAN_CYCLE_DAYS[account.segment] * (type === 'new_business' ? 1 : 0.6);
  let cycle = Math.max(3, Math.round(random.logNormal(cycleMedian, 0.5) * (won ? 1 : 0.3 + 0.7 * random.next())));
  let closeDay = terms.closeDay ?? quarterEndPush(random, createdDay + cycle, createdDay + 1, won);
  if (closeDay <= createdDay) closeDay = createdDay + 1;
  cycle = closeDay - createdDay;
  const plannedCloseDay = won && random.chance(0.5) ? closeDay : Math.max(createdDay + 7, closeDay - random.int(7, 40));
  const closeAt = Math.max(createdAt + 3600, instantOn(random, closeDay, account.region));
  const closedAt = closeAt <= SPAN_END_SECONDS ? closeAt : null;
  const furthestStage = won ? STAGES.length - 1 : random.int(0, STAGES.length - 1);

  const median = MEDIAN_DEAL[account.segment] * (type === 'expansion' ? 0.35 : 1);
  let amountCents: number | null = terms.amountCents ?? Math.round(random.logNormal(median, 0.45) * 100);
  // Real pipelines have deals nobody has priced yet, and lost deals nobody bothered to price.
  const stageNow = stageIndexAt(createdAt, closeAt, furthestStage, SPAN_END_SECONDS);
  if (terms.amountCents === undefined) {
    if (closedAt === null && stageNow === 0 && random.chance(0.4)) amountCents = null;
    else if (closedAt !== null && !won && random.chance(0.05)) amountCents = null;
  }
  const opportunity: Opportunity = {
    opportunityId: nextId(ctx, 'opportunity'),
    accountId: account.accountId,
    ownerRepId: account.ownerRepId,
    leadId,
    source,
    type,
    createdAt,
    closeAt,
    closedAt,
    plannedCloseDay,
    won,
    furthestStage,
    amountCents,
  };
  if (won && closedAt !== null && type !== 'renewal' && amountCents !== null) {
    const key = `${account.ownerRepId}|${quarterStart(Math.floor(closedAt / SECONDS_PER_DAY))}`;
    ctx.bookings.set(key, (ctx.bookings.get(key) ?? 0) + amountCents);
  }
  return opportunity;
}

function stageIndexAt(createdAt: number, closeAt: number, furthest: number, at: number): number {
  const elapsed = (at - createdAt) / Math.max(1, closeAt - createdAt);
  let index = 0;
  for (let i = 0; i < STAGE_ENTRY.length; i++) if (elapsed >= (STAGE_ENTRY[i] ?? 1)) index = i;
  return Math.min(index, furthest);
}

function openStageAt(opportunity: Opportunity, at: number): OpenStage {
  return STAGES[stageIndexAt(opportunity.createdAt, opportunity.closeAt, opportunity.furthestStage, at)] ?? 'prospecting';
}

/** The opportunities row and its Monday pipeline snapshots while it was open. */
export function emitOpportunity(ctx: GeneratorContext, o: Opportunity): void {
  const { random } = ctx;
  const closed = o.closedAt !== null;
  const stage = closed ? (o.won ? 'closed_won' : 'closed_lost') : openStageAt(o, SPAN_END_SECONDS);
  let forecastCategory: string;
  if (closed) forecastCategory = o.won ? 'closed' : 'omitted';
  else if (random.chance(0.05)) forecastCategory = 'omitted';
  else if (stage === 'negotiation') forecastCategory = random.chance(0.75) ? 'commit' : 'best_case';
  else if (stage === 'proposal') forecastCategory = random.chance(0.8) ? 'best_case' : 'pipeline';
  else forecastCategory = 'pipeline';
  emit(ctx, 'opportunities', [
    o.opportunityId, o.accountId, o.ownerRepId, o.leadId, o.source, o.type, stage,
    o.amountCents === null ? null : money(o.amountCents),
    formatTimestamp(o.createdAt), closed ? formatTimestamp(o.closeAt) : null, closed, closed && o.won,
    forecastCategory,
  ]);

  if (o.amountCents === null) return;
  const closeDay = closed ? Math.floor(o.closeAt / SECONDS_PER_DAY) : null;
  for (let monday = firstMondayOnOrAfter(Math.floor(o.createdAt / SECONDS_PER_DAY) + 1); monday <= SPAN_END; monday += 7) {
    if (closeDay !== null && monday > closeDay) break;
    if (closeDay !== null && monday === closeDay && o.closeAt <= monday * SECONDS_PER_DAY) break;
    // Deals slip: once the planned date has passed, the expected date follows the real one or rolls.
    const expected = monday < o.plannedCloseDay
      ? o.plannedCloseDay
      : closeDay !== null && closeDay >= monday ? closeDay : monday + 14;
    emit(ctx, 'pipeline_snapshots', [
      formatDate(monday), o.opportunityId, o.accountId, o.ownerRepId, openStageAt(o, monday * SECONDS_PER_DAY),
      money(o.amountCents), formatDate(expected),
    ]);
  }
}
