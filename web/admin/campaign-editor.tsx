import { useEffect, useRef, useState } from 'preact/hooks';
import { type AdminCampaign, campaignsApi } from '../shared/campaigns-api.js';
import { leaveThen, pendingLeave, unsavedWork } from './admin-state.js';
import { bodyOf, type CampaignDraft, draftOf } from './campaign-draft.js';
import { PlatformsField, TextField, ZonedDateField } from './campaign-fields.js';
import { CAMPAIGN_STATUS_LABELS, campaignErrorsOf } from './campaign-format.js';
import { OverlayField } from './campaign-overlay.js';
import { LeavePrompt } from './leave-prompt.js';

/** CMP-1: create or edit one campaign; dates are entered on the ANALYTICS_TZ wall clock, which the form names. */
export function CampaignEditor({
  campaign,
  timeZone,
  onDone,
}: {
  campaign: AdminCampaign | null;
  timeZone: string;
  onDone: (saved: { title: string; status: AdminCampaign['status'] } | null) => void;
}) {
  const [draft, setDraft] = useState(() => draftOf(campaign, { timeZone, now: new Date() }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [attempt, setAttempt] = useState(0);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    unsavedWork.value = dirty ? (campaign ? `“${campaign.title}”` : 'the new campaign') : null;
  }, [dirty]);
  useEffect(
    () => () => {
      unsavedWork.value = null;
      pendingLeave.value = null;
    },
    [],
  );
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  // After a failed save: the first field in error (else the message at the Save button) is scrolled to and focused.
  useEffect(() => {
    if (attempt === 0) return;
    const target = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? messageRef.current;
    target?.scrollIntoView({ block: 'center' });
    target?.focus({ preventScroll: true });
  }, [attempt]);

  const change = (patch: Partial<CampaignDraft>, field?: string) => {
    setDraft((current) => ({ ...current, ...patch }));
    setDirty(true);
    if (field && errors[field]) {
      // The last problem fixed: the "Not saved. Check…" line has nothing left to point at.
      if (Object.keys(errors).length === 1) setMessage('');
      setErrors(({ [field]: _, ...rest }) => rest);
    }
  };

  async function save(event: Event) {
    event.preventDefault();
    setMessage('');
    setSaving(true);
    setErrors({});
    try {
      const saved = campaign
        ? await campaignsApi.update(campaign.id, bodyOf(draft))
        : await campaignsApi.create(bodyOf(draft));
      setDirty(false);
      unsavedWork.value = null;
      onDone({ title: saved.title, status: saved.status });
    } catch (error) {
      const result = campaignErrorsOf(error);
      setErrors(result.fields);
      setMessage(result.form);
      setAttempt((n) => n + 1);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form
      ref={form}
      class="editor campaign-editor"
      onSubmit={save}
      aria-label={campaign ? `Edit ${campaign.title}` : 'New campaign'}
      noValidate
    >
      <h2>{campaign ? `Edit “${campaign.title}”` : 'New campaign'}</h2>
      {campaign && (
        <p class="hint">
          Now {CAMPAIGN_STATUS_LABELS[campaign.status].toLowerCase()}; changing the dates changes that.{' '}
          {campaign.entries} {campaign.entries === 1 ? 'entry' : 'entries'} so far.
        </p>
      )}
      <div class="campaign-form">
        <div class="campaign-fields">
          <TextField
            field="title"
            label="Title"
            value={draft.title}
            max={120}
            error={errors.title}
            onValue={(title) => change({ title }, 'title')}
          />
          <TextField
            field="description"
            label="Description (plain text)"
            value={draft.description}
            max={2000}
            multiline
            error={errors.description}
            onValue={(description) => change({ description }, 'description')}
          />
          <fieldset class="campaign-dates">
            <legend>Dates</legend>
            <p class="hint">Times are in {timeZone} (the server’s ANALYTICS_TZ), whatever this device’s zone is.</p>
            <ZonedDateField
              field="start_date"
              label="Start"
              value={draft.start}
              timeZone={timeZone}
              error={errors.start_date}
              onValue={(start) => change({ start }, 'start_date')}
            />
            <ZonedDateField
              field="end_date"
              label="End"
              value={draft.end}
              timeZone={timeZone}
              error={errors.end_date}
              onValue={(end) => change({ end }, 'end_date')}
            />
          </fieldset>
          <TextField
            field="prize"
            label="Prize"
            value={draft.prize}
            max={200}
            error={errors.prize}
            onValue={(prize) => change({ prize }, 'prize')}
          />
          <PlatformsField
            value={draft.platforms}
            error={errors.platforms}
            onValue={(platforms) => change({ platforms }, 'platforms')}
          />
        </div>
        <OverlayField
          url={draft.overlayUrl}
          error={errors.overlay_url}
          onUploaded={(url) => change({ overlayUrl: url, overlayChanged: true }, 'overlay_url')}
          onError={(problem) => setErrors((current) => ({ ...current, overlay_url: problem }))}
          onRemove={() => change({ overlayUrl: null, overlayChanged: true }, 'overlay_url')}
        />
      </div>
      <div class="actions">
        <div class="action-buttons">
          <button type="submit" class="primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save campaign'}
          </button>
          <button
            type="button"
            onClick={() => leaveThen({ origin: 'editor', action: 'close the editor', proceed: () => onDone(null) })}
            aria-expanded={pendingLeave.value?.origin === 'editor'}
          >
            Cancel
          </button>
        </div>
        <p ref={messageRef} class="form-error" role="alert" tabIndex={-1}>
          {message}
        </p>
        <LeavePrompt origin="editor" />
      </div>
    </form>
  );
}
