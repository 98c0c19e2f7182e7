/**
 * What the request benchmarks share: a load loop that keeps N requests in flight and times
 * each, percentiles, and the bare botbuilder echo bot on the same restify stack, whose
 * throughput in the same run is the baseline a benchmark's ratio is taken against.
 */
import restify from 'restify';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { performance } from 'node:perf_hooks';
import { closeServer, listen } from '../src/server/makeServer';

export interface Run {
  latencies: number[];
  seconds: number;
  /** Milliseconds the event loop was busy (the bots, the client and the stand-in share it). */
  busyMs: number;
}

/** Fires `total` requests with `concurrency` in flight; every answer must be 2xx. */
export async function load(total: number, concurrency: number, request: (i: number) => Promise<number>): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  const before = performance.eventLoopUtilization();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = process.hrtime.bigint();
        const status = await request(i);
        if (status < 200 || status >= 300) throw new Error(`Request ${i} answered ${status}.`);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  const busyMs = performance.eventLoopUtilization(before).active;
  return { latencies, seconds: Number(process.hrtime.bigint() - started) / 1e9, busyMs };
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

export async function startEchoBot(): Promise<{ url: string; close(): Promise<void> }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, async (ctx) => {
      await ctx.sendActivity(`echo: ${ctx.activity.text ?? ''}`);
    });
  });
  const { url } = await listen(server, 0, '127.0.0.1');
  return { url, close: () => closeServer(server) };
}

