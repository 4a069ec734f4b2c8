import type { PublicTemplate } from '../shared/api.js';
import { ConfirmDialog } from './confirm-dialog.js';

/** One template in the admin list: select, thumbnail, name, Telegram toggle, Edit, Delete (asks beside the row). */
export function TemplateRow({
  template,
  selected,
  confirming,
  busy,
  onSelect,
  onToggleTelegram,
  onEdit,
  onAskDelete,
  onCancelDelete,
  onDelete,
}: {
  template: PublicTemplate;
  selected: boolean;
  confirming: boolean;
  busy: boolean;
  onSelect: () => void;
  onToggleTelegram: (enabled: boolean) => void;
  onEdit: () => void;
  onAskDelete: () => void;
  onCancelDelete: () => void;
  onDelete: () => void;
}) {
  const variant = template.square ?? template.story;
  return (
    <li>
      <input type="checkbox" aria-label={`Select ${template.name}`} checked={selected} onChange={onSelect} />
      {variant ? <img src={variant.thumbUrl} alt="" loading="lazy" /> : <span class="thumb-placeholder" />}
      <div class="meta">
        <strong>{template.name}</strong>
        <code>{template.slug}</code>
        <span>{[template.square && 'Square', template.story && 'Portrait'].filter(Boolean).join(' + ')}</span>
      </div>
      <div class="row-actions">
        <label class="check">
          <input
            type="checkbox"
            aria-label={`Show ${template.name} in Telegram`}
            checked={template.telegramEnabled}
            onChange={(e) => onToggleTelegram((e.currentTarget as HTMLInputElement).checked)}
          />{' '}
          Telegram
        </label>
        <button type="button" onClick={onEdit} aria-label={`Edit ${template.name}`}>
          Edit
        </button>
        <button
          type="button"
          class="danger"
          aria-haspopup="dialog"
          aria-expanded={confirming}
          onClick={confirming ? onCancelDelete : onAskDelete}
          aria-label={`Delete ${template.name}`}
        >
          Delete
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title={`Delete “${template.name}”?`}
          confirmLabel="Delete"
          busy={busy}
          onConfirm={onDelete}
          onCancel={onCancelDelete}
        >
          <p>
            The template <strong>{template.name}</strong> ({template.slug}) and its images are deleted for good.
          </p>
        </ConfirmDialog>
      )}
    </li>
  );
}
