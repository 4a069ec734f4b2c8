/**
 * `npm run bench`: render speed beside the original's Pillow renderer, the render API under load, the web page, and
 * the Telegram webhook under a burst (PGlite; PostgreSQL too with BENCH_DATABASE_URL or TEST_DATABASE_URL).
 * `npm run bench -- load`: a realistic request mix (renders, coupon checks, catalogue, webhook), both databases.
 * `npm run bench -- big`: four 40-megapixel renders at a time beside a stream of 1080² ones (RSS, latency).
 * `npm run bench -- render`: the render table alone (PromoStack beside Pillow: ms per image, images/s on both cores).
 * `npm run bench -- broadcast`: a broadcast to BENCH_RECIPIENTS (10 000) users at 20/s, on both databases
 * (BENCH_BROADCAST_DATABASES=pglite or postgres for one), the stand-in answering in BENCH_TELEGRAM_LATENCY_MS (30-150).
 * `npm run bench -- analytics`: /api/bot-stats per period and both CSVs at BENCH_ANALYTICS_ROWS (1 000 000) usage rows,
 * with EXPLAIN ANALYZE of every query (PGlite; PostgreSQL at BENCH_ANALYTICS_DATABASE_URL, a database it may fill;
 * BENCH_ANALYTICS_ONLY=postgres or pglite for one of them).
 * Env: BENCH_ITERATIONS (default 40), BENCH_SECONDS (10), BENCH_SUSTAIN_SECONDS (120).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerBundledFont } from '../src/adapters/canvas/server-canvas.js';
import { findProjectRoot } from '../src/shared/project-root.js';
import { benchAnalytics } from './analytics.bench.js';
import { benchApi } from './api.bench.js';
import { makeLogo, makePhotoLikeTemplate } from './bench-utils.js';
import { benchBigTemplates } from './big-templates.bench.js';
import { benchBroadcast } from './broadcast.bench.js';
import { benchLoad } from './load.bench.js';
import { benchManyCodes } from './many-codes.bench.js';
import { benchRender } from './render.bench.js';
import { benchTelegram } from './telegram.bench.js';
import { benchUsageInsert } from './usage-insert.bench.js';
import { benchWeb } from './web.bench.js';

const root = findProjectRoot();
const out = join(root, 'bench/out');
mkdirSync(out, { recursive: true });
const iterations = Number(process.env.BENCH_ITERATIONS ?? 40);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const sustainSeconds = Number(process.env.BENCH_SUSTAIN_SECONDS ?? 120);
const fontPath = join(root, 'assets/fonts/inter-bold-latin.woff2');
const f1 = (n: number) => n.toFixed(1);

// `npm run bench -- telegram` runs the webhook burst alone; `npm run bench -- web` the web generator alone.
if (process.argv[2] === 'telegram') {
  buildApp();
  await benchTelegramAll();
  process.exit(0);
}
if (process.argv[2] === 'web') {
  buildApp();
  const web = await benchWebAll();
  writeFileSync(join(out, 'web-results.json'), `${JSON.stringify(web, null, 2)}\n`);
  process.exit(0);
}
// `npm run bench -- many-codes`: the generator's "Many codes", 100 codes × 2 variants at the laptop viewport.
if (process.argv[2] === 'many-codes') {
  buildApp();
  const many = await benchManyCodes();
  console.log('\nMany codes (100 codes × square + portrait, Flash Sale, 1366×900, compiled server, validation off):');
  console.log(
    '| drawn on | images | total ms | longest main-thread gap ms | long tasks (≥ 50 ms) | longest long task ms | ZIP MB |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const r of many.results)
    console.log(
      `| ${r.renderer} | ${r.images} | ${f1(r.total_ms)} | ${f1(r.longest_gap_ms)} | ${r.long_tasks} | ${f1(r.longest_long_task_ms)} | ${(r.zip_bytes / 1e6).toFixed(1)} |`,
    );
  writeFileSync(join(out, 'many-codes-results.json'), `${JSON.stringify(many, null, 2)}\n`);
  process.exit(0);
}
// `npm run bench -- load`: a realistic mix (renders warm and cold, coupon checks, catalogue, webhook) on both databases.
if (process.argv[2] === 'load') {
  buildApp();
  const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
  const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const results = [await benchLoad({ seconds })];
  if (postgresUrl) results.push(await benchLoad({ seconds, postgresUrl }));
  for (const r of results) {
    console.log(
      `\nLoad mix, ${r.seconds} s, ${r.database}: server RSS peak ${f1(r.server_peak_rss_mib)} MiB, mean ${f1(r.server_mean_rss_mib)} MiB, ${r.photos_sent} photos sent`,
    );
    console.log('| part | req/s | p50 ms | p95 ms | p99 ms | statuses | errors | timeouts |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const p of r.parts)
      console.log(
        `| ${p.name} | ${f1(p.requests_per_s)} | ${f1(p.p50_ms)} | ${f1(p.p95_ms)} | ${f1(p.p99_ms)} | ${Object.entries(
          p.statuses,
        )
          .map(([s, n]) => `${s}: ${n}`)
          .join(', ')} | ${p.errors} | ${p.timeouts} |`,
      );
  }
  writeFileSync(join(out, 'load.json'), JSON.stringify(results, null, 2));
  process.exit(0);
}
// `npm run bench -- big`: 40-megapixel templates rendered four at a time while 1080² ones keep coming (RSS, latency).
if (process.argv[2] === 'big') {
  buildApp();
  const result = await benchBigTemplates({ seconds: Number(process.env.BENCH_BIG_SECONDS ?? 60) });
  console.log(JSON.stringify(result, null, 2));
  writeFileSync(join(out, 'big-templates.json'), JSON.stringify(result, null, 2));
  process.exit(0);
}
// `npm run bench -- broadcast` sends a broadcast to 10 000 users at BROADCAST_RATE 20 (about 8 minutes per database).
if (process.argv[2] === 'broadcast') {
  buildApp();
  await benchBroadcastAll();
  process.exit(0);
}

// `npm run bench -- usage-insert`: what the analytics rollup's triggers add to one usage insert, on both databases.
if (process.argv[2] === 'usage-insert') {
  const results = [];
  const kinds = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
  for (const kind of kinds as ('pglite' | 'postgres')[]) {
    const r = await benchUsageInsert({
      kind,
      seededRows: 20_000,
      inserts: Number(process.env.BENCH_ITERATIONS ?? 500),
    });
    results.push(r);
    console.log(
      `${r.database} (${r.seeded_rows} rows, windows built): one usage insert without the rollup triggers median ${r.without.median_ms.toFixed(2)} ms / p95 ${r.without.p95_ms.toFixed(2)} ms; with them ${r.with.median_ms.toFixed(2)} / ${r.with.p95_ms.toFixed(2)} ms`,
    );
  }
  writeFileSync(join(out, 'usage-insert.json'), JSON.stringify(results, null, 2));
  process.exit(0);
}

if (process.argv[2] === 'analytics') {
  buildApp();
  await benchAnalyticsAll();
  process.exit(0);
}

registerBundledFont(fontPath);
const templatePng = await makePhotoLikeTemplate();
const logoPng = await makeLogo();
writeFileSync(join(out, 'photo-template.png'), templatePng);
writeFileSync(join(out, 'logo.png'), logoPng);
console.log(
  `Template: 1080×1080 photo-like PNG (${(templatePng.length / 1e6).toFixed(2)} MB), code fitted, logo on.\n`,
);

const node = await benchRender({ templatePng, logoPng, iterations, seconds });
writeFileSync(join(out, 'promostack-SAVE20.png'), node.samples.png);
writeFileSync(join(out, 'promostack-SAVE20.jpg'), node.samples.jpeg);

let pillow: { pillow: string; png: Record<string, number>; jpeg: Record<string, number> } | null = null;
if (existsSync('/usr/bin/python3')) {
  try {
    const args = [
      join(root, 'bench/pillow_render.py'),
      join(out, 'photo-template.png'),
      join(out, 'logo.png'),
      fontPath,
      out,
      String(iterations),
    ];
    pillow = JSON.parse(execFileSync('/usr/bin/python3', args, { encoding: 'utf8' }));
  } catch (error) {
    console.log(
      `Pillow baseline skipped (apt-get install python3-pil): ${error instanceof Error ? error.message.split('\n')[0] : error}`,
    );
  }
}

console.log('| renderer | format | median ms | p95 ms | images/s (both cores) | images/s (1 process) | bytes |');
console.log('|---|---|---|---|---|---|---|');
for (const format of ['png', 'jpeg'] as const) {
  const n = node[format];
  console.log(
    `| PromoStack (@napi-rs/canvas + sharp) | ${format} | ${f1(n.median_ms)} | ${f1(n.p95_ms)} | ${f1(n.images_per_s_both_cores)} | ${f1(1000 / n.median_ms)} | ${n.bytes} |`,
  );
  const p = pillow?.[format];
  if (p)
    console.log(
      `| Pillow ${pillow?.pillow} (decode each time) | ${format} | ${f1(p.median_ms!)} | ${f1(p.p95_ms!)} | ${f1(p.images_per_s_2_processes!)} | ${f1(p.images_per_s_1_process!)} | ${p.bytes} |`,
    );
}
console.log(
  `\nTemplate decode (once per version): ${f1(node.decode_once_ms)} ms. Render bench peak RSS: ${f1(node.peak_rss_mib)} MiB.`,
);
if (pillow) {
  const ratio = (f: 'png' | 'jpeg', key: string) => node[f].images_per_s_both_cores / pillow![f][key]!;
  console.log(
    `PNG images/s vs Pillow: ×${ratio('png', 'images_per_s_1_process').toFixed(2)} (Pillow in 1 process), ×${ratio('png', 'images_per_s_2_processes').toFixed(2)} (Pillow in 2 processes); size ${node.png.bytes <= pillow.png.bytes! ? '≤' : '>'} Pillow's.`,
  );
}

// `npm run bench -- render`: the render table alone (PromoStack beside Pillow), a minute or two.
if (process.argv[2] === 'render') process.exit(0);

console.log(`\nRender API, 50 connections on loopback (autocannon), compiled server, validation off:`);
buildApp();
const api = await benchApi({ seconds, sustainSeconds });
console.log('| scenario | requests/s | p50 ms | p95 ms | non-2xx | errors | server max RSS MiB |');
console.log('|---|---|---|---|---|---|---|');
for (const [name, r] of [
  ['warm PNG (same code, cached image)', api.warm],
  ['warm JPEG (same code, cached image)', api.warmJpeg],
  ['distinct codes, PNG (render each)', api.distinct],
  [`sustained ${sustainSeconds}s, distinct codes, PNG`, api.sustained],
] as const) {
  console.log(
    `| ${name} | ${f1(r.requests_per_s)} | ${f1(r.p50_ms)} | ${f1(r.p95_ms)} | ${r.non_2xx} | ${r.errors} | ${f1(r.max_rss_mib)} |`,
  );
}
console.log(
  `Server peak RSS: first start on an empty folder (PGlite initdb, one-off) ${f1(api.first_start_peak_rss_mib)} MiB; restarted server over the whole load run ${f1(api.sustained.peak_rss_mib)} MiB.`,
);
const web = await benchWebAll();

const telegram = await benchTelegramAll();
writeFileSync(
  join(out, 'results.json'),
  `${JSON.stringify({ node: { ...node, samples: undefined }, pillow, api, web, telegram }, null, 2)}\n`,
);

async function benchWebAll() {
  const web = await benchWeb({ root, throttledRuns: Number(process.env.BENCH_THROTTLED_RUNS ?? 3) });
  console.log(
    `\nWeb generator (headless Chromium, compiled server on loopback, 'Black Friday' with its 1080×1920 portrait):`,
  );
  console.log(`- JS shipped, gzipped (font excluded): ${(web.js_gzip_bytes / 1024).toFixed(1)} KB (budget 60 KB)`);
  console.log(
    `- navigation → first preview drawn: median ${f1(web.first_preview_ms.median)} ms, p95 ${f1(web.first_preview_ms.p95)} ms over ${web.first_preview_ms.runs} loads`,
  );
  console.log(
    `- preview redraw per keystroke (square + portrait, 412 px phone at 2.625×): median ${f1(web.keystroke_redraw_ms.median)} ms, p95 ${f1(web.keystroke_redraw_ms.p95)} ms over ${web.keystroke_redraw_ms.redraws} redraws (budget 16 ms)`,
  );
  for (const throttled of [web.throttled, web.throttled_3x]) {
    const { profile } = throttled;
    console.log(
      `\nPhone on Lighthouse's mobile profile (${profile.viewport.width}×${profile.viewport.height} at ${profile.deviceScaleFactor}×, ${profile.latencyMs} ms latency, ${((profile.downloadBytesPerS * 8) / 1024 / 1024).toFixed(1)} Mbps down, CPU ${profile.cpuSlowdown}× slower), /?t=photo with a 1080² photo-like PNG of ${(throttled.template_png_bytes / 1e6).toFixed(2)} MB, ${throttled.runs} cold loads:`,
    );
    console.log(
      `- navigation → first preview drawn: median ${f1(throttled.first_preview_ms.median)} ms, slowest ${f1(throttled.first_preview_ms.max)} ms (target 2500 ms)`,
    );
    console.log(
      throttled.full_image_ms
        ? `- full-resolution image in (ready for a download): median ${f1(throttled.full_image_ms.median)} ms`
        : '- full-resolution image: not marked by this page',
    );
    console.log(
      `- bytes moved (last load): ${Object.entries(throttled.bytes)
        .map(([kind, n]) => `${kind} ${(n / 1024).toFixed(1)} KB`)
        .join(', ')}`,
    );
  }
  return web;
}

function buildApp(): void {
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
}

async function benchTelegramAll() {
  // BOT webhook burst (issue 5): PGlite always, PostgreSQL too when a server is configured (a fresh database on it).
  const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  // BENCH_TELEGRAM_SENDERS: which sender counts to run (default 200,40); BENCH_TELEGRAM_DATABASES: pglite, postgres or both.
  const senders = (process.env.BENCH_TELEGRAM_SENDERS ?? '200,40').split(',').map(Number);
  const databases = process.env.BENCH_TELEGRAM_DATABASES ?? 'pglite,postgres';
  const results = [];
  for (const connections of senders) {
    if (databases.includes('pglite')) results.push(await benchTelegram({ connections }));
    if (postgresUrl && databases.includes('postgres')) results.push(await benchTelegram({ connections, postgresUrl }));
  }
  console.log(
    '\nTelegram webhook burst: 200 distinct channel commands, compiled server in webhook mode, Telegram + FunderPro stand-ins on loopback:',
  );
  console.log(
    '| database | senders | run | ack p50 ms | ack p95 ms | handler p95 ms | last ack / first photo ms | acks after first photo (p95 ms) | all 200 photos sent ms | uploads | peak RSS MiB |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    for (const [name, b] of [
      ['first (render + upload)', r.cold],
      ['repeat (file_id)', r.repeat],
      ['redelivered (claim refused, nothing else runs)', r.redelivered],
    ] as const) {
      console.log(
        `| ${r.database} | ${r.connections} | ${name} | ${f1(b.ack_p50_ms)} | ${f1(b.ack_p95_ms)} | ${f1(b.handler_p95_ms)} | ${b.last_ack_ms} / ${b.first_photo_ms ?? '—'} | ${b.acks_after_first_photo} (${b.ack_p95_after_first_photo_ms === null ? '—' : f1(b.ack_p95_after_first_photo_ms)}) | ${f1(b.all_photos_sent_ms)} | ${b.uploads} | ${f1(b.peak_rss_mib)} |`,
      );
    }
  }
  console.log('\nAcknowledgements while 200 first renders run (plain channel messages, claim only):');
  console.log('| database | senders | ack p50 ms | ack p95 ms | photos sent meanwhile | photos still to send after |');
  console.log('|---|---|---|---|---|---|');
  for (const r of results) {
    const d = r.duringRenders;
    console.log(
      `| ${r.database} | ${r.connections} | ${f1(d.ack_p50_ms)} | ${f1(d.ack_p95_ms)} | ${d.photos_sent_meanwhile} | ${d.photos_left_after} |`,
    );
  }
  return results;
}

async function benchBroadcastAll() {
  const recipients = Number(process.env.BENCH_RECIPIENTS ?? 10_000);
  const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  // BENCH_TELEGRAM_LATENCY_MS: the stand-in's answer time per send, "min-max" (default 30-150, as Telegram's).
  const [fastest = 30, slowest = fastest] = (process.env.BENCH_TELEGRAM_LATENCY_MS ?? '30-150').split('-').map(Number);
  const latencyMs: [number, number] = [fastest, slowest];
  // BENCH_BROADCAST_DATABASES: pglite, postgres or both (the default; postgres needs a URL).
  const only = process.env.BENCH_BROADCAST_DATABASES ?? 'pglite,postgres';
  const results = [];
  if (only.includes('pglite')) results.push(await benchBroadcast({ recipients, latencyMs }));
  if (postgresUrl && only.includes('postgres'))
    results.push(await benchBroadcast({ recipients, postgresUrl, latencyMs }));
  console.log(
    `\nBroadcast to ${recipients} users at BROADCAST_RATE 20, compiled worker, Telegram stand-in on loopback answering in ${fastest}–${slowest} ms:`,
  );
  console.log(
    '| database | achieved msg/s | slowest 10 s msg/s | most sends in 1 s | DB ms per send | worker RSS peak / mean MiB | minutes |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results)
    console.log(
      `| ${r.database} | ${r.achieved_per_s.toFixed(2)} | ${r.slowest_10s_per_s.toFixed(1)} | ${r.busiest_1s_window} | ${r.recording_ms_per_send.toFixed(2)} | ${f1(r.worker_peak_rss_mib)} / ${f1(r.worker_mean_rss_mib)} | ${(r.seconds / 60).toFixed(1)} |`,
    );
  writeFileSync(join(out, 'broadcast.json'), JSON.stringify(results, null, 2));
  return results;
}

async function benchAnalyticsAll() {
  const rows = Number(process.env.BENCH_ANALYTICS_ROWS ?? 1_000_000);
  const requests = Number(process.env.BENCH_ITERATIONS ?? 40);
  const postgresUrl = process.env.BENCH_ANALYTICS_DATABASE_URL;
  // BENCH_ANALYTICS_ONLY=postgres|pglite runs one database (PGlite's seeding alone takes minutes).
  const only = process.env.BENCH_ANALYTICS_ONLY;
  const targets = [
    ...(postgresUrl && only !== 'pglite' ? [postgresUrl] : []),
    ...(only === 'postgres' ? [] : [undefined]),
  ];
  if (!postgresUrl) console.log('(BENCH_ANALYTICS_DATABASE_URL is not set: PGlite only)');
  const results = [];
  for (const target of targets) {
    const r = await benchAnalytics({ rows, requests, postgresUrl: target });
    results.push(r);
    console.log(
      `\n${r.database}, ${rows.toLocaleString('en')} usage rows over 120 days, ${requests} requests a period:`,
    );
    console.log('| period | p50 ms | p95 ms | requests timed |');
    console.log('|---|---|---|---|');
    for (const s of r.stats)
      console.log(
        `| ${s.period} | ${f1(s.p50_ms)} | ${f1(s.p95_ms)} | ${s.requests}${s.failure ? ` (then: ${s.failure})` : ''} |`,
      );
    console.log('| window missing (rows read) | p50 ms | p95 ms | requests timed |');
    console.log('|---|---|---|---|');
    for (const s of r.stale)
      console.log(
        `| ${s.period} | ${f1(s.p50_ms)} | ${f1(s.p95_ms)} | ${s.requests}${s.failure ? ` (then: ${s.failure})` : ''} |`,
      );
    if (r.slides.length > 0) {
      console.log('| daily slide | seconds | an insert beside it waited s |');
      console.log('|---|---|---|');
      for (const s of r.slides)
        console.log(`| ${s.period} days | ${s.slide_s.toFixed(1)} | ${s.insert_wait_s.toFixed(1)} |`);
    }
    console.log('| CSV (90 days) | seconds | MiB | lines | server RSS before → peak MiB |');
    console.log('|---|---|---|---|---|');
    for (const c of r.csv)
      console.log(
        `| ${c.file.split('?')[0]} | ${c.seconds.toFixed(1)} | ${f1(c.mib)} | ${c.lines} | ${f1(c.server_rss_before_mib)} → ${f1(c.server_rss_peak_mib)} |`,
      );
    console.log('| EXPLAIN ANALYZE | reads | period | ms | top of plan |');
    console.log('|---|---|---|---|---|');
    for (const e of r.explain)
      console.log(
        `| ${e.query} | ${e.reads} | ${e.period} | ${f1(e.execution_ms)} | ${e.plan
          .slice(0, 2)
          .map((l) =>
            l
              .trim()
              .replace(/\s*\(cost=[^)]*\)/, '')
              .replace(/\(actual[^)]*\)/, '')
              .trim(),
          )
          .join(' ← ')} |`,
      );
  }
  writeFileSync(join(out, 'analytics.json'), JSON.stringify(results, null, 2));
}
