export function Logo({ className = "" }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold tracking-tight ${className}`}>
      <svg viewBox="0 0 32 32" className="size-7" aria-hidden>
        <rect width="32" height="32" rx="8" className="fill-brand-600" />
        <path
          d="M7 11.5 16 17l9-5.5M8 9h16a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H8a1 1 0 0 1-1-1V10a1 1 0 0 1 1-1Z"
          fill="none"
          stroke="white"
          strokeWidth="2"
          strokeLinejoin="round"
        />
        <circle cx="24.5" cy="9.5" r="3.5" className="fill-emerald-400" stroke="white" strokeWidth="1.5" />
      </svg>
      <span>Inboxwatch</span>
    </span>
  );
}
