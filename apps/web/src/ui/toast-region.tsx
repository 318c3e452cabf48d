import * as ToastPrimitive from '@radix-ui/react-toast';
import { X } from 'lucide-react';
import { cn } from './cn';
import type { ToastMessage } from './toast';

/** The notices on screen (Radix: announced politely, dismissed by swipe, Escape or time). */
export function ToastRegion({
  messages,
  onClosed,
}: {
  messages: ToastMessage[];
  onClosed: (id: number) => void;
}) {
  return (
    <ToastPrimitive.Provider swipeDirection="right" duration={4000}>
      {messages.map((message) => (
        <ToastPrimitive.Root
          key={message.id}
          onOpenChange={(open) => {
            if (!open) onClosed(message.id);
          }}
          className={cn(
            'flex items-start gap-3 rounded-lg border bg-white p-4 shadow-lg',
            message.tone === 'error' && 'border-red-300',
            message.tone === 'success' && 'border-emerald-300',
          )}
        >
          <div className="flex-1">
            <ToastPrimitive.Title className="text-sm font-semibold">{message.title}</ToastPrimitive.Title>
            {message.description && (
              <ToastPrimitive.Description className="mt-1 text-sm text-slate-700">
                {message.description}
              </ToastPrimitive.Description>
            )}
          </div>
          <ToastPrimitive.Close
            aria-label="Dismiss"
            className="rounded p-1 text-slate-600 hover:bg-slate-100"
          >
            <X className="h-4 w-4" aria-hidden="true" />
          </ToastPrimitive.Close>
        </ToastPrimitive.Root>
      ))}
      <ToastPrimitive.Viewport className="fixed right-0 bottom-0 z-50 flex w-full max-w-sm flex-col gap-2 p-4 outline-none" />
    </ToastPrimitive.Provider>
  );
}
