import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, type PublicTemplate } from '../shared/api.js';
import {
  type BotStats,
  csvUrl,
  fetchActiveUsers,
  fetchCodes,
  fetchStats,
  PERIODS,
  type Period,
  SOURCES,
  type Source,
  type StatsFilter,
} from './analytics-api.js';
import { UsageChart } from './analytics-chart.js';
import {
  ActiveUsers,
  ErrorBreakdown,
  Heatmap,
  InvalidCodes,
  PopularCodes,
  Retention,
  TopTemplates,
} from './analytics-tables.js';

const number = (n: number) => n.toLocaleString('en');

function Filters({
  filter,
  templates,
  onChange,
}: {
  filter: StatsFilter;
  templates: PublicTemplate[];
  onChange: (filter: StatsFilter) => void;
}) {
  return (
    <div class="analytics-filters">
      <fieldset class="periods">
        <legend class="visually-hidden">Period</legend>
        {PERIODS.map((p) => (
          <button
            key={p.days}
            type="button"
            aria-pressed={filter.days === p.days}
            onClick={() => onChange({ ...filter, days: p.days as Period })}
          >
            {p.label}
          </button>
        ))}
      </fieldset>
      <div class="field">
        <label for="ana-source">Source</label>
        <select
          id="ana-source"
          value={filter.source}
          onChange={(e) => onChange({ ...filter, source: e.currentTarget.value as Source })}
        >
          {SOURCES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="ana-template">Template</label>
        <select
          id="ana-template"
          value={filter.template}
          onChange={(e) => onChange({ ...filter, template: e.currentTarget.value })}
        >
          <option value="">All templates</option>
          {templates.map((t) => (
            <option key={t.slug} value={t.slug}>
              {t.name}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

function Cards({ stats }: { stats: BotStats }) {
  const cards = [
    ['Generations', number(stats.total_uses)],
    ['Unique users', number(stats.unique_users)],
    ['Success rate', `${stats.success_rate}%`],
    ['Invalid-code attempts', number(stats.invalid_attempts)],
    ['Validator unavailable', number(stats.unavailable_attempts)],
  ] as const;
  return (
    <ul class="analytics-cards" aria-label="Totals">
      {cards.map(([label, value]) => (
        <li key={label} class="panel stat">
          <span>{label}</span>
          <strong>{value}</strong>
        </li>
      ))}
    </ul>
  );
}

function Downloads({ filter }: { filter: StatsFilter }) {
  return (
    <div class="analytics-downloads">
      <a class="button" href={csvUrl('coupons.csv', filter)} download>
        Download codes CSV
      </a>
      <a class="button" href={csvUrl('usage.csv', filter)} download>
        Download usage CSV
      </a>
    </div>
  );
}

/** A request whose answer is dropped when a newer one of its kind was made meanwhile. */
function useLatest() {
  const latest = useRef(0);
  return <T,>(request: Promise<T>, onAnswer: (answer: T) => void, onError: (message: string) => void) => {
    const ticket = ++latest.current;
    request.then(
      (answer) => ticket === latest.current && onAnswer(answer),
      (failure: unknown) =>
        ticket === latest.current &&
        onError(failure instanceof ApiError ? failure.message : 'The numbers could not be loaded.'),
    );
  };
}

/**
 * ANA-4: the Analytics section. A filter change asks for the whole dashboard; paging or searching the codes and paging
 * the users ask for that block only. For each kind of request the last answer wins.
 */
export function AnalyticsSection() {
  const [filter, setFilter] = useState<StatsFilter>({ days: '7', source: 'all', template: '' });
  const [stats, setStats] = useState<BotStats | null>(null);
  const [codes, setCodes] = useState<BotStats['popular_coupons'] | null>(null);
  const [users, setUsers] = useState<BotStats['active_users'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [templates, setTemplates] = useState<PublicTemplate[]>([]);
  const whole = useLatest();
  const codesRequest = useLatest();
  const usersRequest = useLatest();

  useEffect(() => {
    api.templates().then(setTemplates, () => undefined);
  }, []);
  useEffect(() => {
    setLoading(true);
    whole(
      fetchStats(filter, codes?.q ?? ''),
      (answer) => {
        setStats(answer);
        setCodes(answer.popular_coupons);
        setUsers(answer.active_users);
        setError(null);
        setLoading(false);
      },
      (message) => {
        setError(message);
        setLoading(false);
      },
    );
  }, [filter]);
  const pageCodes = (page: number, q: string) =>
    codesRequest(fetchCodes(filter, { page, q }), (answer) => setCodes(answer), setError);
  const pageUsers = (page: number) =>
    usersRequest(fetchActiveUsers(filter, page), (answer) => setUsers(answer), setError);

  const empty = stats && stats.total_uses + stats.invalid_attempts + stats.unavailable_attempts === 0;
  return (
    <section class="analytics" aria-labelledby="analytics-title" aria-busy={loading}>
      <div class="section-head">
        <h2 id="analytics-title">Analytics</h2>
        {stats && <span class="hint">Times in {stats.timezone}</span>}
      </div>
      <Filters filter={filter} templates={templates} onChange={setFilter} />
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {!stats ? (
        <p class="loading">Loading…</p>
      ) : empty ? (
        <div class="panel analytics-empty" role="status">
          <p>
            <strong>No usage in this period.</strong>
          </p>
          <p class="hint">
            Images made on the web, in Telegram or through the API show up here. Try a longer period or another source.
          </p>
        </div>
      ) : (
        <>
          <Cards stats={stats} />
          <UsageChart stats={stats} />
          <Downloads filter={filter} />
          <div class="analytics-grid">
            <PopularCodes
              codes={codes ?? stats.popular_coupons}
              onPage={(page) => pageCodes(page, codes?.q ?? '')}
              onSearch={(q) => pageCodes(1, q)}
            />
            <div class="analytics-stack">
              <TopTemplates items={stats.popular_templates} />
              <ErrorBreakdown items={stats.errors} />
              <InvalidCodes items={stats.invalid_codes} timeZone={stats.timezone} />
              <Retention retention={stats.retention} />
            </div>
            <ActiveUsers users={users ?? stats.active_users} timeZone={stats.timezone} onPage={pageUsers} />
            <Heatmap heatmap={stats.heatmap} timeZone={stats.timezone} />
          </div>
        </>
      )}
    </section>
  );
}
