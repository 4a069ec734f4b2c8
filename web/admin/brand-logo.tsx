import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiError, api, type PublicBrandLogo } from '../shared/api.js';

const messageOf = (error: unknown) =>
  error instanceof ApiError ? error.message.replace(/^logo: /, '') : 'Something went wrong; try again.';

/**
 * Settings: the default logo (RND-4). Drawn in the logo circle wherever a template's variant shows a logo — by the
 * bot and the render API, and on the web unless the visitor picks their own.
 */
export function BrandLogoSettings() {
  const id = useId();
  const [logo, setLogo] = useState<PublicBrandLogo | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void api.catalogue().then(
      (catalogue) => setLogo(catalogue.brandLogo),
      (err: unknown) => setError(messageOf(err)),
    );
  }, []);

  async function change(work: () => Promise<PublicBrandLogo | null>, done: string) {
    setBusy(true);
    setError(null);
    setStatus('');
    try {
      setLogo(await work());
      setStatus(done);
    } catch (err) {
      setError(messageOf(err));
      input.current?.focus();
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  }

  const upload = (file: File | undefined) => {
    if (file) void change(async () => (await api.setBrandLogo(file)).brandLogo, 'Default logo saved.');
  };

  return (
    <section class="panel brand-logo" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Default logo</h3>
      <p class="hint">
        Drawn in the logo circle of every template that offers a logo: in Telegram, in the render API, and on the web
        unless a visitor picks their own. PNG, JPEG or WebP, up to 5 MB; square works best.
      </p>
      <div class="brand-logo-row">
        <div class="logo-disc" aria-hidden={logo ? undefined : 'true'}>
          {logo ? <img src={logo.url} alt="The current default logo" width={96} height={96} /> : <span>No logo</span>}
        </div>
        <div class="brand-logo-controls">
          <label for={`${id}-file`}>{logo ? 'Replace the default logo' : 'Upload a default logo'}</label>
          <input
            id={`${id}-file`}
            ref={input}
            type="file"
            accept="image/png,image/jpeg,image/webp"
            disabled={busy || logo === undefined}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={`${id}-error`}
            onChange={(event) => upload(event.currentTarget.files?.[0])}
          />
          {logo && (
            <button
              type="button"
              disabled={busy}
              onClick={() => void change(async () => (await api.removeBrandLogo()).brandLogo, 'Default logo removed.')}
            >
              Remove default logo
            </button>
          )}
          <span id={`${id}-error`} class="field-error" role="alert">
            {error ?? ''}
          </span>
          <span class="status" role="status">
            {busy ? 'Saving…' : status}
          </span>
        </div>
      </div>
    </section>
  );
}
