import { useEffect, useId, useState } from 'preact/hooks';
import { api, type PublicTemplate } from '../shared/api.js';
import type { ImageDraft } from './broadcast-draft.js';
import { CAPTION_LIMIT, formatCount } from './broadcast-format.js';
import { draft, fieldErrors, messageOf, placeError, setFieldError } from './broadcast-state.js';
import { FieldError } from './fields.js';

const artworkOf = (template: PublicTemplate | undefined) => template?.square ?? template?.story;

/** Where the picked image can be seen: a template's artwork or the uploaded file (for the preview too). */
export function imageUrlOf(image: ImageDraft, templates: readonly PublicTemplate[]): string | null {
  if (image.kind === 'upload') return image.image?.url ?? null;
  if (image.kind === 'template') return artworkOf(templates.find((t) => t.slug === image.slug))?.imageUrl ?? null;
  return null;
}

export function useTemplates() {
  const [templates, setTemplates] = useState<PublicTemplate[]>([]);
  useEffect(() => {
    void api.templates().then(setTemplates, () => undefined);
  }, []);
  return templates;
}

/** The optional photo: none, a template's current artwork, or an uploaded PNG/JPEG. */
export function ImagePicker({ templates }: { templates: readonly PublicTemplate[] }) {
  const id = useId();
  const image = draft.image.value;
  const [uploading, setUploading] = useState(false);
  const error = fieldErrors.value.image;
  const choose = (next: ImageDraft) => {
    setFieldError('image', null);
    draft.image.value = next;
  };

  async function upload(file: File | undefined) {
    if (!file) return;
    setUploading(true);
    choose({ kind: 'upload', image: null });
    try {
      const { image: uploaded } = await api.uploadBroadcastImage(file);
      choose({ kind: 'upload', image: uploaded });
    } catch (err) {
      if (!placeError(err)) setFieldError('image', messageOf(err));
    } finally {
      setUploading(false);
    }
  }

  const picked = image.kind === 'template' ? templates.find((t) => t.slug === image.slug) : undefined;
  const artwork = artworkOf(picked);
  const options = [
    { kind: 'none', label: 'No image' },
    { kind: 'template', label: 'A template’s artwork' },
    { kind: 'upload', label: 'Upload a PNG or JPEG' },
  ] as const;
  return (
    <fieldset class="panel image-picker" aria-describedby={`${id}-caption ${id}-error`}>
      <legend id={`${id}-legend`}>Image</legend>
      <div class="choices" role="radiogroup" aria-labelledby={`${id}-legend`}>
        {options.map((option) => (
          <label class="check" key={option.kind}>
            <input
              type="radio"
              name={`${id}-image`}
              checked={image.kind === option.kind}
              onChange={() =>
                choose(
                  option.kind === 'none'
                    ? { kind: 'none' }
                    : option.kind === 'template'
                      ? { kind: 'template', slug: templates[0]?.slug ?? null }
                      : { kind: 'upload', image: null },
                )
              }
            />
            {option.label}
          </label>
        ))}
      </div>
      {image.kind === 'template' &&
        (templates.length === 0 ? (
          <p class="hint">There are no templates yet.</p>
        ) : (
          <div class="image-choice">
            <div class="template-field">
              <label for={`${id}-template`}>Template</label>
              <select
                id={`${id}-template`}
                value={image.slug ?? ''}
                onChange={(e) => choose({ kind: 'template', slug: (e.currentTarget as HTMLSelectElement).value })}
              >
                {templates.map((t) => (
                  <option key={t.slug} value={t.slug}>
                    {t.name}
                  </option>
                ))}
              </select>
            </div>
            {artwork && picked && (
              <figure class="image-thumb">
                <img src={artwork.thumbUrl} alt={`${picked.name} artwork`} />
                <figcaption class="hint">
                  {formatCount(artwork.width)} × {formatCount(artwork.height)} px
                </figcaption>
              </figure>
            )}
          </div>
        ))}
      {image.kind === 'upload' && (
        <div class="image-choice">
          <label class="drop">
            Image file (PNG or JPEG, up to 10 MB)
            <input
              type="file"
              accept="image/png,image/jpeg"
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={`${id}-error`}
              onChange={(e) => void upload((e.currentTarget as HTMLInputElement).files?.[0])}
            />
          </label>
          {uploading && <p class="hint">Uploading…</p>}
          {image.image && (
            <figure class="image-thumb">
              <img src={image.image.url} alt="Your upload" />
              <figcaption class="hint">
                {formatCount(image.image.width)} × {formatCount(image.image.height)} px
              </figcaption>
            </figure>
          )}
        </div>
      )}
      {image.kind !== 'none' && (
        <p id={`${id}-caption`} class="hint">
          Sent as a photo with the message as its caption: at most {formatCount(CAPTION_LIMIT)} characters.
        </p>
      )}
      <FieldError id={`${id}-error`} message={error} />
    </fieldset>
  );
}
