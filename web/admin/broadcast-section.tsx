import { useEffect, useState } from 'preact/hooks';
import { type AdminSettings, api, type BroadcastJob } from '../shared/api.js';
import { BroadcastCompose } from './broadcast-compose.js';
import { findActive, isActive } from './broadcast-format.js';
import { BroadcastHistory } from './broadcast-history.js';
import { BroadcastProgress } from './broadcast-progress.js';
import { audienceVersion, botRefused } from './broadcast-state.js';

function BotOffNotice() {
  return (
    <div class="panel notice" role="note" aria-label="The bot is off">
      <p>
        <strong>The Telegram bot is off, so broadcasts cannot be sent.</strong>
      </p>
      <p>
        To turn it on, create a bot with @BotFather, set <code>TELEGRAM_BOT_TOKEN</code> to its token in the server’s
        environment (or <code>.env</code>) and restart the server. You can still write and preview a message and read
        the history.
      </p>
    </div>
  );
}

/**
 * BRD-1…4 in the admin: compose and send, follow the one being sent, read the history. Opening the section (or
 * reloading the page) finds a broadcast still being sent in the history and follows it again.
 */
export function BroadcastSection({ botMode }: { botMode: AdminSettings['bot']['mode'] | null }) {
  const botOff = botMode === 'off' || botRefused.value;
  const [following, setFollowing] = useState<{ id: number; justSent: boolean } | null>(null);
  const [live, setLive] = useState<BroadcastJob | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let stale = false;
    api.broadcastJobs(1).then(
      (list) => {
        const active = findActive(list.jobs);
        if (!stale && active) setFollowing((current) => current ?? { id: active.id, justSent: false });
      },
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, []);

  const onChange = (job: BroadcastJob) => {
    // The history is asked again when the followed broadcast ends, so its row and counts are the database's.
    if (live?.id === job.id && isActive(live.status) && !isActive(job.status)) {
      setVersion((v) => v + 1);
      audienceVersion.value++;
    }
    setLive(job);
  };

  return (
    <section class="broadcast" aria-labelledby="broadcast-title">
      <h2 id="broadcast-title">Broadcast</h2>
      {botOff && <BotOffNotice />}
      {following && (
        <BroadcastProgress key={following.id} id={following.id} justSent={following.justSent} onChange={onChange} />
      )}
      <BroadcastCompose
        botOff={botOff}
        onCreated={(id) => {
          setFollowing({ id, justSent: true });
          setVersion((v) => v + 1);
        }}
      />
      <BroadcastHistory version={version} live={live} />
    </section>
  );
}
