/** Helpers the adapter failure tests share: a port nobody listens on, and "this must be a WarehouseError". */
import { createServer } from 'node:net';
import { expect } from 'vitest';
import { WarehouseError } from '../../adapters/connection.js';

/** A loopback port that nothing listens on: bind an ephemeral port, then let it go. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Awaits `promise`, which must reject with a WarehouseError, and returns that error. */
export async function warehouseFailure(promise: Promise<unknown>): Promise<WarehouseError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(WarehouseError);
    return error as WarehouseError;
  }
  throw new Error('expected a WarehouseError, got success');
}
