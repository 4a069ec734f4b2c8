import { useEffect, useRef, useState } from 'preact/hooks';
import { PLATFORM_NAMES, PLATFORMS, type Platform } from '../../src/shared/campaign-platforms.js';
import { toLocalInputValue } from '../../src/shared/time-zone.js';
import { type AdminCampaign, type CampaignBody, campaignsApi } from '../shared/campaigns-api.js';
import { leaveThen, pendingLeave, unsavedWork } from './admin-state.js';
import { CAMPAIGN_STATUS_LABELS, campaignErrorsOf } from './campaign-format.js';
import { OverlayField } from './campaign-overlay.js';
import { FieldError } from './fields.js';
import { LeavePrompt } from './leave-prompt.js';

interface Draft {
  title: string;
  description: string;
  start: string;
  end: string;
  prize: string;
  platforms: Platform[];
  overlayUrl: string | null;
  /** Only a changed overlay is sent: an edit that leaves it alone keeps the saved one. */
  overlayChanged: boolean;
}

function draftOf(campaign: AdminCampaign | null, timeZone: string): Draft {
  if (campaign)
    return {
      title: campaign.title,
      description: campaign.description,
      start: toLocalInputValue(new Date(campaign.start_date), timeZone),
      end: toLocalInputValue(new Date(campaign.end_date), timeZone),
      prize: campaign.prize,
      platforms: PLATFORMS.filter((p) => campaign.platforms.includes(p)),
      overlayUrl: campaign.overlay_url,
      overlayChanged: false,
    };
  // A new campaign starts at the next full hour and runs two weeks: the admin adjusts rather than types from nothing.
  const start = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
  return {
    title: '',
    description: '',
    start: toLocalInputValue(start, timeZone),
    end: toLocalInputValue(new Date(start.getTime() + 14 * 86_400_000), timeZone),
    prize: '',
    platforms: ['instagram'],
    overlayUrl: null,
    overlayChanged: false,
  };
}

const bodyOf = (draft: Draft): CampaignBody => ({
  title: draft.title,
  description: draft.description,
  start_date: draft.start,
  end_date: draft.end,
  prize: draft.prize,
  platforms: draft.platforms,
  ...(draft.overlayChanged ? { overlay_url: draft.overlayUrl } : {}),
});

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
  const [draft, setDraft] = useState(() => draftOf(campaign, timeZone));
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

  const change = (patch: Partial<Draft>, field?: string) => {
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

  const invalid = (field: string) =>
    errors[field]
      ? { 'aria-invalid': 'true' as const, 'aria-describedby': `campaign-${field}-error` }
      : { 'aria-describedby': `campaign-${field}-error` };
  const text = (field: 'title' | 'prize', label: string, max: number) => (
    <div class="campaign-field">
      <label>
        {label}
        <input
          value={draft[field]}
          maxLength={max}
          data-field={field}
          {...invalid(field)}
          onInput={(e) => change({ [field]: (e.currentTarget as HTMLInputElement).value }, field)}
        />
      </label>
      <FieldError id={`campaign-${field}-error`} message={errors[field]} />
    </div>
  );
  const when = (field: 'start_date' | 'end_date', key: 'start' | 'end', label: string) => (
    <div class="campaign-field">
      <label for={`campaign-${field}`}>{label}</label>
      <span class="zoned">
        <input
          id={`campaign-${field}`}
          type="datetime-local"
          value={draft[key]}
          data-field={field}
          {...invalid(field)}
          onInput={(e) => change({ [key]: (e.currentTarget as HTMLInputElement).value }, field)}
        />
        <span class="zone">{timeZone}</span>
      </span>
      <FieldError id={`campaign-${field}-error`} message={errors[field]} />
    </div>
  );

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
          {text('title', 'Title', 120)}
          <div class="campaign-field">
            <label>
              Description (plain text)
              <textarea
                value={draft.description}
                maxLength={2000}
                rows={5}
                data-field="description"
                {...invalid('description')}
                onInput={(e) => change({ description: (e.currentTarget as HTMLTextAreaElement).value }, 'description')}
              />
            </label>
            <FieldError id="campaign-description-error" message={errors.description} />
          </div>
          <fieldset class="campaign-dates">
            <legend>Dates</legend>
            <p class="hint">Times are in {timeZone} (the server’s ANALYTICS_TZ), whatever this device’s zone is.</p>
            {when('start_date', 'start', 'Start')}
            {when('end_date', 'end', 'End')}
          </fieldset>
          {text('prize', 'Prize', 200)}
          <fieldset class="campaign-platforms" aria-describedby="campaign-platforms-error">
            <legend>Platforms entrants post on</legend>
            <div class="platform-choices">
              {PLATFORMS.map((platform) => (
                <label class="check" key={platform}>
                  <input
                    type="checkbox"
                    checked={draft.platforms.includes(platform)}
                    data-field="platforms"
                    {...invalid('platforms')}
                    onChange={(e) => {
                      const on = (e.currentTarget as HTMLInputElement).checked;
                      const next = on ? [...draft.platforms, platform] : draft.platforms.filter((p) => p !== platform);
                      change({ platforms: PLATFORMS.filter((p) => next.includes(p)) }, 'platforms');
                    }}
                  />{' '}
                  {PLATFORM_NAMES[platform]}
                </label>
              ))}
            </div>
            <FieldError id="campaign-platforms-error" message={errors.platforms} />
          </fieldset>
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
