import {
  createContext,
  lazy,
  Suspense,
  useCallback,
  useContext,
  useMemo,
  useState,
  type ReactNode,
} from 'react';

type Tone = 'info' | 'success' | 'error';
export interface ToastMessage {
  id: number;
  title: string;
  description?: string | undefined;
  tone: Tone;
}
type Notify = (title: string, options?: { description?: string; tone?: Tone }) => void;

const ToastContext = createContext<Notify>(() => undefined);

// Loaded with the first notice: most first visits show none, and Radix's toast (with its swipe and
// focus handling) would otherwise be part of every page's entry script.
const ToastRegion = lazy(() => import('./toast-region').then((module) => ({ default: module.ToastRegion })));

/** Short notices ("Added to cart") announced politely to screen readers, dismissed by swipe, Escape or time. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [messages, setMessages] = useState<ToastMessage[]>([]);
  // Once shown, the region stays: Radix keeps its viewport (and the F8 hotkey to reach it) mounted.
  const [used, setUsed] = useState(false);
  const notify = useCallback<Notify>((title, options = {}) => {
    setUsed(true);
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
  const closed = useCallback((id: number) => {
    setMessages((current) => current.filter((item) => item.id !== id));
  }, []);
  return (
    <ToastContext.Provider value={value}>
      {children}
      {used && (
        <Suspense fallback={null}>
          <ToastRegion messages={messages} onClosed={closed} />
        </Suspense>
      )}
    </ToastContext.Provider>
  );
}

export function useToast(): Notify {
  return useContext(ToastContext);
}
