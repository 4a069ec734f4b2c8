import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, type PublicTemplate } from '../shared/api.js';
import { editing } from './admin-state.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { TemplateEditor } from './template-editor.js';
import { TemplateRow } from './template-row.js';
import { matchesSearch, offersSearch } from './template-search.js';

type Confirming = { kind: 'bulk' } | { kind: 'one'; slug: string } | null;
const plural = (n: number) => `${n} template${n === 1 ? '' : 's'}`;

/** ADM-2 list: thumbnails, Telegram toggles (state from the database), edit, delete one, select + bulk delete. */
export function TemplatesSection() {
  const [templates, setTemplates] = useState<PublicTemplate[] | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [busy, setBusy] = useState(false);
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState('');
  const statusRef = useRef<HTMLParagraphElement>(null);

  const reload = async () => {
    try {
      const fresh = await api.templates();
      setTemplates(fresh);
      setSelected((current) => new Set(fresh.filter((t) => current.has(t.slug)).map((t) => t.slug)));
    } catch {
      setStatus("The templates couldn't be loaded. Reload to try again.");
    }
  };
  useEffect(() => {
    void reload();
  }, []);

  const all = templates ?? [];
  // The bulk confirmation always names what is ticked now: unticking a row after opening it takes that row out.
  const ticked = all.filter((t) => selected.has(t.slug));
  useEffect(() => {
    if (confirming?.kind === 'bulk' && ticked.length === 0) setConfirming(null);
  }, [confirming, ticked.length]);

  const open = editing.value;
  if (open) {
    return (
      <TemplateEditor
        template={open === 'new' ? null : open}
        onDone={(saved) => {
          editing.value = null;
          if (saved) setStatus('Template saved.');
          void reload();
        }}
      />
    );
  }

  async function toggle(template: PublicTemplate, enabled: boolean) {
    // Show the new state at once; the reload below puts back the database's truth if the change was refused.
    setTemplates(
      (list) => list?.map((t) => (t.slug === template.slug ? { ...t, telegramEnabled: enabled } : t)) ?? null,
    );
    try {
      await api.toggleTelegram(template.slug, enabled);
      setStatus(`${template.name} is ${enabled ? 'shown in' : 'hidden from'} Telegram.`);
    } catch (error) {
      setStatus(error instanceof ApiError ? error.message : 'The change could not be saved.');
    }
    await reload();
  }

  async function remove(doomed: PublicTemplate[]) {
    setBusy(true);
    try {
      const { deleted } = await api.deleteTemplates(doomed.map((t) => t.slug));
      const names = doomed.filter((t) => deleted.includes(t.slug)).map((t) => t.name);
      setStatus(`Deleted ${plural(deleted.length)}: ${names.join(', ')}.`);
    } catch (error) {
      setStatus(error instanceof ApiError ? error.message : 'Deleting failed.');
    }
    setBusy(false);
    setConfirming(null);
    await reload();
    statusRef.current?.focus();
  }

  const shown = query ? all.filter((t) => matchesSearch(t, query)) : all;
  const allShownSelected = shown.length > 0 && shown.every((t) => selected.has(t.slug));
  const selectShown = (on: boolean) => {
    const next = new Set(selected);
    for (const t of shown) on ? next.add(t.slug) : next.delete(t.slug);
    setSelected(next);
  };
  const flip = (slug: string) => {
    const next = new Set(selected);
    next.has(slug) ? next.delete(slug) : next.add(slug);
    setSelected(next);
  };

  return (
    <section aria-labelledby="templates-title">
      <div class="section-head">
        <h2 id="templates-title">Templates</h2>
        <button type="button" class="primary" onClick={() => (editing.value = 'new')}>
          New template
        </button>
      </div>
      <p class="status" role="status" tabIndex={-1} ref={statusRef}>
        {status}
      </p>
      {templates === null ? (
        <p>Loading…</p>
      ) : all.length === 0 ? (
        <p>No templates yet. Create the first one.</p>
      ) : (
        <>
          {offersSearch(all.length) && (
            <div class="search">
              <label>
                Search templates
                <input
                  type="search"
                  value={query}
                  onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
                />
              </label>
              <span class="hint" aria-live="polite">
                {query ? `${shown.length} of ${plural(all.length)} shown` : ''}
              </span>
            </div>
          )}
          <div class="bulk">
            <label class="check">
              <input type="checkbox" checked={allShownSelected} onChange={() => selectShown(!allShownSelected)} />{' '}
              Select all
            </label>
            <button
              type="button"
              class="danger"
              disabled={ticked.length === 0}
              aria-haspopup="dialog"
              aria-expanded={confirming?.kind === 'bulk'}
              onClick={() => setConfirming(confirming?.kind === 'bulk' ? null : { kind: 'bulk' })}
            >
              Delete selected ({ticked.length})
            </button>
          </div>
          {confirming?.kind === 'bulk' && (
            <ConfirmDialog
              title={`Delete ${plural(ticked.length)}?`}
              confirmLabel="Delete"
              busy={busy}
              onConfirm={() => void remove(ticked)}
              onCancel={() => setConfirming(null)}
            >
              <ul class="doomed">
                {ticked.map((t) => (
                  <li key={t.slug}>{t.name}</li>
                ))}
              </ul>
              <p>
                {ticked.length === 1 ? 'It is' : 'They are'} deleted for good, with their images. Untick a template to
                keep it.
              </p>
            </ConfirmDialog>
          )}
          {shown.length === 0 && <p>No template matches “{query}”.</p>}
          <ul class="template-list" aria-label="Templates">
            {shown.map((template) => (
              <TemplateRow
                key={template.slug}
                template={template}
                selected={selected.has(template.slug)}
                confirming={confirming?.kind === 'one' && confirming.slug === template.slug}
                busy={busy}
                onSelect={() => flip(template.slug)}
                onToggleTelegram={(enabled) => void toggle(template, enabled)}
                onEdit={() => (editing.value = template)}
                onAskDelete={() => setConfirming({ kind: 'one', slug: template.slug })}
                onCancelDelete={() => setConfirming(null)}
                onDelete={() => void remove([template])}
              />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
