import * as ToastPrimitive from '@radix-ui/react-toast';
import { X } from 'lucide-react';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { cn } from './cn';

type Tone = 'info' | 'success' | 'error';
interface ToastMessage {
  id: number;
  title: string;
  description?: string | undefined;
  tone: Tone;
}
type Notify = (title: string, options?: { description?: string; tone?: Tone }) => void;

const ToastContext = createContext<Notify>(() => undefined);

/** Short notices ("Added to cart") announced politely to screen readers, dismissed by swipe, Escape or time. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [messages, setMessages] = useState<ToastMessage[]>([]);
  const notify = useCallback<Notify>((title, options = {}) => {
    setMessages((current) => [
      ...current.slice(-2),
      {
        id: Date.now() + Math.random(),
        title,
        description: options.description,
        tone: options.tone ?? 'info',
      },
    ]);
  }, []);
  const value = useMemo(() => notify, [notify]);
  return (
    <ToastContext.Provider value={value}>
      <ToastPrimitive.Provider swipeDirection="right" duration={4000}>
        {children}
        {messages.map((message) => (
          <ToastPrimitive.Root
            key={message.id}
            onOpenChange={(open) => {
              if (!open) setMessages((current) => current.filter((item) => item.id !== message.id));
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
    </ToastContext.Provider>
  );
}

export function useToast(): Notify {
  return useContext(ToastContext);
}
