import { cn } from "./cn.ts";

/**
 * The visible handle of an expandable row: a chevron that turns when open, `aria-expanded` and
 * `aria-controls` for assistive technology, and "Show details"/"Hide details" read out (with `what`,
 * e.g. the row's time) where a sighted user sees only the chevron.
 */
export function ExpandButton({
  expanded,
  controls,
  what,
  onToggle,
  className,
}: {
  expanded: boolean;
  controls: string;
  what?: string;
  onToggle: () => void;
  className?: string;
}) {
  return (
    <button
      type="button"
      aria-expanded={expanded}
      aria-controls={controls}
      onClick={(e) => {
        // The row itself toggles too; one click must not toggle twice.
        e.stopPropagation();
        onToggle();
      }}
      className={cn(
        "inline-flex size-6 items-center justify-center rounded text-slate-500 hover:bg-slate-200 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600",
        className,
      )}
    >
      <svg
        aria-hidden
        viewBox="0 0 20 20"
        fill="currentColor"
        className={cn("size-4 transition-transform duration-150", expanded ? "rotate-90" : "")}
      >
        <path
          fillRule="evenodd"
          d="M7.21 14.77a.75.75 0 0 1 .02-1.06L11.17 10 7.23 6.29a.75.75 0 1 1 1.04-1.08l4.5 4.25a.75.75 0 0 1 0 1.08l-4.5 4.25a.75.75 0 0 1-1.06-.02Z"
          clipRule="evenodd"
        />
      </svg>
      <span className="sr-only">
        {expanded ? "Hide details" : "Show details"}
        {what ? ` of ${what}` : ""}
      </span>
    </button>
  );
}
