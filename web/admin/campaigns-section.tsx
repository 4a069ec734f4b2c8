import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../shared/api.js';
import { type AdminCampaign, type CampaignStatus, campaignsApi } from '../shared/campaigns-api.js';
import { sectionChosen } from './admin-state.js';
import { CampaignEditor } from './campaign-editor.js';
import { CampaignEntries } from './campaign-entries.js';
import { CAMPAIGN_STATUS_LABELS } from './campaign-format.js';
import { CampaignRow } from './campaign-row.js';

type View = { kind: 'list' } | { kind: 'edit'; campaign: AdminCampaign | null } | { kind: 'entries'; id: number };
const FILTERS = ['all', 'ongoing', 'scheduled', 'ended'] as const;
type Filter = (typeof FILTERS)[number];

/** CMP-1…4 in the admin: the campaigns with status and entry counts; create, edit, delete; each one's entries. */
export function CampaignsSection() {
  const [list, setList] = useState<{ campaigns: AdminCampaign[]; timezone: string } | null>(null);
  const [view, setView] = useState<View>({ kind: 'list' });
  const [filter, setFilter] = useState<Filter>('all');
  const [confirming, setConfirming] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const statusRef = useRef<HTMLParagraphElement>(null);

  const reload = async () => {
    try {
      setList(await campaignsApi.adminList());
    } catch {
      setStatus("The campaigns couldn't be loaded. Reload to try again.");
    }
  };
  // Choosing Campaigns in the menu again goes back to the list, with fresh counts.
  const chosen = sectionChosen.value;
  useEffect(() => {
    setView({ kind: 'list' });
    void reload();
  }, [chosen]);
  useEffect(() => {
    // Entries arrive while the admin looks elsewhere: coming back to the tab shows today's counts.
    const onVisible = () => document.visibilityState === 'visible' && void reload();
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, []);

  const timeZone = list?.timezone ?? 'UTC';
  if (view.kind === 'edit' && list)
    return (
      <CampaignEditor
        campaign={view.campaign}
        timeZone={timeZone}
        onDone={(saved) => {
          setView({ kind: 'list' });
          if (saved) setStatus(`Saved “${saved.title}”: ${CAMPAIGN_STATUS_LABELS[saved.status].toLowerCase()}.`);
          void reload();
        }}
      />
    );
  const entriesOf = view.kind === 'entries' ? list?.campaigns.find((c) => c.id === view.id) : undefined;
  if (entriesOf)
    return (
      <CampaignEntries
        campaign={entriesOf}
        timeZone={timeZone}
        onBack={() => {
          setView({ kind: 'list' });
          void reload();
        }}
      />
    );

  async function remove(campaign: AdminCampaign) {
    setBusy(true);
    let outcome: string;
    try {
      await campaignsApi.remove(campaign.id);
      outcome = `Deleted “${campaign.title}”. Its entries are kept.`;
    } catch (error) {
      outcome = error instanceof ApiError ? error.message : 'Deleting failed.';
    }
    // The message and the list change together: never "Deleted" beside the row it names.
    await reload();
    setStatus(outcome);
    setBusy(false);
    setConfirming(null);
    statusRef.current?.focus();
  }

  const all = list?.campaigns ?? [];
  const shown = filter === 'all' ? all : all.filter((c) => c.status === filter);
  const count = (f: Filter) => (f === 'all' ? all.length : all.filter((c) => c.status === f).length);
  return (
    <section class="campaigns" aria-labelledby="campaigns-title">
      <div class="section-head">
        <h2 id="campaigns-title">Campaigns</h2>
        <button
          type="button"
          class="primary"
          disabled={!list}
          onClick={() => setView({ kind: 'edit', campaign: null })}
        >
          New campaign
        </button>
      </div>
      <p class="status" role="status" tabIndex={-1} ref={statusRef}>
        {status}
      </p>
      {list === null ? (
        !status && <p>Loading…</p>
      ) : all.length === 0 ? (
        <p>No campaigns yet. Create the first one.</p>
      ) : (
        <>
          <fieldset class="campaign-filters">
            <legend class="visually-hidden">Show campaigns</legend>
            {FILTERS.map((f) => (
              <button key={f} type="button" aria-pressed={filter === f} onClick={() => setFilter(f)}>
                {f === 'all' ? 'All' : CAMPAIGN_STATUS_LABELS[f as CampaignStatus]} ({count(f)})
              </button>
            ))}
          </fieldset>
          <p class="hint">Dates are in {timeZone}.</p>
          {shown.length === 0 && <p>No {filter} campaigns.</p>}
          <ul class="campaign-list" aria-label="Campaigns">
            {shown.map((campaign) => (
              <CampaignRow
                key={campaign.id}
                campaign={campaign}
                timeZone={timeZone}
                confirming={confirming === campaign.id}
                busy={busy}
                onEdit={() => setView({ kind: 'edit', campaign })}
                onEntries={() => setView({ kind: 'entries', id: campaign.id })}
                onAskDelete={() => setConfirming(campaign.id)}
                onCancelDelete={() => setConfirming(null)}
                onDelete={() => void remove(campaign)}
              />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
