import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the stand-in answers for one code; anything not listed answers 404 (unknown coupon). */
export type FakeBehaviour =
  | 'valid'
  | 404
  | 422
  | 429
  | 500
  | 503
  | 418
  /** Never answers, so the client's own time limits are what end the request. */
  | 'hang'
  | { delayMs: number; answer: FakeBehaviour }
  /** Holds the answer until the test settles `until`, e.g. to pile up checks while one request is in flight. */
  | { until: Promise<unknown>; answer: FakeBehaviour }
  | { sequence: FakeBehaviour[] };

export interface FakeFunderPro {
  url: string;
  productId: string;
  /** Every request the stand-in received, in order: the code and the product id it asked for. */
  requests: { code: string | null; productId: string | null }[];
  set(code: string, behaviour: FakeBehaviour): void;
  /** Resolves once `count` requests have arrived in all; a test waits on this, not on time, for real I/O. */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A loopback HTTP server that answers like FunderPro's discount API (`GET /discount?coupons[]=X&productIds=Y`),
 * so the real client code runs in tests.
 */
export async function startFakeFunderPro({
  productId = 'prod-10k',
}: {
  productId?: string;
} = {}): Promise<FakeFunderPro> {
  const behaviours = new Map<string, FakeBehaviour>();
  const counters = new Map<string, number>();
  const requests: FakeFunderPro['requests'] = [];
  const arrivalWatchers = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const code = url.searchParams.get('coupons[]');
    const asked = url.searchParams.get('productIds');
    requests.push({ code, productId: asked });
    for (const watcher of arrivalWatchers) watcher();
    const reply = (behaviour: FakeBehaviour): void => {
      if (behaviour === 'hang') return;
      if (typeof behaviour === 'object' && 'delayMs' in behaviour) {
        setTimeout(() => reply(behaviour.answer), behaviour.delayMs).unref();
        return;
      }
      if (typeof behaviour === 'object' && 'until' in behaviour) {
        const answer = () => reply(behaviour.answer);
        void behaviour.until.then(answer, answer);
        return;
      }
      if (typeof behaviour === 'object' && 'sequence' in behaviour) {
        const n = counters.get(code ?? '') ?? 0;
        counters.set(code ?? '', n + 1);
        reply(behaviour.sequence[Math.min(n, behaviour.sequence.length - 1)] ?? 404);
        return;
      }
      const status = behaviour === 'valid' ? 200 : behaviour;
      const body =
        status === 200
          ? { data: [{ code, productId: asked, active: true, discount: 20 }] }
          : { message: 'Coupon not valid' };
      res.writeHead(status, { 'content-type': 'application/json', ...(status === 429 ? { 'retry-after': '1' } : {}) });
      res.end(JSON.stringify(body));
    };
    if (url.pathname !== '/discount' || asked !== productId || !code) return reply(422);
    reply(behaviours.get(code) ?? 404);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/discount`,
    productId,
    requests,
    set: (code, behaviour) => behaviours.set(code, behaviour),
    waitForRequests: (count) =>
      new Promise((resolve) => {
        const watcher = () => {
          if (requests.length < count) return;
          arrivalWatchers.delete(watcher);
          resolve();
        };
        arrivalWatchers.add(watcher);
        watcher();
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
