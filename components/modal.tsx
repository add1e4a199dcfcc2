"use client";

import { useEffect, useRef, type ReactNode } from "react";

/** A native modal <dialog>: focus trap, Escape and the backdrop come from the browser. */
export function Modal({ title, onClose, children, wide = false }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    dialog?.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-label={title}
      className={`m-auto w-full ${wide ? "max-w-3xl" : "max-w-xl"} rounded-xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl backdrop:bg-black/40 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100`}
    >
      <div className="flex items-center justify-between border-b border-zinc-200 px-5 py-3 dark:border-zinc-800">
        <h2 className="text-sm font-semibold">{title}</h2>
        <button type="button" onClick={onClose} aria-label="Close" className="rounded p-1 text-zinc-500 hover:bg-zinc-100 dark:hover:bg-zinc-800">
          ✕
        </button>
      </div>
      <div className="max-h-[75vh] overflow-y-auto px-5 py-4">{children}</div>
    </dialog>
  );
}

export const fieldClass =
  "w-full rounded-md border border-zinc-300 bg-transparent px-2 py-1.5 font-mono text-xs outline-none focus:border-indigo-500 dark:border-zinc-700";
export const labelClass = "mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400";
const primaryButtonClass = "rounded-md bg-indigo-600 px-3 py-1.5 text-xs font-medium text-white hover:bg-indigo-500 disabled:opacity-50";

/** A dialog form's last row: its error, Cancel, and the submit button (disabled while busy). */
export function FormFooter({
  error,
  busy,
  label,
  busyLabel,
  onCancel,
}: {
  error: string | null;
  busy: boolean;
  label: string;
  busyLabel: string;
  onCancel: () => void;
}) {
  return (
    <>
      {error && (
        <p role="alert" className="text-xs text-rose-600">
          {error}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <button
          type="button"
          onClick={onCancel}
          className="rounded-md px-3 py-1.5 text-xs text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          Cancel
        </button>
        <button type="submit" disabled={busy} className={primaryButtonClass}>
          {busy ? busyLabel : label}
        </button>
      </div>
    </>
  );
}
