/**
 * The benchmarks' HTTP client: node:http over keep-alive sockets. fetch (undici) spends
 * about half a millisecond of the event loop on every request in web streams and abort
 * signals; a benchmark whose client shares the process with the server under test would
 * count that against the server.
 */
import http from 'node:http';

export interface LoadClient {
  /** POSTs `body` as JSON; answers the status once the whole response has arrived. */
  postJson(url: string, body: string): Promise<number>;
  /** GETs a page; answers its status and body. */
  get(url: string): Promise<{ status: number; body: string }>;
  /** POSTs an HTML form (urlencoded); answers the status once the whole response has arrived. */
  postForm(url: string, body: string): Promise<number>;
  close(): void;
}

export function createLoadClient(maxSockets = 64): LoadClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const request = (url: string, method: string, body: string | undefined, contentType: string | undefined, keepBody: boolean) => {
    const target = new URL(url);
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      const headers: Record<string, string | number> = {};
      if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
      if (contentType) headers['content-type'] = contentType;
      const req = http.request({ hostname: target.hostname, port: target.port, path: target.pathname + target.search, method, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('error', reject);
        if (keepBody) res.on('data', (c: Buffer) => chunks.push(c));
        else res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.end(body);
    });
  };
  return {
    get: (url) => request(url, 'GET', undefined, undefined, true),
    postForm: async (url, body) => (await request(url, 'POST', body, 'application/x-www-form-urlencoded', false)).status,
    postJson(url, body) {
      const target = new URL(url);
      return new Promise((resolve, reject) => {
        const req = http.request(
          {
            hostname: target.hostname,
            port: target.port,
            path: target.pathname,
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            res.on('error', reject);
            res.on('end', () => resolve(res.statusCode ?? 0));
            res.resume();
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    },
    close() {
      agent.destroy();
    },
  };
}
