import { useEffect, useState } from 'preact/hooks';
import type { BotStats } from './analytics-api.js';

const ERROR_NAMES: Record<string, string> = {
  invalid_coupon: 'Invalid code',
  validation_unavailable: 'Validator unavailable',
  template_not_found: 'Template not found',
  render_failed: 'Image could not be made',
  send_failed: 'Telegram could not be reached',
};
const number = (n: number) => n.toLocaleString('en');
const when = (iso: string, timeZone: string) =>
  new Date(iso).toLocaleString('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' });

function Empty({ children }: { children: string }) {
  return <p class="hint">{children}</p>;
}

export function TopTemplates({ items }: { items: BotStats['popular_templates'] }) {
  return (
    <section class="panel" aria-labelledby="ana-templates">
      <h3 id="ana-templates">Top templates</h3>
      {items.length === 0 ? (
        <Empty>No images made in this period.</Empty>
      ) : (
        <ol class="ranked">
          {items.map((t) => (
            <li key={t.template}>
              <span>{t.template}</span> <strong>{number(t.count)}</strong>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function ErrorBreakdown({ items }: { items: BotStats['errors'] }) {
  return (
    <section class="panel" aria-labelledby="ana-errors">
      <h3 id="ana-errors">Errors</h3>
      {items.length === 0 ? (
        <Empty>No errors in this period.</Empty>
      ) : (
        <ul class="ranked">
          {items.map((e) => (
            <li key={e.type}>
              <span>{ERROR_NAMES[e.type] ?? e.type}</span> <strong>{number(e.count)}</strong>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function InvalidCodes({ items, timeZone }: { items: BotStats['invalid_codes']; timeZone: string }) {
  return (
    <section class="panel" aria-labelledby="ana-invalid">
      <h3 id="ana-invalid">Invalid codes tried most</h3>
      {items.length === 0 ? (
        <Empty>No invalid codes in this period.</Empty>
      ) : (
        <div class="table-scroll">
          <table class="data">
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Tries</th>
                <th scope="col">Users</th>
                <th scope="col">Last tried</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.coupon}>
                  <th scope="row" class="code">
                    {c.coupon}
                  </th>
                  <td>{number(c.count)}</td>
                  <td>{number(c.unique_users)}</td>
                  <td>{when(c.last_tried_at, timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function Pager({
  label,
  page,
  pageSize,
  total,
  onPage,
}: {
  label: string;
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1 && page <= 1) return null;
  return (
    <nav class="pager" aria-label={`${label} pages`}>
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous {label}
      </button>
      <span aria-live="polite">
        Page {page} of {pages}
      </span>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next {label}
      </button>
    </nav>
  );
}

/** ANA-3: codes by generations, 50 a page, searched as the admin types (after a short pause). */
export function PopularCodes({
  codes,
  onPage,
  onSearch,
}: {
  codes: BotStats['popular_coupons'];
  onPage: (page: number) => void;
  onSearch: (q: string) => void;
}) {
  const [text, setText] = useState(codes.q);
  useEffect(() => {
    if (text.trim() === codes.q) return;
    const timer = setTimeout(() => onSearch(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);
  return (
    <section class="panel codes" aria-labelledby="ana-codes">
      <div class="section-head">
        <h3 id="ana-codes">Popular codes</h3>
        <span class="hint">{number(codes.total)} codes</span>
      </div>
      <label>
        Search codes
        <input
          type="search"
          value={text}
          maxLength={64}
          autoComplete="off"
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </label>
      {codes.items.length === 0 ? (
        <Empty>{codes.q ? `No code contains “${codes.q}”.` : 'No codes used in this period.'}</Empty>
      ) : (
        <div class="table-scroll">
          <table class="data" aria-label="Popular codes">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Code</th>
                <th scope="col">Images</th>
                <th scope="col">Users</th>
                <th scope="col">Made most by</th>
              </tr>
            </thead>
            <tbody>
              {codes.items.map((c, i) => (
                <tr key={c.coupon}>
                  <td>{(codes.page - 1) * codes.page_size + i + 1}</td>
                  <th scope="row" class="code">
                    {c.coupon}
                  </th>
                  <td>{number(c.count)}</td>
                  <td>{number(c.unique_users)}</td>
                  <td>{c.top_user ? `${c.top_user.name} (${number(c.top_user.count)})` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager label="codes" page={codes.page} pageSize={codes.page_size} total={codes.total} onPage={onPage} />
    </section>
  );
}

export function Retention({ retention }: { retention: BotStats['retention'] }) {
  return (
    <section class="panel" aria-labelledby="ana-retention">
      <h3 id="ana-retention">Retention of bot users</h3>
      <p class="hint">
        Of the {number(retention.cohort)} bot users who first used the bot in this period, the share who came back on
        day 1, 7 and 30 (only users for whom that day has come count).
      </p>
      <div class="retention">
        {retention.days.map((d) => (
          <div key={d.day} class="stat">
            <span>Day {d.day}</span>
            <strong>{d.eligible === 0 ? '—' : `${d.rate}%`}</strong>
            <span class="hint">
              {number(d.returned)} of {number(d.eligible)}
            </span>
          </div>
        ))}
      </div>
    </section>
  );
}

export function Heatmap({ heatmap, timeZone }: { heatmap: BotStats['heatmap']; timeZone: string }) {
  const hours = Array.from({ length: 24 }, (_, h) => h);
  return (
    <section class="panel" aria-labelledby="ana-heatmap">
      <h3 id="ana-heatmap">When people use it</h3>
      <p class="hint">Uses by day of week and hour ({timeZone}); darker is busier.</p>
      <div class="table-scroll">
        <table class="heatmap">
          <caption class="visually-hidden">Uses by weekday (rows) and hour (columns)</caption>
          <thead>
            <tr>
              <th scope="col">
                <span class="visually-hidden">Weekday</span>
              </th>
              {hours.map((h) => (
                <th scope="col" key={h}>
                  {String(h).padStart(2, '0')}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {heatmap.rows.map((row) => (
              <tr key={row.weekday}>
                <th scope="row">{row.label}</th>
                {row.counts.map((count, h) => (
                  <td
                    key={h}
                    title={`${row.label} ${String(h).padStart(2, '0')}:00 — ${count} uses`}
                    style={{ '--heat': heatmap.max === 0 ? 0 : (count / heatmap.max).toFixed(3) }}
                  >
                    <span class="visually-hidden">{count}</span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function ActiveUsers({
  users,
  timeZone,
  onPage,
}: {
  users: BotStats['active_users'];
  timeZone: string;
  onPage: (page: number) => void;
}) {
  return (
    <section class="panel" aria-labelledby="ana-users">
      <h3 id="ana-users">Most active bot users</h3>
      {users.items.length === 0 ? (
        <Empty>No bot users in this period.</Empty>
      ) : (
        <div class="table-scroll">
          <table class="data">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Uses</th>
                <th scope="col">Images</th>
                <th scope="col">Last use</th>
              </tr>
            </thead>
            <tbody>
              {users.items.map((u) => (
                <tr key={u.id}>
                  <th scope="row">
                    {u.name}
                    {u.username && u.name !== `@${u.username}` && <span class="hint"> @{u.username}</span>}
                  </th>
                  <td>{number(u.uses)}</td>
                  <td>{number(u.successes)}</td>
                  <td>{when(u.last_used_at, timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager label="users" page={users.page} pageSize={users.page_size} total={users.total} onPage={onPage} />
    </section>
  );
}
