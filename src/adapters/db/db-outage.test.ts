import { describe, expect, it } from 'vitest';
import { isDatabaseOutage } from './db-outage.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('telling a database outage from a bad query', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a restart', withCode('terminating connection due to administrator command', '57P01')],
    ['a server starting up', withCode('the database system is starting up', '57P03')],
    ['a connection exception', withCode('connection failure', '08006')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['a full pool', new Error('timeout exceeded when trying to connect')],
    ['a database closed to connections', withCode('database "x" is not currently accepting connections', '55000')],
    [
      'the same, wrapped by Drizzle',
      new Error('Failed query: select 1', { cause: new Error('Connection terminated') }),
    ],
  ])('%s is an outage', (_label, error) => {
    expect(isDatabaseOutage(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a syntax error', withCode('syntax error at or near "x"', '42601')],
    ['not an error', 'ECONNREFUSED'],
    ['nothing', null],
  ])('%s is not', (_label, error) => {
    expect(isDatabaseOutage(error)).toBe(false);
  });
});
