/**
 * The sample warehouse's tables as data (docs/sample-warehouse.md). Each engine's DDL is derived
 * from these logical types (see table-ddl.ts), so a column is declared once for every engine.
 */
export type LogicalType = 'int' | 'text' | 'double' | 'decimal' | 'boolean' | 'date' | 'timestamp';

export interface ColumnDefinition {
  readonly name: string;
  readonly type: LogicalType;
  /** True when the column may hold null. Default false. */
  readonly nullable?: boolean;
}

export interface TableDefinition {
  readonly name: string;
  /** In insert order: generated rows are arrays in exactly this order. */
  readonly columns: readonly ColumnDefinition[];
  /** Primary-key column, when the table has one. */
  readonly primaryKey?: string;
}

type Spec = readonly (readonly [name: string, type: LogicalType, nullable?: 'null'])[];

function table(name: string, spec: Spec, primaryKey?: string): TableDefinition {
  const columns = spec.map(([column, type, nullable]) =>
    nullable ? { name: column, type, nullable: true } : { name: column, type },
  );
  return primaryKey ? { name, columns, primaryKey } : { name, columns };
}

export const SAMPLE_TABLES: readonly TableDefinition[] = [
  table('reps', [
    ['rep_id', 'int'], ['rep_name', 'text'], ['team', 'text'], ['region', 'text'], ['hired_on', 'date'],
    ['manager_id', 'int', 'null'],
  ], 'rep_id'),
  table('accounts', [
    ['account_id', 'int'], ['account_name', 'text'], ['segment', 'text'], ['region', 'text', 'null'],
    ['industry', 'text'], ['employee_count', 'int'], ['created_at', 'timestamp'], ['owner_rep_id', 'int'],
    ['is_icp', 'boolean'],
  ], 'account_id'),
  table('leads', [
    ['lead_id', 'int'], ['account_id', 'int', 'null'], ['source', 'text'], ['created_at', 'timestamp'],
    ['mql_at', 'timestamp', 'null'], ['sql_at', 'timestamp', 'null'], ['converted_at', 'timestamp', 'null'],
    ['opportunity_id', 'int', 'null'], ['lead_score', 'int'], ['is_pql', 'boolean'],
    ['first_contact_at', 'timestamp', 'null'],
  ], 'lead_id'),
  table('opportunities', [
    ['opportunity_id', 'int'], ['account_id', 'int'], ['owner_rep_id', 'int'], ['lead_id', 'int', 'null'],
    ['source', 'text'], ['opportunity_type', 'text'], ['stage', 'text'], ['amount', 'decimal', 'null'],
    ['created_at', 'timestamp'], ['closed_at', 'timestamp', 'null'], ['is_closed', 'boolean'],
    ['is_won', 'boolean'], ['forecast_category', 'text'],
  ], 'opportunity_id'),
  table('pipeline_snapshots', [
    ['snapshot_date', 'date'], ['opportunity_id', 'int'], ['account_id', 'int'], ['owner_rep_id', 'int'],
    ['stage', 'text'], ['amount', 'decimal'], ['expected_close_date', 'date'],
  ]),
  table('arr_movements', [
    ['movement_id', 'int'], ['account_id', 'int'], ['movement_date', 'date'], ['movement_type', 'text'],
    ['arr_change', 'decimal'], ['self_serve', 'boolean'],
  ], 'movement_id'),
  table('arr_snapshots', [
    ['snapshot_date', 'date'], ['account_id', 'int'], ['arr', 'decimal'], ['is_customer', 'boolean'],
  ]),
  table('renewals', [
    ['renewal_id', 'int'], ['account_id', 'int'], ['due_date', 'date'], ['renewed_on', 'date', 'null'],
    ['is_renewed', 'boolean'], ['arr_due', 'decimal'], ['arr_renewed', 'decimal'],
  ], 'renewal_id'),
  table('spend', [
    ['spend_month', 'date'], ['department', 'text'], ['channel', 'text'], ['amount', 'decimal'],
  ]),
  table('trials', [
    ['trial_id', 'int'], ['account_id', 'int', 'null'], ['lead_id', 'int', 'null'], ['source', 'text'],
    ['started_at', 'timestamp'], ['activated_at', 'timestamp', 'null'], ['first_value_at', 'timestamp', 'null'],
    ['converted_at', 'timestamp', 'null'], ['signup_completed', 'boolean'],
  ], 'trial_id'),
  table('account_health', [
    ['snapshot_date', 'date'], ['account_id', 'int'], ['health_score', 'double'], ['engagement_score', 'double'],
    ['churn_risk_score', 'double'], ['active_users', 'int'],
  ]),
  table('support_tickets', [
    ['ticket_id', 'int'], ['account_id', 'int'], ['created_at', 'timestamp'], ['resolved_at', 'timestamp', 'null'],
    ['priority', 'text'],
  ], 'ticket_id'),
  table('survey_responses', [
    ['response_id', 'int'], ['account_id', 'int'], ['responded_at', 'timestamp'], ['survey_type', 'text'],
    ['score', 'int'],
  ], 'response_id'),
  table('referrals', [
    ['referral_id', 'int'], ['referrer_account_id', 'int'], ['referred_lead_id', 'int', 'null'],
    ['created_at', 'timestamp'], ['opportunity_id', 'int', 'null'], ['is_won', 'boolean'],
  ], 'referral_id'),
  table('quotas', [['rep_id', 'int'], ['quarter_start', 'date'], ['quota_amount', 'decimal']]),
  table('forecasts', [
    ['rep_id', 'int'], ['quarter_start', 'date'], ['forecast_amount', 'decimal'], ['submitted_at', 'timestamp'],
  ]),
  table('web_traffic', [
    ['traffic_date', 'date'], ['channel', 'text'], ['sessions', 'int'], ['branded_search_sessions', 'int'],
    ['high_intent_page_views', 'int'],
  ]),
];

export function sampleTable(name: string): TableDefinition {
  const found = SAMPLE_TABLES.find((t) => t.name === name);
  if (!found) throw new Error(`no sample table named '${name}'`);
  return found;
}
