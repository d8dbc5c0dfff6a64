/**
 * canon.yaml warehouse settings -> an open WarehouseConnection. Each adapter's connection file (and
 * so its driver) is imported only when that warehouse type is used, so `canon validate` and the
 * compiler never load a database driver.
 */
import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { WarehouseConfig } from '../compiler/catalog/types.js';
import { WarehouseError, type WarehouseConnection } from './connection.js';

/** Where the embedded DuckDB file lives when canon.yaml names no path. */
export const DEFAULT_DUCKDB_PATH = '.canon/sample.duckdb';
const DEFAULT_SQLITE_PATH = '.canon/sample.sqlite';

/**
 * The database file of an embedded warehouse (DuckDB, SQLite) as `openConnection` resolves it, or
 * undefined for servers and in-memory databases. The one place that knows which types are files.
 */
export function embeddedDatabaseFile(config: WarehouseConfig, projectRoot: string): string | undefined {
  const fallback = config.type === 'duckdb' ? DEFAULT_DUCKDB_PATH : config.type === 'sqlite' ? DEFAULT_SQLITE_PATH : undefined;
  if (fallback === undefined) return undefined;
  const setting = config.settings['path'];
  const path = typeof setting === 'string' && setting !== '' ? setting : fallback;
  if (path === ':memory:') return undefined;
  return isAbsolute(path) ? path : resolve(projectRoot, path);
}

/**
 * Where `canon sample` puts its tables: PostgreSQL and DuckDB take canon.yaml's `schema`; MariaDB's `database` is
 * created if missing, so the connection itself opens without one.
 */
export function sampleLoadTarget(config: WarehouseConfig): { connect: WarehouseConfig; schema?: string } {
  const { settings } = config;
  if (config.type === 'mysql' && typeof settings['database'] === 'string') {
    const { database, ...rest } = settings;
    return { connect: { type: config.type, settings: rest }, schema: String(database) };
  }
  if ((config.type === 'postgres' || config.type === 'duckdb') && typeof settings['schema'] === 'string') {
    return { connect: config, schema: settings['schema'] };
  }
  return { connect: config };
}

type Settings = WarehouseConfig['settings'];

function text(settings: Settings, key: string): string | undefined {
  const value = settings[key];
  return value === undefined || value === '' ? undefined : String(value);
}

function integer(settings: Settings, key: string): number | undefined {
  const value = settings[key];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new WarehouseError('WAREHOUSE_UNAVAILABLE', `warehouse setting '${key}' must be an integer, got '${String(value)}'`);
  return n;
}

/**
 * Secrets come from the environment (`password_env: NAME`), never from the file. An unset variable
 * means "no password" (local servers often trust loopback); if the server then refuses us, the
 * error says which variable was missing.
 */
function secret(settings: Settings, env: NodeJS.ProcessEnv): { password?: string; missing?: string } {
  const name = text(settings, 'password_env');
  if (!name) return {};
  const value = env[name];
  return value === undefined ? { missing: name } : { password: value };
}

async function withPasswordHint(open: Promise<WarehouseConnection>, missing: string | undefined): Promise<WarehouseConnection> {
  try {
    return await open;
  } catch (error) {
    if (missing && error instanceof WarehouseError && error.code === 'WAREHOUSE_UNAVAILABLE') {
      throw new WarehouseError(error.code, `${error.message} (the password is read from ${missing}, which is not set)`, error.cause);
    }
    throw error;
  }
}

function filePath(settings: Settings, projectRoot: string, fallback: string): string {
  const path = text(settings, 'path') ?? fallback;
  if (path === ':memory:') return path;
  const absolute = isAbsolute(path) ? path : resolve(projectRoot, path);
  try {
    mkdirSync(dirname(absolute), { recursive: true });
  } catch (error) {
    throw new WarehouseError('WAREHOUSE_UNAVAILABLE', `cannot create the folder for ${absolute}: ${(error as Error).message}`, error);
  }
  return absolute;
}

/** Where a database server is and who we log in as: the same settings for PostgreSQL, Redshift and MySQL. */
function serverLogin(s: Settings, password: string | undefined) {
  return {
    url: text(s, 'url'),
    host: text(s, 'host'),
    port: integer(s, 'port'),
    user: text(s, 'user'),
    password,
  };
}

/** PostgreSQL-protocol settings, read the same way for PostgreSQL and Redshift (its own default port aside). */
function postgresOptions(s: Settings, password: string | undefined) {
  return compact({
    ...serverLogin(s, password),
    database: text(s, 'database'),
    schema: text(s, 'schema'),
    statementTimeoutMs: integer(s, 'statement_timeout_ms'),
  });
}

/**
 * Opens and checks a connection. Rejects with WarehouseError: WAREHOUSE_UNAVAILABLE (server down,
 * bad credentials, unsupported type) naming where it tried to go; never a raw driver error.
 */
export async function openConnection(
  config: WarehouseConfig,
  projectRoot: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<WarehouseConnection> {
  const s = config.settings;
  switch (config.type) {
    case 'duckdb': {
      const { DuckDbConnection } = await import('./duckdb/duckdb-connection.js');
      const schema = text(s, 'schema');
      return DuckDbConnection.open({ path: filePath(s, projectRoot, DEFAULT_DUCKDB_PATH), ...(schema ? { schema } : {}) });
    }
    case 'sqlite': {
      const { SqliteConnection } = await import('./sqlite/sqlite-connection.js');
      return SqliteConnection.open({ path: filePath(s, projectRoot, DEFAULT_SQLITE_PATH) });
    }
    case 'postgres': {
      const { PostgresConnection } = await import('./postgres/postgres-connection.js');
      const { password, missing } = secret(s, env);
      return withPasswordHint(PostgresConnection.open(postgresOptions(s, password)), missing);
    }
    case 'mysql': {
      const { MysqlConnection } = await import('./mysql/mysql-connection.js');
      const { password, missing } = secret(s, env);
      return withPasswordHint(MysqlConnection.open(compact({
        ...serverLogin(s, password),
        database: text(s, 'database') ?? text(s, 'schema'),
      })), missing);
    }
    case 'redshift': {
      const { RedshiftConnection } = await import('./redshift/redshift-connection.js');
      const { password, missing } = secret(s, env);
      return withPasswordHint(RedshiftConnection.open(postgresOptions(s, password)), missing);
    }
    case 'snowflake': {
      const { SnowflakeConnection } = await import('./snowflake/snowflake-connection.js');
      const { password, missing } = secret(s, env);
      return withPasswordHint(SnowflakeConnection.open(compact({
        account: text(s, 'account') ?? '',
        username: text(s, 'user') ?? '',
        password: password ?? '',
        warehouse: text(s, 'warehouse'),
        database: text(s, 'database'),
        schema: text(s, 'schema'),
        role: text(s, 'role'),
        accessUrl: text(s, 'access_url'),
      })), missing);
    }
    case 'bigquery': {
      const { BigQueryConnection } = await import('./bigquery/bigquery-connection.js');
      return BigQueryConnection.open(compact({
        projectId: text(s, 'project') ?? '',
        dataset: text(s, 'dataset') ?? text(s, 'schema'),
        location: text(s, 'location'),
        keyFilename: text(s, 'key_file'),
        apiEndpoint: text(s, 'api_endpoint'),
      }));
    }
    case 'databricks': {
      const { DatabricksConnection } = await import('./databricks/databricks-connection.js');
      const tokenEnv = text(s, 'token_env') ?? 'DATABRICKS_TOKEN';
      return DatabricksConnection.open(compact({
        host: text(s, 'host') ?? '',
        httpPath: text(s, 'http_path') ?? '',
        token: env[tokenEnv] ?? '',
        port: integer(s, 'port'),
        catalog: text(s, 'catalog'),
        schema: text(s, 'schema'),
      })).catch((error: unknown) => {
        if (env[tokenEnv] === undefined && error instanceof WarehouseError) {
          throw new WarehouseError(error.code, `${error.message} (the token is read from ${tokenEnv}, which is not set)`, error.cause);
        }
        throw error;
      });
    }
    case 'trino': {
      const { TrinoConnection } = await import('./trino/trino-connection.js');
      const { password, missing } = secret(s, env);
      return withPasswordHint(TrinoConnection.open(compact({
        server: text(s, 'server') ?? '',
        user: text(s, 'user') ?? '',
        password,
        catalog: text(s, 'catalog'),
        schema: text(s, 'schema'),
      })), missing);
    }
    default:
      throw new WarehouseError(
        'WAREHOUSE_UNAVAILABLE',
        `Canon can compile SQL for ${config.type} but cannot run it yet: no ${config.type} connection is installed (use \`canon sql\` to print the SQL)`,
      );
  }
}

/** Drops undefined keys so optional settings stay absent rather than explicitly undefined. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
