import { useEffect, useState } from 'preact/hooks';
import { api, type BroadcastJob, type JobList } from '../shared/api.js';
import { BroadcastDetails } from './broadcast-details.js';
import { audienceLabel, countsLine, excerpt, formatWhen, STATUS_LABELS } from './broadcast-format.js';
import { messageOf } from './broadcast-state.js';

function HistoryRow({ job, open, onToggle }: { job: BroadcastJob; open: boolean; onToggle: () => void }) {
  const detailsId = `broadcast-${job.id}-details`;
  return (
    <li>
      <div class="history-head">
        <strong>#{job.id}</strong>
        <span class="badge" data-status={job.status}>
          {STATUS_LABELS[job.status]}
        </span>
        <time dateTime={job.created_at}>{formatWhen(job.created_at)}</time>
      </div>
      <p class="history-excerpt">{excerpt(job.message)}</p>
      <p class="hint">
        {audienceLabel(job.days)}
        {job.image ? ' · with image' : ''} · {countsLine(job)}
      </p>
      <div class="row-actions">
        <button
          type="button"
          aria-expanded={open}
          aria-controls={open ? detailsId : undefined}
          aria-label={`Details for broadcast #${job.id}`}
          onClick={onToggle}
        >
          {open ? 'Hide details' : 'Details'}
        </button>
      </div>
      {open && <BroadcastDetails job={job} id={detailsId} />}
    </li>
  );
}

/**
 * BRD-4: the broadcasts sent so far, newest first, 20 a page. `version` changes when one is created or ends; `live`
 * is the one being followed, whose row shows its latest counts without asking for the whole page again.
 */
export function BroadcastHistory({ version, live }: { version: number; live: BroadcastJob | null }) {
  const [page, setPage] = useState(1);
  const [list, setList] = useState<JobList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  useEffect(() => {
    let stale = false;
    api.broadcastJobs(page).then(
      (answer) => {
        if (stale) return;
        setList(answer);
        setError(null);
      },
      (err: unknown) => !stale && setError(`The history could not be loaded: ${messageOf(err)}`),
    );
    return () => {
      stale = true;
    };
  }, [page, version]);
  const jobs = (list?.jobs ?? []).map((job) => (live && job.id === live.id ? live : job));
  const pages = list ? Math.max(1, Math.ceil(list.total / list.page_size)) : 1;
  return (
    <section class="history" aria-labelledby="broadcast-history-title">
      <h3 id="broadcast-history-title">History</h3>
      {error && <p class="form-error">{error}</p>}
      {list === null ? (
        !error && <p>Loading…</p>
      ) : list.total === 0 ? (
        <p class="hint">No broadcasts yet.</p>
      ) : (
        <>
          <ul class="history-list" aria-label="Broadcast history">
            {jobs.map((job) => (
              <HistoryRow
                key={job.id}
                job={job}
                open={open === job.id}
                onToggle={() => setOpen(open === job.id ? null : job.id)}
              />
            ))}
          </ul>
          {pages > 1 && (
            <nav class="pager" aria-label="History pages">
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
        </>
      )}
    </section>
  );
}
