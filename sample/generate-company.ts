import {
  SPAN_END, SPAN_END_SECONDS, SPAN_START, addMonths, dayOf, formatDate, formatTimestamp, monthOf, quarterStart,
  quarterStartsInSpan,
} from './calendar.js';
import { emit, money, type GeneratorContext, type Rep, type Segment } from './generator-context.js';
import { FIRST_NAMES, LAST_NAMES } from './names.js';
import { clamp, type Random } from './random.js';
import { demandWeight, growth, instantOn, type Region } from './seasonality.js';

/** Sellers per region for each team at scale 1. */
const HEADCOUNT: Readonly<Record<Segment, Readonly<Record<Region, number>>>> = {
  smb: { na: 6, emea: 4, apac: 2, latam: 2 },
  mid_market: { na: 4, emea: 3, apac: 2, latam: 1 },
  enterprise: { na: 3, emea: 2, apac: 1, latam: 1 },
};

/** Quarterly quota per fully ramped seller, in dollars. */
const QUOTA: Readonly<Record<Segment, number>> = { smb: 110_000, mid_market: 200_000, enterprise: 380_000 };

const SELLERS_PER_MANAGER = 8;

/** reps: one manager per eight sellers in each team and region; some sellers hired mid-history. */
export function generateReps(random: Random, scale: number): Rep[] {
  const reps: Rep[] = [];
  for (const team of Object.keys(HEADCOUNT) as Segment[]) {
    for (const region of Object.keys(HEADCOUNT[team]) as Region[]) {
      const sellers = Math.max(1, Math.round(HEADCOUNT[team][region] * scale));
      for (let m = 0; m < Math.ceil(sellers / SELLERS_PER_MANAGER); m++) {
        reps.push({ repId: reps.length + 1, team, region, isManager: true, hiredOn: random.int(dayOf(2019, 1, 1), dayOf(2022, 12, 31)) });
      }
      for (let s = 0; s < sellers; s++) {
        // The first seller in each team and region predates the history so every account has an owner.
        const hiredOn = s === 0 || random.chance(0.7)
          ? random.int(dayOf(2021, 1, 1), dayOf(2023, 12, 31))
          : random.int(SPAN_START, dayOf(2026, 3, 31));
        const rep: Rep = { repId: reps.length + 1, team, region, isManager: false, hiredOn };
        reps.push(rep);
      }
    }
  }
  return reps;
}

export function emitReps(ctx: GeneratorContext): void {
  const { random } = ctx;
  const managerOf = new Map<string, number[]>();
  for (const rep of ctx.reps) {
    const key = `${rep.team}|${rep.region}`;
    let managerId: number | null = null;
    if (rep.isManager) {
      managerOf.set(key, [...(managerOf.get(key) ?? []), rep.repId]);
    } else {
      const managers = managerOf.get(key) ?? [];
      managerId = managers[(rep.repId - 1) % Math.max(1, managers.length)] ?? null;
    }
    const name = `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
    emit(ctx, 'reps', [rep.repId, name, rep.team, rep.region, formatDate(rep.hiredOn), managerId]);
  }
}

/** quotas: each seller, each quarter from hire, ramped over the first two quarters. */
export function emitQuotas(ctx: GeneratorContext): void {
  for (const rep of ctx.reps) {
    if (rep.isManager) continue;
    const hireQuarter = quarterStart(rep.hiredOn);
    for (const q of quarterStartsInSpan()) {
      if (q < hireQuarter) continue;
      const tenure = Math.round((q - hireQuarter) / 91);
      const ramp = tenure === 0 ? 0.5 : tenure === 1 ? 0.75 : 1;
      const dollars = Math.round((QUOTA[rep.team] * ramp * (0.95 + 0.1 * ctx.random.next())) / 1000) * 1000;
      emit(ctx, 'quotas', [rep.repId, formatDate(q), dollars]);
    }
  }
}

/** forecasts: each seller's mid-quarter call, close to (but not exactly) what they then booked. */
export function emitForecasts(ctx: GeneratorContext): void {
  const { random } = ctx;
  for (const rep of ctx.reps) {
    if (rep.isManager) continue;
    const hireQuarter = quarterStart(rep.hiredOn);
    for (const q of quarterStartsInSpan()) {
      if (q < hireQuarter) continue;
      const submitted = instantOn(random, q + random.int(14, 24), rep.region);
      if (submitted > SPAN_END_SECONDS) continue;
      const booked = ctx.bookings.get(`${rep.repId}|${q}`) ?? 0;
      const cents = booked > 0
        ? Math.round(booked * random.logNormal(1, 0.18))
        : Math.round(QUOTA[rep.team] * 100 * 0.15 * random.next());
      emit(ctx, 'forecasts', [rep.repId, formatDate(q), money(cents), formatTimestamp(submitted)]);
    }
  }
}

const MARKETING: Readonly<Record<string, number>> = {
  paid_search: 70_000, paid_social: 45_000, events: 40_000, content: 20_000, partner: 15_000,
};
const SALES: Readonly<Record<string, number>> = { sdr: 110_000, account_executive: 260_000, sales_tools: 25_000 };

/** spend: monthly, by department and channel; events peak in spring and autumn, December is lean. */
export function emitSpend(ctx: GeneratorContext): void {
  const { random } = ctx;
  for (let month = SPAN_START; month <= SPAN_END; month = addMonths(month, 1)) {
    const m = monthOf(month);
    const lean = m === 12 ? 0.8 : m === 1 ? 0.9 : 1;
    for (const [department, budget] of [['marketing', MARKETING], ['sales', SALES]] as const) {
      for (const [channel, base] of Object.entries(budget)) {
        const eventBoost = channel === 'events' && (m === 4 || m === 5 || m === 10) ? 1.6 : 1;
        const dollars = base * ctx.scale * growth(month) * lean * eventBoost * (0.92 + 0.16 * random.next());
        emit(ctx, 'spend', [formatDate(month), department, channel, money(Math.round(dollars * 100))]);
      }
    }
  }
}

const TRAFFIC: Readonly<Record<string, number>> = {
  organic: 1800, paid_search: 900, paid_social: 600, direct: 700, referral: 250, email: 300,
};

/** web_traffic: daily by channel, with weekends, seasonality and growth. */
export function emitWebTraffic(ctx: GeneratorContext): void {
  const { random } = ctx;
  for (let day = SPAN_START; day <= SPAN_END; day++) {
    const weekday = ((day % 7) + 7 + 4) % 7; // 0 = Sunday
    const weekend = weekday === 0 || weekday === 6 ? 0.45 : 1;
    const factor = ctx.scale * weekend * demandWeight(day) * growth(day);
    for (const [channel, base] of Object.entries(TRAFFIC)) {
      const sessions = Math.max(0, Math.round(base * factor * (0.9 + 0.2 * random.next())));
      const brandedShare = channel === 'organic' ? 0.18 : channel === 'paid_search' ? 0.3 : 0;
      const branded = Math.round(sessions * brandedShare * (0.9 + 0.2 * random.next()));
      const highIntent = Math.round(sessions * clamp(random.normal(0.035, 0.006), 0.01, 0.08));
      emit(ctx, 'web_traffic', [formatDate(day), channel, sessions, branded, highIntent]);
    }
  }
}
