import type { SqlValue } from '../adapters/connection.js';
import type { Random } from './random.js';
import type { Region } from './seasonality.js';

export type Segment = 'smb' | 'mid_market' | 'enterprise';

export interface Rep {
  readonly repId: number;
  readonly team: Segment;
  readonly region: Region;
  readonly hiredOn: number;
  readonly isManager: boolean;
}

export type IdKind = 'lead' | 'opportunity' | 'movement' | 'renewal' | 'trial' | 'ticket' | 'response' | 'referral';

/** Mutable state shared by the generator's steps while one sample is being made. */
export interface GeneratorContext {
  readonly random: Random;
  readonly scale: number;
  /** Last id handed out per table (ids start at 1). */
  readonly ids: Record<IdKind, number>;
  readonly reps: readonly Rep[];
  /** Individual contributors by `team|region`, ordered by hire date. */
  readonly sellers: ReadonlyMap<string, readonly Rep[]>;
  /** New-business and expansion bookings in cents by `repId|quarterStartDay`, for forecasts. */
  readonly bookings: Map<string, number>;
  /** Recent paying accounts: referrers are drawn from here (bounded so memory stays flat). */
  readonly recentCustomers: number[];
  /** Rows of the batch being built. */
  batch: Record<string, SqlValue[][]>;
}

export function nextId(ctx: GeneratorContext, kind: IdKind): number {
  ctx.ids[kind] += 1;
  return ctx.ids[kind];
}

export function emit(ctx: GeneratorContext, table: string, row: SqlValue[]): void {
  const rows = ctx.batch[table];
  if (rows) rows.push(row);
  else ctx.batch[table] = [row];
}

/** Cents to a decimal(18,2) value. */
export function money(cents: number): number {
  return cents / 100;
}

export const RECENT_CUSTOMERS_KEPT = 500;
