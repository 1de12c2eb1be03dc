"use client";

import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";

import { cn } from "./cn.ts";

export interface TabItem {
  id: string;
  label: ReactNode;
  content: ReactNode;
}

/** Which tab a key moves to from `index` (WAI-ARIA tabs: arrows wrap, Home and End jump), or null for other keys. */
export function tabIndexForKey(key: string, index: number, count: number): number | null {
  if (key === "ArrowRight") return (index + 1) % count;
  if (key === "ArrowLeft") return (index - 1 + count) % count;
  if (key === "Home") return 0;
  if (key === "End") return count - 1;
  return null;
}

/**
 * WAI-ARIA tabs with automatic activation: one tab stop (roving tabindex), arrow keys move and select,
 * each tab controls its panel. Controlled with `value`/`onChange` (a page syncs it to a search param),
 * or uncontrolled from `defaultValue`. Only the selected panel's content is rendered.
 */
export function Tabs({
  tabs,
  label,
  value,
  defaultValue,
  onChange,
}: {
  tabs: readonly TabItem[];
  /** The tab list's accessible name. */
  label: string;
  value?: string;
  defaultValue?: string;
  onChange?: (id: string) => void;
}) {
  const baseId = useId();
  const [own, setOwn] = useState(defaultValue ?? tabs[0]?.id);
  const selected = tabs.find((t) => t.id === (value ?? own)) ?? tabs[0];
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const select = (id: string) => {
    setOwn(id);
    onChange?.(id);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const next = tabIndexForKey(e.key, index, tabs.length);
    const tab = next === null ? undefined : tabs[next];
    if (next === null || !tab) return;
    e.preventDefault();
    select(tab.id);
    refs.current[next]?.focus();
  };
  if (!selected) return null;
  return (
    <div>
      <div role="tablist" aria-label={label} className="mb-4 flex gap-1 overflow-x-auto border-b border-slate-200">
        {tabs.map((t, i) => {
          const isSelected = t.id === selected.id;
          return (
            <button
              key={t.id}
              ref={(el) => {
                refs.current[i] = el;
              }}
              type="button"
              role="tab"
              id={`${baseId}-tab-${t.id}`}
              aria-selected={isSelected}
              aria-controls={`${baseId}-panel-${t.id}`}
              tabIndex={isSelected ? 0 : -1}
              onClick={() => select(t.id)}
              onKeyDown={(e) => onKeyDown(e, i)}
              className={cn(
                "-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-brand-600",
                isSelected ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900",
              )}
            >
              {t.label}
            </button>
          );
        })}
      </div>
      {/* Every tab's panel exists (aria-controls must point somewhere); only the selected one has content. */}
      {tabs.map((t) => (
        <div
          key={t.id}
          role="tabpanel"
          id={`${baseId}-panel-${t.id}`}
          aria-labelledby={`${baseId}-tab-${t.id}`}
          hidden={t.id !== selected.id}
          tabIndex={t.id === selected.id ? 0 : undefined}
        >
          {t.id === selected.id ? t.content : null}
        </div>
      ))}
    </div>
  );
}
