import { type Campaign, campaignsApi } from '../shared/campaigns-api.js';

/**
 * WEB-5: the ongoing and upcoming campaigns under the generator, each a link to its page. Hidden when there are
 * none; when the list can't be loaded it says so (and shows nothing invented). Asked for after the first preview,
 * so it never delays the generator.
 */
const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function card(campaign: Campaign): HTMLLIElement {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.href = `/campaign/${campaign.id}`;
  link.textContent = campaign.title;
  const title = document.createElement('h3');
  title.append(link);
  const dates = document.createElement('p');
  dates.className = 'campaign-dates';
  dates.textContent =
    campaign.status === 'ongoing'
      ? `Open now · ends ${when(campaign.end_date)}`
      : `Opens ${when(campaign.start_date)} · ends ${when(campaign.end_date)}`;
  item.append(title, dates);
  if (campaign.prize) {
    const prize = document.createElement('p');
    prize.className = 'campaign-prize';
    prize.textContent = `Prize: ${campaign.prize}`;
    item.append(prize);
  }
  item.dataset.status = campaign.status;
  return item;
}

export async function showCampaigns(panel: HTMLElement): Promise<void> {
  const list = panel.querySelector('ul')!;
  const status = panel.querySelector<HTMLElement>('[role="status"]')!;
  try {
    const campaigns = await campaignsApi.list();
    list.replaceChildren(...campaigns.map(card));
    status.textContent = '';
    panel.hidden = campaigns.length === 0;
  } catch {
    list.replaceChildren();
    status.textContent = "Campaigns couldn't be loaded right now. Reload the page to try again.";
    status.dataset.state = 'error';
    panel.hidden = false;
  }
}
