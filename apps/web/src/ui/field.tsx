import * as Label from '@radix-ui/react-label';
import { cloneElement, isValidElement, useId, type ReactElement, type ReactNode } from 'react';
import { cn } from './cn';

interface FieldProps {
  label: string;
  /** The message under the control: the client's validation, or the server's 4xx detail for this field. */
  error?: string | undefined;
  hint?: string;
  className?: string;
  /** One control (Input, Textarea, NativeSelect): it gets the id, aria-invalid and aria-describedby. */
  children: ReactElement<Record<string, unknown>>;
  trailing?: ReactNode;
}

/** A labelled form control with its hint and error, wired for screen readers. */
export function Field({ label, error, hint, className, children, trailing }: FieldProps) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const control = isValidElement(children)
    ? cloneElement(children, {
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': described || undefined,
      })
    : children;
  return (
    <div className={cn('flex flex-col gap-1.5', className)}>
      <div className="flex items-baseline justify-between">
        <Label.Root htmlFor={id} className="text-sm font-medium text-slate-800">
          {label}
        </Label.Root>
        {trailing}
      </div>
      {control}
      {hint && !error && (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
