import type { ReactNode } from 'react';
import { messageOf } from '../api/errors';
import { Button } from './button';
import { Dialog } from './dialog';

/**
 * "Are you sure?" before an action that changes what others see (hide a review, deactivate a user,
 * replay dead letters). The action's failure is shown inside, next to its button; it stays open until
 * the action succeeds or the person cancels.
 * A native modal (ui/dialog).
 */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  danger = false,
  pending = false,
  error,
  onConfirm,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string;
  confirmLabel: string;
  danger?: boolean;
  pending?: boolean;
  /** The last attempt's failure (the server's 4xx message), shown above the buttons. */
  error?: unknown;
  onConfirm: () => void;
  children?: ReactNode;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={title} description={description}>
      {children}
      {error !== undefined && error !== null && (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-900">
          {messageOf(error)}
        </p>
      )}
      <div className="mt-5 flex justify-end gap-2">
        <Button variant="outline" onClick={() => onOpenChange(false)}>
          Cancel
        </Button>
        <Button variant={danger ? 'danger' : 'primary'} pending={pending} onClick={onConfirm}>
          {confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
