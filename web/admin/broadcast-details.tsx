import { useEffect, useState } from 'preact/hooks';
import { api, type BroadcastJob, type Problems } from '../shared/api.js';
import { audienceLabel, countsLine, formatCount, formatWhen } from './broadcast-format.js';
import { messageOf } from './broadcast-state.js';

type Problem = Problems['problems'][number];

const NONE_UNREACHED: Record<BroadcastJob['status'], string> = {
  queued: 'Nobody so far.',
  running: 'Nobody so far.',
  completed: 'Nobody: everyone was reached.',
  cancelled: 'Nobody before it was cancelled.',
  failed: 'Nobody.',
};

function imageLine(job: BroadcastJob): string {
  if (!job.image) return 'None';
  return job.image.source === 'template' ? `Artwork of the template ${job.image.slug ?? ''}`.trim() : 'Uploaded image';
}

function ProblemRow({ problem }: { problem: Problem }) {
  return (
    <li>
      <div class="problem-head">
        <strong>{problem.name ?? 'Unknown name'}</strong>
        <span class="hint">chat {problem.chat_id}</span>
        <span class="badge" data-status={problem.status}>
          {problem.status === 'blocked' ? 'Blocked' : 'Failed'}
        </span>
      </div>
      <p class="problem-error">{problem.error ?? 'Telegram gave no reason.'}</p>
      <p class="hint">
        {problem.attempts} {problem.attempts === 1 ? 'attempt' : 'attempts'}
        {problem.at ? ` · ${formatWhen(problem.at)}` : ''}
      </p>
    </li>
  );
}

/** One broadcast in full, and the recipients it could not reach with Telegram's reason (50 a page). */
export function BroadcastDetails({ job, id }: { job: BroadcastJob; id: string }) {
  const [page, setPage] = useState(1);
  const [problems, setProblems] = useState<Problems | null>(null);
  const [error, setError] = useState<string | null>(null);
  const unreached = job.blocked + job.failed;
  useEffect(() => {
    let stale = false;
    api.broadcastProblems(job.id, page).then(
      (answer) => {
        if (stale) return;
        setProblems(answer);
        setError(null);
      },
      (err: unknown) => !stale && setError(`The problems could not be loaded: ${messageOf(err)}`),
    );
    return () => {
      stale = true;
    };
  }, [job.id, page, unreached]);
  const pages = problems ? Math.max(1, Math.ceil(problems.total / problems.page_size)) : 1;
  return (
    <div class="details" id={id}>
      <dl class="settings">
        <dt>Message</dt>
        <dd class="full-message">{job.message}</dd>
        <dt>Image</dt>
        <dd>{imageLine(job)}</dd>
        <dt>Audience</dt>
        <dd>{audienceLabel(job.days)}</dd>
        <dt>Outcome</dt>
        <dd>{countsLine(job)}</dd>
        <dt>Created</dt>
        <dd>{formatWhen(job.created_at)}</dd>
        <dt>Started</dt>
        <dd>{formatWhen(job.started_at)}</dd>
        <dt>Finished</dt>
        <dd>{formatWhen(job.finished_at)}</dd>
        {job.error && (
          <>
            <dt>Error</dt>
            <dd>{job.error}</dd>
          </>
        )}
      </dl>
      <h4>Not reached</h4>
      {error && <p class="form-error">{error}</p>}
      {problems &&
        (problems.total === 0 ? (
          <p class="hint">{NONE_UNREACHED[job.status]}</p>
        ) : (
          <>
            <ul class="problems" aria-label={`Recipients broadcast #${job.id} did not reach`}>
              {problems.problems.map((problem) => (
                <ProblemRow key={problem.chat_id} problem={problem} />
              ))}
            </ul>
            {pages > 1 && (
              <div class="pager">
                <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                  Previous
                </button>
                <span>
                  Page {page} of {pages} ({formatCount(problems.total)})
                </span>
                <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                  Next
                </button>
              </div>
            )}
          </>
        ))}
    </div>
  );
}
