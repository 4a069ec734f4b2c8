import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, type PublicTemplate } from '../shared/api.js';
import { TemplateEditor } from './template-editor.js';

/** ADM-2 list: thumbnails, Telegram toggles (state from the database), edit, delete one, select + bulk delete. */
export function TemplatesSection() {
  const [templates, setTemplates] = useState<PublicTemplate[] | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<PublicTemplate | 'new' | null>(null);
  const [confirming, setConfirming] = useState<string[] | null>(null);
  const [status, setStatus] = useState('');

  const reload = async () => {
    try {
      setTemplates(await api.templates());
    } catch {
      setStatus("The templates couldn't be loaded. Reload to try again.");
    }
  };
  useEffect(() => {
    void reload();
  }, []);

  if (editing) {
    return (
      <TemplateEditor
        template={editing === 'new' ? null : editing}
        onDone={(saved) => {
          setEditing(null);
          if (saved) setStatus('Template saved.');
          void reload();
        }}
      />
    );
  }

  async function toggle(template: PublicTemplate, enabled: boolean) {
    // Show the new state at once; the reload below puts back the database's truth if the change was refused.
    setTemplates(
      (current) => current?.map((t) => (t.slug === template.slug ? { ...t, telegramEnabled: enabled } : t)) ?? null,
    );
    try {
      await api.toggleTelegram(template.slug, enabled);
      setStatus(`${template.name} is ${enabled ? 'shown in' : 'hidden from'} Telegram.`);
    } catch (error) {
      setStatus(error instanceof ApiError ? error.message : 'The change could not be saved.');
    }
    await reload();
  }

  async function remove(slugs: string[]) {
    try {
      const { deleted } = await api.deleteTemplates(slugs);
      setStatus(`Deleted ${deleted.length} template${deleted.length === 1 ? '' : 's'}.`);
      setSelected(new Set());
    } catch (error) {
      setStatus(error instanceof ApiError ? error.message : 'Deleting failed.');
    }
    setConfirming(null);
    await reload();
  }

  const all = templates ?? [];
  const allSelected = all.length > 0 && all.every((t) => selected.has(t.slug));
  const flip = (slug: string) => {
    const next = new Set(selected);
    if (next.has(slug)) next.delete(slug);
    else next.add(slug);
    setSelected(next);
  };

  return (
    <section aria-labelledby="templates-title">
      <div class="section-head">
        <h2 id="templates-title">Templates</h2>
        <button type="button" class="primary" onClick={() => setEditing('new')}>
          New template
        </button>
      </div>
      <p class="status" role="status">
        {status}
      </p>
      {templates === null ? (
        <p>Loading…</p>
      ) : all.length === 0 ? (
        <p>No templates yet. Create the first one.</p>
      ) : (
        <>
          <div class="bulk">
            <label class="check">
              <input
                type="checkbox"
                checked={allSelected}
                onChange={() => setSelected(allSelected ? new Set() : new Set(all.map((t) => t.slug)))}
              />{' '}
              Select all
            </label>
            {confirming ? (
              <span role="alert">
                Delete {confirming.length} template{confirming.length === 1 ? '' : 's'}?{' '}
                <button type="button" class="danger" onClick={() => void remove(confirming)}>
                  Yes, delete
                </button>{' '}
                <button type="button" onClick={() => setConfirming(null)}>
                  No
                </button>
              </span>
            ) : (
              <button
                type="button"
                class="danger"
                disabled={selected.size === 0}
                onClick={() => setConfirming([...selected])}
              >
                Delete selected ({selected.size})
              </button>
            )}
          </div>
          <ul class="template-list" aria-label="Templates">
            {all.map((template) => {
              const variant = template.square ?? template.story;
              return (
                <li key={template.slug}>
                  <input
                    type="checkbox"
                    aria-label={`Select ${template.name}`}
                    checked={selected.has(template.slug)}
                    onChange={() => flip(template.slug)}
                  />
                  {variant && <img src={variant.thumbUrl} alt="" loading="lazy" />}
                  <div class="meta">
                    <strong>{template.name}</strong>
                    <code>{template.slug}</code>
                    <span>
                      {[template.square && 'Square', template.story && 'Portrait'].filter(Boolean).join(' + ')}
                    </span>
                  </div>
                  <label class="check">
                    <input
                      type="checkbox"
                      aria-label={`Show ${template.name} in Telegram`}
                      checked={template.telegramEnabled}
                      onChange={(e) => void toggle(template, (e.currentTarget as HTMLInputElement).checked)}
                    />{' '}
                    Telegram
                  </label>
                  <button type="button" onClick={() => setEditing(template)} aria-label={`Edit ${template.name}`}>
                    Edit
                  </button>
                  <button
                    type="button"
                    class="danger"
                    onClick={() => setConfirming([template.slug])}
                    aria-label={`Delete ${template.name}`}
                  >
                    Delete
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
