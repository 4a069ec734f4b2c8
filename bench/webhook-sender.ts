/**
 * Posts webhook updates the way Telegram does (at most `connections` requests in flight, each sender posting its next
 * update when the previous one is answered) and prints each acknowledgement time as JSON. It runs in its own process
 * so its timings are not delayed by the stand-ins' work in the benchmark process.
 * Input on stdin: {url, secret, connections, bodies: string[]}.
 */
import { text } from 'node:stream/consumers';

const { url, secret, connections, bodies } = JSON.parse(await text(process.stdin)) as {
  url: string;
  secret: string;
  connections: number;
  bodies: string[];
};
const acks: number[] = [];
let next = 0;
await Promise.all(
  Array.from({ length: connections }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const sent = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body,
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
      acks.push(performance.now() - sent);
    }
  }),
);
process.stdout.write(JSON.stringify(acks));
