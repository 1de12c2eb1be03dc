import { Badge } from "@inboxwatch/ui";

import { GradeBadge } from "./grade";

/** A blocklist summary of the latest check, for a domain or an IP. */
export interface ListingSummary {
  grade: string | null;
  unknownReason: string | null;
  listed: number;
  answered: number;
  errors: number;
}

/** "n of N": listed on n of the N lists that gave a usable answer; "could not check" when none did. */
export function ListedOn({ summary: b }: { summary: ListingSummary }) {
  if (b.grade === null) return <GradeBadge grade={null} unknown reason={b.unknownReason ?? "No list gave a usable answer."} />;
  const noAnswer = b.errors > 0 ? `; ${b.errors} gave no answer` : "";
  return (
    <span title={`Listed on ${b.listed} of the ${b.answered} lists that answered${noAnswer}`}>
      <Badge tone={b.listed > 0 ? "red" : "green"}>
        {b.listed} of {b.answered}
      </Badge>
    </span>
  );
}
