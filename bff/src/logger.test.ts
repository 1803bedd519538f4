import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubText } from './logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger('trace', { destination }) };
}

describe('logger', () => {
  it('scrubs quoted values out of driver messages and keeps the names of schema objects', () => {
    expect(scrubText("Duplicate entry '7-s3cr3t' for key 'uq_redemption_key'")).toBe("Duplicate entry '…' for key 'uq_redemption_key'");
    expect(scrubText(`Unexpected token 'x', "{"password":"hunter2"}" is not valid JSON`)).not.toMatch(/hunter2/);
    expect(scrubText("Can't connect to server on '10.0.0.9'")).toBe("Can't connect to server on '…'");
  });

  it('drops statement text and parameters of an error, also nested in a cause or deep in the log object', () => {
    const { lines, logger } = capture();
    const driver = Object.assign(new Error("Duplicate entry 's3cr3t' for key 'PRIMARY'"), { code: 'ER_DUP_ENTRY', errno: 1062, sql: "INSERT INTO t VALUES ('s3cr3t')" });
    const failed = Object.assign(new Error(driver.message), { name: 'QueryFailedError', query: 'INSERT INTO t VALUES (?)', parameters: ['s3cr3t'], driverError: driver });
    logger.error(failed);
    logger.warn({ job: { attempt: { err: new Error('retry', { cause: failed }) } } }, 'job failed');
    logger.info({ user: { password: 's3cr3t', profile: { sessionKey: 's3cr3t', apiKey: 's3cr3t' } }, headers: { authorization: 's3cr3t' } });
    expect(JSON.stringify(lines)).not.toMatch(/s3cr3t/);
    expect(lines[0]).toMatchObject({ msg: "Duplicate entry '…' for key 'PRIMARY'", err: { type: 'QueryFailedError', driverError: { code: 'ER_DUP_ENTRY', errno: 1062 } } });
    expect(lines[1]).toMatchObject({ job: { attempt: { err: { message: 'retry', cause: { type: 'QueryFailedError' } } } } });
  });
});
