import { signal } from '@preact/signals';
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import fontUrl from '../../assets/fonts/inter-bold-latin.woff2?url';
import { type AdminSettings, ApiError, api } from '../shared/api.js';
import { loadBundledFont } from '../shared/browser-canvas.js';
import { editing, leaveThen, SECTIONS, section, sectionChosen } from './admin-state.js';
import { AnalyticsSection } from './analytics-section.js';
import { BrandLogoSettings } from './brand-logo.js';
import { BroadcastSection } from './broadcast-section.js';
import { CampaignsSection } from './campaigns-section.js';
import { LeavePrompt } from './leave-prompt.js';
import { TemplatesSection } from './templates-section.js';

const auth = signal<'checking' | 'in' | 'out'>('checking');
const settings = signal<AdminSettings | null>(null);
void loadBundledFont(fontUrl);

async function refreshAuth() {
  auth.value = (await api.checkAuth()) ? 'in' : 'out';
  if (auth.value === 'in') settings.value = await api.settings().catch(() => null);
}

function Login() {
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  // The password is the only thing to type here: the page opens ready for it.
  useEffect(() => field.current?.focus(), []);
  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      await api.login(password);
      await refreshAuth();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not reach the server.');
    } finally {
      setBusy(false);
    }
  }
  return (
    <main class="login">
      <form onSubmit={submit} aria-label="Log in">
        <h1>PromoStack admin</h1>
        <label>
          Password
          <input
            ref={field}
            type="password"
            autoComplete="current-password"
            value={password}
            onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
            required
          />
        </label>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          Log in
        </button>
      </form>
    </main>
  );
}

function SettingsSection() {
  const s = settings.value;
  if (!s) return <p>Settings could not be loaded.</p>;
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <dl class="settings">
        <dt>Database</dt>
        <dd>{s.database.description}</dd>
        <dt>Storage</dt>
        <dd>
          {s.storage.kind}: {s.storage.description}
        </dd>
        <dt>Telegram bot</dt>
        <dd>
          {s.bot.mode === 'off'
            ? 'off (no token configured, or Telegram unreachable at start)'
            : `${s.bot.username ? `@${s.bot.username}, ` : ''}${s.bot.mode}${s.bot.webhookUrl ? ` at ${s.bot.webhookUrl}` : ''}`}
        </dd>
        <dt>Coupon validation</dt>
        <dd>{s.validation.enabled ? 'on (FunderPro)' : 'off — every code is accepted'}</dd>
        <dt>Public URL</dt>
        <dd>{s.publicUrl}</dd>
      </dl>
      <BrandLogoSettings />
      <button type="button" onClick={() => void api.logoutEverywhere().then(refreshAuth)}>
        Log out everywhere
      </button>
    </section>
  );
}

function Shell() {
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <div class="shell">
      <header class="bar">
        <strong>PromoStack admin</strong>
        <button
          type="button"
          class="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="admin-nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          Menu
        </button>
        <nav id="admin-nav" class={menuOpen ? 'open' : ''} aria-label="Sections">
          {SECTIONS.map((name) => (
            <button
              key={name}
              type="button"
              aria-current={section.value === name ? 'page' : undefined}
              onClick={() => {
                setMenuOpen(false);
                leaveThen({
                  origin: 'nav',
                  action: `open ${name}`,
                  proceed: () => {
                    editing.value = null;
                    section.value = name;
                    sectionChosen.value++;
                  },
                });
              }}
            >
              {name}
            </button>
          ))}
          <button
            type="button"
            onClick={() => {
              setMenuOpen(false);
              leaveThen({
                origin: 'nav',
                action: 'log out',
                proceed: () => {
                  editing.value = null;
                  void api.logout().then(refreshAuth);
                },
              });
            }}
          >
            Log out
          </button>
        </nav>
        <LeavePrompt origin="nav" />
      </header>
      {settings.value && !settings.value.validation.enabled && (
        <p class="banner" role="note">
          Coupon validation is off (no FUNDERPRO_PRODUCT_ID): every code is accepted.
        </p>
      )}
      <main class="content">
        {section.value === 'Templates' ? (
          <TemplatesSection />
        ) : section.value === 'Campaigns' ? (
          <CampaignsSection />
        ) : section.value === 'Broadcast' ? (
          <BroadcastSection botMode={settings.value?.bot.mode ?? null} />
        ) : section.value === 'Analytics' ? (
          <AnalyticsSection />
        ) : section.value === 'Settings' ? (
          <SettingsSection />
        ) : (
          <p>{section.value} is coming soon.</p>
        )}
      </main>
    </div>
  );
}

function App() {
  useEffect(() => {
    void refreshAuth();
  }, []);
  if (auth.value === 'checking') return <p class="loading">Loading…</p>;
  return auth.value === 'in' ? <Shell /> : <Login />;
}

render(<App />, document.getElementById('app')!);
