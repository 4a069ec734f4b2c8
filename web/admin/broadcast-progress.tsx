import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, type BroadcastJob } from '../shared/api.js';
import {
  audienceLabel,
  averageRate,
  excerpt,
  formatCount,
  formatEta,
  formatRate,
  isActive,
  progressPercent,
  STATUS_LABELS,
} from './broadcast-format.js';
import { messageOf } from './broadcast-state.js';
import { ConfirmDialog } from './confirm-dialog.js';

const POLL_MS = 1000;
/** After a failed poll (server restarting, network blip): ask again, less often. */
const RETRY_MS = 3000;

/** BRD-4: one broadcast's live status, asked for every second while it is queued or running. */
function useLiveJob(id: number, onChange: (job: BroadcastJob) => void) {
  const [job, setJob] = useState<BroadcastJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const report = useRef(onChange);
  report.current = onChange;
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const { job: fresh } = await api.broadcastStatus(id);
        if (stopped) return;
        setJob(fresh);
        setError(null);
        report.current(fresh);
        if (isActive(fresh.status)) timer = setTimeout(poll, POLL_MS);
      } catch (err) {
        if (stopped) return;
        // Gone, or the session ended: asking again would not help.
        if (err instanceof ApiError && (err.status === 404 || err.status === 401)) return setError(messageOf(err));
        setError(`Lost contact with the server (${messageOf(err)}); trying again…`);
        timer = setTimeout(poll, RETRY_MS);
      }
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [id, tick]);
  const replace = (fresh: BroadcastJob) => {
    setJob(fresh);
    report.current(fresh);
  };
  return { job, error, replace, refresh: () => setTick((n) => n + 1) };
}

export function BroadcastProgress({
  id,
  justSent,
  onChange,
}: {
  id: number;
  /** Just created here: focus moves to the progress (else it was found running when the section opened). */
  justSent: boolean;
  onChange: (job: BroadcastJob) => void;
}) {
  const { job, error, replace, refresh } = useLiveJob(id, onChange);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!justSent) return;
    heading.current?.focus({ preventScroll: true });
    heading.current?.scrollIntoView({ block: 'start' });
  }, [id]);

  async function cancel() {
    setBusy(true);
    setCancelError(null);
    try {
      replace((await api.cancelBroadcast(id)).job);
    } catch (err) {
      setCancelError(messageOf(err));
      refresh();
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  const active = job ? isActive(job.status) : true;
  const percent = job ? progressPercent(job) : 0;
  const stats: [string, string][] = job
    ? [
        ['Sent', formatCount(job.sent)],
        ['Blocked', formatCount(job.blocked)],
        ['Failed', formatCount(job.failed)],
        ['Remaining', formatCount(job.remaining)],
        active ? ['Rate', formatRate(job.rate_per_sec)] : ['Average rate', formatRate(averageRate(job))],
        ['Time left', active ? formatEta(job.eta_seconds) : '—'],
      ]
    : [];
  return (
    <section class="panel progress-panel" aria-labelledby="broadcast-progress-title" data-status={job?.status}>
      <h3 id="broadcast-progress-title" tabIndex={-1} ref={heading}>
        Broadcast #{id}: {job ? STATUS_LABELS[job.status] : 'Loading…'}
      </h3>
      <p class="visually-hidden" role="status">
        {job ? `Broadcast #${id}: ${STATUS_LABELS[job.status]}` : ''}
      </p>
      {job && (
        <>
          <p class="hint">
            “{excerpt(job.message, 80)}” · {audienceLabel(job.days)} · {formatCount(job.total)} recipients
          </p>
          <div class="progress-line">
            <progress max={100} value={percent} aria-label="Broadcast progress" aria-valuetext={`${percent} %`} />
            <span class="percent">{percent} %</span>
          </div>
          <dl class="progress-stats">
            {stats.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          {job.status === 'queued' && (
            <p class="hint">Waiting for the worker to start sending: usually seconds, at most a minute.</p>
          )}
          {job.error && <p class="form-error">{job.error}</p>}
        </>
      )}
      {error && (
        <p class="status" data-state="error" role="status">
          {error}
        </p>
      )}
      {job && active && (
        <div class="action-buttons">
          <button
            type="button"
            class="danger"
            aria-haspopup="dialog"
            aria-expanded={confirming}
            onClick={() => setConfirming(!confirming)}
          >
            Cancel broadcast
          </button>
        </div>
      )}
      {confirming && job && active && (
        <ConfirmDialog
          title={`Stop broadcast #${id}?`}
          confirmLabel="Stop sending"
          cancelLabel="Keep sending"
          busy={busy}
          onConfirm={() => void cancel()}
          onCancel={() => setConfirming(false)}
        >
          <p>The {formatCount(job.remaining)} recipients not reached yet will not get it. This cannot be resumed.</p>
        </ConfirmDialog>
      )}
      {cancelError && (
        <p class="form-error" role="alert">
          {cancelError}
        </p>
      )}
    </section>
  );
}
