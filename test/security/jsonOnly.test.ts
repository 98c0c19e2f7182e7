/**
 * /api/messages reads JSON only: anything else is refused with 415 before its body is read,
 * so an unauthenticated upload never reaches the disk.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { personalMessage } from '../support/activities';
import { CREDENTIALS, rawRequest, withServer } from './support';

const activity = personalMessage({ text: 'help', serviceUrl: 'http://127.0.0.1:9/', user: { id: '29:x', aadObjectId: 'a', name: 'X' } });

function multipart(boundary: string, fileBytes: number): Buffer {
  return Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="activity"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.alloc(fileBytes, 0x61),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

describe('/api/messages with credentials set', () => {
  const tmp = { dir: '', previous: process.env.TMPDIR };
  beforeEach(() => {
    // Every upload parser writes under os.tmpdir(), which reads TMPDIR at each call.
    tmp.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-upload-'));
    process.env.TMPDIR = tmp.dir;
  });
  afterEach(() => {
    if (tmp.previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmp.previous;
    fs.rmSync(tmp.dir, { recursive: true, force: true });
  });

  it('answers a multipart upload without a token with 415 and leaves no file behind', async () => {
    await withServer(
      async (running) => {
        const body = multipart('planpulse-boundary', 256 * 1024);
        const res = await rawRequest(running.port, {
          path: '/api/messages',
          headers: { 'content-type': 'multipart/form-data; boundary=planpulse-boundary', 'content-length': String(body.length) },
          body,
        });
        expect(res.status).toBe(415);
        expect(JSON.parse(res.body).error).toContain('application/json only');
        expect(fs.readdirSync(tmp.dir)).toEqual([]);
      },
      { env: CREDENTIALS },
    );
  });

  it('answers a JSON activity sent as text or as a form with 415, and still reads application/json', async () => {
    await withServer(
      async (running) => {
        for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream']) {
          const res = await rawRequest(running.port, { path: '/api/messages', headers: { 'content-type': type }, body: JSON.stringify(activity) });
          expect({ type, status: res.status }).toEqual({ type, status: 415 });
        }
        const noType = await rawRequest(running.port, { path: '/api/messages', body: JSON.stringify(activity) });
        expect(noType.status).toBe(415);
        // JSON itself gets as far as the token check.
        const json = await rawRequest(running.port, { path: '/api/messages', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(activity) });
        expect(json.status).toBe(401);
      },
      { env: CREDENTIALS },
    );
  });

  it('refuses a JSON body over 1 MB with 413', async () => {
    await withServer(
      async (running) => {
        const res = await rawRequest(running.port, {
          path: '/api/messages',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...activity, text: 'x'.repeat(1_100_000) }),
        });
        expect(res.status).toBe(413);
      },
      { env: CREDENTIALS },
    );
  });
});
