import { platformName } from '../../src/shared/campaign-platforms.js';
import { ApiError } from '../shared/api.js';
import { type Campaign, campaignsApi } from '../shared/campaigns-api.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** A field and the message under it; a problem marks the field and is read out with it. */
function fieldError(input: HTMLInputElement, message: string): void {
  const error = $(`${input.id}-error`);
  error.textContent = message;
  if (message) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

function urlField(platform: string): HTMLElement {
  const row = document.createElement('div');
  row.className = 'field';
  const label = document.createElement('label');
  label.htmlFor = `url-${platform}`;
  label.textContent = `${platformName(platform)} post link`;
  const input = document.createElement('input');
  input.id = `url-${platform}`;
  input.type = 'url';
  input.inputMode = 'url';
  input.autocomplete = 'off';
  input.spellcheck = false;
  input.placeholder = 'https://…';
  input.dataset.platform = platform;
  input.setAttribute('aria-describedby', `url-${platform}-error`);
  const error = document.createElement('span');
  error.id = `url-${platform}-error`;
  error.className = 'field-error';
  row.append(label, input, error);
  return row;
}

/**
 * CMP-4 on the page: email and one link per platform of the campaign; each refusal is shown under its field and the
 * first field at fault takes focus; the answer says whether the entry is new or an update of the same email's.
 */
export function setUpEntryForm(campaign: Campaign): void {
  const form = $<HTMLFormElement>('entry');
  const email = $<HTMLInputElement>('email');
  const status = $<HTMLElement>('entry-status');
  const urlsError = $<HTMLElement>('urls-error');
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  $('url-fields').replaceChildren(...campaign.platforms.map(urlField));
  const urlInputs = () => [...form.querySelectorAll<HTMLInputElement>('input[data-platform]')];
  const say = (text: string, state = '') => {
    status.textContent = text;
    status.dataset.state = state;
  };
  if (campaign.status === 'ended') {
    button.disabled = true;
    say('This campaign has ended; entries are closed.', 'error');
  } else if (campaign.status === 'scheduled')
    say(
      `Entries open on ${new Date(campaign.start_date).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}.`,
    );

  form.addEventListener('input', (event) => {
    const target = event.target as HTMLInputElement;
    if (target.id) fieldError(target, '');
    if (target.dataset.platform) urlsError.textContent = '';
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const input of [email, ...urlInputs()]) fieldError(input, '');
    urlsError.textContent = '';
    const urls: Record<string, string> = {};
    for (const input of urlInputs()) if (input.value.trim()) urls[input.dataset.platform!] = input.value.trim();
    button.disabled = true;
    say('Sending…');
    try {
      const answer = await campaignsApi.submit(campaign.id, { email: email.value, urls });
      say(answer.message, answer.status === 'accepted' ? 'valid' : 'updated');
      status.dataset.answer = answer.status;
    } catch (error) {
      showRefusal(error);
    } finally {
      button.disabled = false;
    }
  });

  function showRefusal(error: unknown): void {
    delete status.dataset.answer;
    if (!(error instanceof ApiError) || error.status === 0) {
      say("Your entry couldn't be sent. Check your connection and try again.", 'error');
      return;
    }
    const fields = error.fields;
    if (fields.email) fieldError(email, fields.email);
    for (const input of urlInputs()) {
      const problem = fields[`urls.${input.dataset.platform}`];
      if (problem) fieldError(input, problem);
    }
    if (fields.urls) urlsError.textContent = fields.urls;
    const first =
      form.querySelector<HTMLInputElement>('input[aria-invalid="true"]') ?? (fields.urls ? urlInputs()[0] : null);
    const count = form.querySelectorAll('input[aria-invalid="true"]').length;
    if (first) {
      say(count > 1 ? `Please fix the ${count} fields marked in red.` : 'Please fix the field marked in red.', 'error');
      first.focus();
      first.scrollIntoView({ block: 'center' });
    } else say(error.message, 'error');
  }
}
