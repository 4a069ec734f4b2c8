import { useEffect, useRef, useState } from 'preact/hooks';
import { normalizeCouponCode } from '../../src/renderer/coupon-code.js';
import { slugify } from '../../src/shared/template-naming.js';
import { api, type PublicTemplate } from '../shared/api.js';
import { leaveThen, pendingLeave, unsavedWork } from './admin-state.js';
import { saveErrorsOf } from './editor-errors.js';
import { FieldError } from './fields.js';
import { LeavePrompt } from './leave-prompt.js';
import { useBoxShortcuts } from './use-box-shortcuts.js';
import { draftOf, formOf, isShown, VARIANTS, type Variant, type VariantDraft } from './variant-draft.js';
import { type DraftUpdate, VariantEditor } from './variant-editor.js';

/** Create or edit one template (ADM-2). `template` null means create. */
export function TemplateEditor({
  template,
  onDone,
}: {
  template: PublicTemplate | null;
  onDone: (saved: boolean) => void;
}) {
  const [name, setName] = useState(template?.name ?? '');
  const [slug, setSlug] = useState(template?.slug ?? '');
  const [slugTouched, setSlugTouched] = useState(Boolean(template));
  const [drafts, setDrafts] = useState<Record<Variant, VariantDraft>>({
    square: draftOf(template?.square),
    story: draftOf(template?.story),
  });
  const [sample, setSample] = useState('SAVE20');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [attempt, setAttempt] = useState(0);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  const lastEdited = useRef<Variant | null>(null);

  useEffect(() => {
    unsavedWork.value = dirty ? (template ? `“${template.name}”` : 'the new template') : null;
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

  const update =
    (variant: Variant): DraftUpdate =>
    (change) => {
      setDrafts((current) => ({ ...current, [variant]: change(current[variant]) }));
      lastEdited.current = variant;
      setDirty(true);
    };
  useBoxShortcuts({ update, lastEdited });

  // After a failed save: the first field in error (else the message at the Save button) is scrolled to and focused.
  useEffect(() => {
    if (attempt === 0) return;
    const target =
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? (message ? messageRef.current : null);
    target?.scrollIntoView({ block: 'center' });
    target?.focus({ preventScroll: true });
  }, [attempt]);

  async function save(event: Event) {
    event.preventDefault();
    setMessage('');
    if (form.current?.querySelector('[aria-invalid="true"]:not([data-server-error])')) {
      setMessage('Not saved. Check the field marked in red.');
      setAttempt((n) => n + 1);
      return;
    }
    setSaving(true);
    setErrors({});
    try {
      await api.saveTemplate(formOf({ name, slug, template, drafts }));
      setDirty(false);
      unsavedWork.value = null;
      onDone(true);
    } catch (error) {
      const shown = new Set(
        [...(form.current?.querySelectorAll<HTMLElement>('[data-field]') ?? [])].map((el) => el.dataset.field!),
      );
      const result = saveErrorsOf(error, shown);
      setErrors(result.fields);
      setMessage(result.form);
      setAttempt((n) => n + 1);
    } finally {
      setSaving(false);
    }
  }

  // Editing a field takes its server error away; the others stay until the next save.
  const clearError = (event: Event) => {
    const field = (event.target as HTMLElement | null)?.dataset?.field;
    if (field && errors[field]) setErrors(({ [field]: _, ...rest }) => rest);
  };
  const textField = (field: 'name' | 'slug') =>
    errors[field]
      ? {
          'data-field': field,
          'data-server-error': '',
          'aria-invalid': 'true' as const,
          'aria-describedby': `${field}-error`,
        }
      : { 'data-field': field, 'aria-describedby': `${field}-error` };

  return (
    <form
      ref={form}
      class="editor"
      onSubmit={save}
      onInput={clearError}
      onChange={clearError}
      aria-label={template ? `Edit ${template.name}` : 'New template'}
      noValidate
    >
      <h2>{template ? `Edit “${template.name}”` : 'New template'}</h2>
      <div class="row top-fields">
        <div>
          <label>
            Name
            <input
              value={name}
              maxLength={100}
              {...textField('name')}
              onInput={(e) => {
                const value = (e.currentTarget as HTMLInputElement).value;
                setName(value);
                if (!slugTouched) setSlug(slugify(value));
                setDirty(true);
              }}
            />
          </label>
          <FieldError id="name-error" message={errors.name} />
        </div>
        <div>
          <label>
            Slug {template ? '(fixed)' : ''}
            <input
              value={slug}
              maxLength={64}
              disabled={Boolean(template)}
              {...textField('slug')}
              onInput={(e) => {
                setSlug((e.currentTarget as HTMLInputElement).value);
                setSlugTouched(true);
                setDirty(true);
              }}
            />
          </label>
          <FieldError id="slug-error" message={errors.slug} />
        </div>
        <div>
          <label>
            Sample code
            <input
              value={sample}
              maxLength={40}
              onInput={(e) => setSample((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
        </div>
      </div>
      <div class="variants">
        {VARIANTS.map((variant) => (
          <VariantEditor
            key={variant}
            variant={variant}
            draft={drafts[variant]}
            errors={errors}
            code={normalizeCouponCode(sample) || 'SAMPLE'}
            update={update(variant)}
            canRemove={drafts[variant].existing && VARIANTS.some((v) => v !== variant && isShown(drafts[v]))}
          />
        ))}
      </div>
      <div class="actions">
        <div class="action-buttons">
          <button type="submit" class="primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save template'}
          </button>
          <button
            type="button"
            onClick={() => leaveThen({ origin: 'editor', action: 'close the editor', proceed: () => onDone(false) })}
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
