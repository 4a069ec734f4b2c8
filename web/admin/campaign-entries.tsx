import { useEffect, useRef, useState } from 'preact/hooks';
import { platformName } from '../../src/shared/campaign-platforms.js';
import { ApiError } from '../shared/api.js';
import { type AdminCampaign, campaignsApi, type SubmissionList } from '../shared/campaigns-api.js';
import { formatInZone } from './campaign-format.js';

const SEARCH_PAUSE_MS = 300;

/** CMP-4 for the admin: one campaign's entries, newest first, 50 a page, searchable by email, exportable as CSV. */
export function CampaignEntries({
  campaign,
  timeZone,
  onBack,
}: {
  campaign: AdminCampaign;
  timeZone: string;
  onBack: () => void;
}) {
  const [page, setPage] = useState(1);
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  const [list, setList] = useState<SubmissionList | null>(null);
  const [error, setError] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    const timer = setTimeout(() => {
      setQuery(typed.trim());
      setPage(1);
    }, SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [typed]);
  useEffect(() => {
    let stale = false;
    campaignsApi.submissions(campaign.id, { page, q: query }).then(
      (answer) => {
        if (stale) return;
        setList(answer);
        setError('');
      },
      (err: unknown) =>
        !stale && setError(`The entries could not be loaded: ${err instanceof ApiError ? err.message : 'try again'}`),
    );
    return () => {
      stale = true;
    };
  }, [campaign.id, page, query]);

  const pages = list ? Math.max(1, Math.ceil(list.total / list.page_size)) : 1;
  const counted = list
    ? query
      ? `${list.total} ${list.total === 1 ? 'entry matches' : 'entries match'} “${query}”`
      : `${list.total} ${list.total === 1 ? 'entry' : 'entries'}, newest first`
    : '';
  return (
    <section class="campaign-entries" aria-labelledby="campaign-entries-title">
      <div class="section-head">
        <h2 id="campaign-entries-title" ref={heading} tabIndex={-1}>
          Entries for “{campaign.title}”
        </h2>
        <button type="button" onClick={onBack}>
          Back to campaigns
        </button>
      </div>
      <div class="entries-tools">
        <label>
          Search by email
          <input type="search" value={typed} onInput={(e) => setTyped((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <a class="button" href={campaignsApi.csvUrl(campaign.id)} download>
          Download CSV
        </a>
      </div>
      <p class="status" role="status">
        {error || counted}
      </p>
      {list && list.submissions.length > 0 && (
        <ul class="entries-list" aria-label="Entries">
          {list.submissions.map((entry) => (
            <li key={entry.email}>
              <strong>{entry.email}</strong>
              <ul class="entry-links">
                {Object.entries(entry.urls).map(([platform, url]) => (
                  <li key={platform}>
                    {platformName(platform)}:{' '}
                    <a href={url} target="_blank" rel="noopener noreferrer nofollow">
                      {url}
                    </a>
                  </li>
                ))}
              </ul>
              <span class="hint">
                Sent <time dateTime={entry.submitted_at}>{formatInZone(entry.submitted_at, timeZone)}</time>
                {entry.updated_at !== entry.submitted_at && (
                  <>
                    {' '}
                    · updated <time dateTime={entry.updated_at}>{formatInZone(entry.updated_at, timeZone)}</time>
                  </>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      {list && list.total === 0 && !query && <p class="hint">No entries yet.</p>}
      {list && list.total > 0 && <p class="hint">Times are in {timeZone}.</p>}
      {pages > 1 && (
        <nav class="pager" aria-label="Entry pages">
          <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            Newer
          </button>
          <span>
            Page {page} of {pages}
          </span>
          <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
            Older
          </button>
        </nav>
      )}
    </section>
  );
}
