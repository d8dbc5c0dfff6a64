import type { SqlValue } from '../adapters/connection.js';
import { SPAN_END, SPAN_START } from './calendar.js';
import { emitForecasts, emitQuotas, emitReps, emitSpend, emitWebTraffic, generateReps } from './generate-company.js';
import { generateAccount } from './generate-account.js';
import type { GeneratorContext, Rep } from './generator-context.js';
import { createRandom } from './random.js';
import type { SampleBatch, SampleData, SampleOptions } from './sample-data.js';
import { demandWeight, growth, instantOn, seasonalDay } from './seasonality.js';
import { SAMPLE_TABLES } from './tables.js';

const ACCOUNTS_AT_SCALE_ONE = 2000;

/**
 * The sample RevOps warehouse (docs/sample-warehouse.md), deterministic in `seed` and `scale`.
 * Nothing is generated until `batches()` is iterated, and each batch is independent of how large
 * the next one is, so loading a scale-100 warehouse needs no more memory than scale 1.
 */
export function generateSample(options: SampleOptions = {}): SampleData {
  const seed = options.seed ?? 42;
  const scale = options.scale ?? 1;
  const batchAccounts = Math.max(1, options.batchAccounts ?? 500);
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`sample scale must be a positive number, got ${scale}`);
  return { seed, scale, tables: SAMPLE_TABLES, batches: () => sampleBatches(seed, scale, batchAccounts) };
}

function* sampleBatches(seed: number, scale: number, batchAccounts: number): Generator<SampleBatch> {
  const random = createRandom(seed);
  const reps = generateReps(random, scale);
  const ctx: GeneratorContext = {
    random,
    scale,
    ids: { lead: 0, opportunity: 0, movement: 0, renewal: 0, trial: 0, ticket: 0, response: 0, referral: 0 },
    reps,
    sellers: sellersByTeamAndRegion(reps),
    bookings: new Map(),
    recentCustomers: [],
    batch: {},
  };
  emitReps(ctx);
  emitQuotas(ctx);
  emitSpend(ctx);
  emitWebTraffic(ctx);
  yield takeBatch(ctx);

  // Account creation follows demand (seasonal, growing); ids increase with creation time.
  const count = Math.max(1, Math.round(ACCOUNTS_AT_SCALE_ONE * scale));
  const maxWeight = 1.2 * growth(SPAN_END);
  const days = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    days[i] = seasonalDay(random, SPAN_START, SPAN_END - 14, (d) => demandWeight(d) * growth(d), maxWeight);
  }
  days.sort();
  let previous = 0;
  for (let i = 0; i < count; i++) {
    const day = days[i] ?? SPAN_START;
    const createdAt = Math.max(previous + 1, instantOn(random, day, null));
    previous = createdAt;
    generateAccount(ctx, i + 1, createdAt);
    if ((i + 1) % batchAccounts === 0) yield takeBatch(ctx);
  }
  emitForecasts(ctx);
  yield takeBatch(ctx);
}

function takeBatch(ctx: GeneratorContext): SampleBatch {
  const batch: Record<string, SqlValue[][]> = ctx.batch;
  ctx.batch = {};
  return batch;
}

function sellersByTeamAndRegion(reps: readonly Rep[]): Map<string, Rep[]> {
  const out = new Map<string, Rep[]>();
  for (const rep of reps) {
    if (rep.isManager) continue;
    const key = `${rep.team}|${rep.region}`;
    out.set(key, [...(out.get(key) ?? []), rep]);
  }
  for (const list of out.values()) list.sort((a, b) => a.hiredOn - b.hiredOn || a.repId - b.repId);
  return out;
}
