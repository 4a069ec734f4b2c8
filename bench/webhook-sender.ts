/**
 * Posts webhook updates the way Telegram does: over at most `connections` kept-alive connections, each posting its
 * next update when the previous one is answered. Prints the burst's start (epoch ms) and each acknowledgement time. It runs in its own
 * process so its timings are not delayed by the stand-ins' work in the benchmark process, and it opens (and warms)
 * its connections before the burst, as Telegram's are already open.
 * Input on stdin: {url, secret, connections, bodies: string[]}.
 */
import { Agent, request } from 'node:http';
import { text } from 'node:stream/consumers';

const { url, secret, connections, bodies } = JSON.parse(await text(process.stdin)) as {
  url: string;
  secret: string;
  connections: number;
  bodies: string[];
};
const agent = new Agent({ keepAlive: true, maxSockets: connections });
const target = new URL(url);

function post(path: string, body: string | null): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path,
        method: body === null ? 'GET' : 'POST',
        headers: body === null ? {} : { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

// Open every connection and warm the code paths first.
for (let round = 0; round < 3; round++)
  await Promise.all(Array.from({ length: connections }, () => post('/healthz', null)));

const acks: number[] = [];
/** When each answer came, in ms from the burst's start (to see whether the acks overlapped the renders). */
const answeredAt: number[] = [];
const startedAt = Date.now();
let next = 0;
await Promise.all(
  Array.from({ length: connections }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const sent = performance.now();
      const status = await post(target.pathname, body);
      if (status !== 200) throw new Error(`webhook answered ${status}`);
      acks.push(performance.now() - sent);
      answeredAt.push(Date.now() - startedAt);
    }
  }),
);
agent.destroy();
process.stdout.write(JSON.stringify({ startedAt, acks, answeredAt }));
