import { platformName } from '../../src/shared/campaign-platforms.js';
import type { AdminCampaign } from '../shared/campaigns-api.js';
import { CAMPAIGN_STATUS_LABELS, formatInZone } from './campaign-format.js';
import { ConfirmDialog } from './confirm-dialog.js';

const entriesLabel = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`;

/** One campaign in the admin list: status, dates in ANALYTICS_TZ, entry count; Edit, Entries, Delete (asks beside). */
export function CampaignRow({
  campaign,
  timeZone,
  confirming,
  busy,
  onEdit,
  onEntries,
  onAskDelete,
  onCancelDelete,
  onDelete,
}: {
  campaign: AdminCampaign;
  timeZone: string;
  confirming: boolean;
  busy: boolean;
  onEdit: () => void;
  onEntries: () => void;
  onAskDelete: () => void;
  onCancelDelete: () => void;
  onDelete: () => void;
}) {
  return (
    <li>
      {campaign.overlay_url ? (
        <img src={campaign.overlay_url} alt="" loading="lazy" class="overlay-thumb" />
      ) : (
        <span class="overlay-thumb no-overlay" />
      )}
      <div class="meta">
        <div class="campaign-head">
          <strong>{campaign.title}</strong>
          <span class="badge" data-status={campaign.status}>
            {CAMPAIGN_STATUS_LABELS[campaign.status]}
          </span>
        </div>
        <span>
          {formatInZone(campaign.start_date, timeZone)} – {formatInZone(campaign.end_date, timeZone)}
        </span>
        <span>
          {entriesLabel(campaign.entries)} · {campaign.platforms.map(platformName).join(', ')}
          {campaign.prize ? ` · Prize: ${campaign.prize}` : ''}
        </span>
      </div>
      <div class="row-actions">
        <a
          class="button"
          href={`/campaign/${campaign.id}`}
          target="_blank"
          rel="noopener"
          aria-label={`Public page of ${campaign.title}`}
        >
          Open page
        </a>
        <button type="button" onClick={onEntries} aria-label={`Entries for ${campaign.title}`}>
          Entries ({campaign.entries})
        </button>
        <button type="button" onClick={onEdit} aria-label={`Edit ${campaign.title}`}>
          Edit
        </button>
        <button
          type="button"
          class="danger"
          aria-haspopup="dialog"
          aria-expanded={confirming}
          onClick={confirming ? onCancelDelete : onAskDelete}
          aria-label={`Delete ${campaign.title}`}
        >
          Delete
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title={`Delete “${campaign.title}”?`}
          confirmLabel="Delete"
          busy={busy}
          onConfirm={onDelete}
          onCancel={onCancelDelete}
        >
          <p>
            Its page stops working and it leaves the home page. Its {entriesLabel(campaign.entries)}{' '}
            {campaign.entries === 1 ? 'is' : 'are'} kept in the database.
          </p>
        </ConfirmDialog>
      )}
    </li>
  );
}
