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
  const once = (url: string, method: string, body: string | undefined, contentType: string | undefined, keepBody: boolean) => {
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
      req.on('error', (err: NodeJS.ErrnoException) => reject(Object.assign(err, { reusedSocket: req.reusedSocket })));
      req.end(body);
    });
  };
  /**
   * A keep-alive socket the server closed while it sat idle (its keep-alive timeout passed
   * while the other bot was being measured) fails at once with ECONNRESET: Node's documented
   * remedy is to send the request again on a fresh socket. Every request here is safe to repeat.
   */
  const request = async (url: string, method: string, body: string | undefined, contentType: string | undefined, keepBody: boolean) => {
    try {
      return await once(url, method, body, contentType, keepBody);
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { reusedSocket?: boolean };
      if (e.code === 'ECONNRESET' && e.reusedSocket) return once(url, method, body, contentType, keepBody);
      throw err;
    }
  };
  return {
    get: (url) => request(url, 'GET', undefined, undefined, true),
    postForm: async (url, body) => (await request(url, 'POST', body, 'application/x-www-form-urlencoded', false)).status,
    postJson: async (url, body) => (await request(url, 'POST', body, 'application/json; charset=utf-8', false)).status,
    close() {
      agent.destroy();
    },
  };
}
