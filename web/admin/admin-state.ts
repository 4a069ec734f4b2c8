import { signal } from '@preact/signals';
import type { PublicTemplate } from '../shared/api.js';

/** The admin's app-wide state: which section is open, what is being edited, and whether leaving loses work. */
export const SECTIONS = ['Templates', 'Campaigns', 'Broadcast', 'Analytics', 'Settings'] as const;
export type Section = (typeof SECTIONS)[number];

export const section = signal<Section>('Templates');
/** Counts menu choices, so a section chosen again (while already open) can go back to its start. */
export const sectionChosen = signal(0);
/** The template open in the editor ('new' while creating one); null shows the list. */
export const editing = signal<PublicTemplate | 'new' | null>(null);
/** What has unsaved edits ("Autumn Deal", "the new template"), or null when nothing would be lost. */
export const unsavedWork = signal<string | null>(null);

/** Where the "leave without saving?" question sits: next to the control that asked to leave. */
export type LeaveOrigin = 'nav' | 'editor';
export const pendingLeave = signal<{ origin: LeaveOrigin; action: string; proceed: () => void } | null>(null);

/**
 * Runs `proceed` at once when nothing is unsaved; otherwise asks first (ADM-2: unsaved changes warn before leaving).
 * `action` completes "Leave without saving and …?" e.g. "open Settings", "log out".
 */
export function leaveThen({
  origin,
  action,
  proceed,
}: {
  origin: LeaveOrigin;
  action: string;
  proceed: () => void;
}): void {
  if (unsavedWork.value === null) {
    proceed();
    return;
  }
  pendingLeave.value = {
    origin,
    action,
    proceed: () => {
      pendingLeave.value = null;
      unsavedWork.value = null;
      proceed();
    },
  };
}
