import { type LeaveOrigin, pendingLeave, unsavedWork } from './admin-state.js';
import { ConfirmDialog } from './confirm-dialog.js';

/** "Leave without saving?", shown beside the control that asked to leave (a section, Log out, or the editor's Cancel). */
export function LeavePrompt({ origin }: { origin: LeaveOrigin }) {
  const pending = pendingLeave.value;
  if (pending?.origin !== origin) return null;
  return (
    <ConfirmDialog
      title="Leave without saving?"
      confirmLabel="Discard changes"
      cancelLabel="Keep editing"
      onConfirm={pending.proceed}
      onCancel={() => {
        pendingLeave.value = null;
      }}
    >
      <p>
        Your changes to {unsavedWork.value ?? 'this template'} are not saved. Discard them and {pending.action}?
      </p>
    </ConfirmDialog>
  );
}
