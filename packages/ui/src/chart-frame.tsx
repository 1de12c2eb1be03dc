import { useId, type ReactNode } from "react";

/**
 * What every chart sits in: a figure named by its title, described by `description` (the figures a
 * screen reader cannot get from the SVG: "accepted 9,812, deferred 41, bounced 7 over 24 h"), and the
 * two states a chart must not draw: loading, and too little data to draw a line through.
 */
export function ChartFrame({
  title,
  description,
  loading,
  empty,
  emptyText = "Not enough data yet to draw this chart.",
  height = 240,
  actions,
  children,
}: {
  title: ReactNode;
  description?: string;
  loading?: boolean;
  /** True when there is nothing to plot (the caller knows what "enough" means: one point is no line). */
  empty?: boolean;
  emptyText?: ReactNode;
  height?: number;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const titleId = useId();
  const descriptionId = useId();
  return (
    <figure aria-labelledby={titleId} aria-describedby={description ? descriptionId : undefined} className="m-0">
      <figcaption className="mb-2 flex items-start justify-between gap-4">
        <span id={titleId} className="text-sm font-semibold text-slate-900">
          {title}
        </span>
        {actions ? <span className="flex shrink-0 items-center gap-2">{actions}</span> : null}
      </figcaption>
      {description ? (
        <p id={descriptionId} className="sr-only">
          {description}
        </p>
      ) : null}
      {loading ? (
        <div
          style={{ height }}
          className="animate-pulse rounded-md bg-slate-100"
          aria-busy="true"
          role="status"
          aria-label="Loading chart"
        />
      ) : empty ? (
        <div
          style={{ height }}
          className="flex items-center justify-center rounded-md border-2 border-dashed border-slate-200 text-sm text-slate-500"
        >
          {emptyText}
        </div>
      ) : (
        <div style={{ height }}>{children}</div>
      )}
    </figure>
  );
}
