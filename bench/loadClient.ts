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
  close(): void;
}

export function createLoadClient(maxSockets = 64): LoadClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  return {
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
