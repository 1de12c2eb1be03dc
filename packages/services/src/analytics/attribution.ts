/**
 * How analytics attributes delivery events to messages, campaigns, variants and conversions: ONE set of
 * SQL fragments, used by the experiment results and the cohort tables alike, so both count a message,
 * its outcome and its campaign / variant the same way.
 *
 * - A message is (message key, recipientHash); the message key is DeliveryEvent."messageId" when the
 *   source gave one, else its "queueId" (MTA logs know the queue id, ESPs their message id).
 * - Outcome: attempted = the message has a non-engagement event; accepted = one of them has status 'sent';
 *   delivered = accepted (as in postgres-store.ts). Engagement (ENGAGEMENT_CATEGORIES) is counted once per
 *   message however often the ESP reports it: a bool per category. "Opened" means a human open: a message
 *   opened only by a machine (Apple Mail Privacy Protection's proxy, an ESP's machine-open flag) is not
 *   opened here, so experiments on opens and cohort inbox proxies are not diluted by prefetches.
 * - Campaign and variant, each field on its own: the message's own event tag when non-empty (ESP tags),
 *   else the MessageTag row of its message key (metadata import), else the recipient's RecipientProfile,
 *   else ''. Field by field so that an ESP that tags only the campaign still finds the variant assigned to
 *   the recipient by the import.
 * - Conversion: counts for the most recent DELIVERED message to the same recipient within
 *   `attributionDays` before it occurred (and after or at the delivery), whatever that message's campaign;
 *   a conversion with no such message is attributed to none.
 *
 * Every fragment filters by orgId and a time window on "DeliveryEvent"."time" (its partition key), and
 * embeds only bound parameters and constant identifiers.
 */
import { Prisma } from "@inboxwatch/db";
import { ENGAGEMENT_CATEGORIES } from "@inboxwatch/deliverability/logs";

const ENGAGEMENT = Prisma.join(ENGAGEMENT_CATEGORIES.map((c) => Prisma.sql`${c}`));

export interface AttributionWindow {
  orgId: string;
  /** Events at or after this instant are read. */
  from: Date;
  /** Events before this instant are read. */
  to: Date;
}

/**
 * One row per message with an event in the window. Columns:
 * "messageKey", "recipientHash", "senderDomain", "provider" (of its delivery events, else any event),
 * "attemptedAt" / "deliveredAt" (first non-engagement / first accepted event; null when none),
 * "opened", "clicked", "unsubscribed", "complained" (bools), "campaign", "variant" (the rule above, '' when
 * unknown). Use it as a CTE body: `with m as (${attributedMessagesSql(w)}) select … from m`.
 */
export function attributedMessagesSql(w: AttributionWindow): Prisma.Sql {
  return Prisma.sql`
    select msg."messageKey", msg."recipientHash", msg."senderDomain", msg."provider", msg."attemptedAt", msg."deliveredAt",
      msg."opened", msg."clicked", msg."unsubscribed", msg."complained",
      coalesce(msg."eventCampaign", nullif(tag."campaign", ''), nullif(prof."campaign", ''), '') as "campaign",
      coalesce(msg."eventVariant", nullif(tag."variant", ''), nullif(prof."variant", ''), '') as "variant"
    from (
      select case when e."messageId" <> '' then e."messageId" else e."queueId" end as "messageKey", e."recipientHash",
        coalesce(max(e."senderDomain") filter (where e."category" not in (${ENGAGEMENT}) and e."senderDomain" <> ''),
          max(nullif(e."senderDomain", '')), '') as "senderDomain",
        coalesce(max(e."provider") filter (where e."category" not in (${ENGAGEMENT})), max(e."provider"), '') as "provider",
        min(e."time") filter (where e."category" not in (${ENGAGEMENT})) as "attemptedAt",
        min(e."time") filter (where e."category" not in (${ENGAGEMENT}) and e."status" = 'sent') as "deliveredAt",
        bool_or(e."category" = 'open' and not e."machineOpen") as "opened",
        bool_or(e."category" = 'click') as "clicked",
        bool_or(e."category" = 'unsubscribe') as "unsubscribed",
        bool_or(e."category" = 'complaint') as "complained",
        max(nullif(e."campaign", '')) as "eventCampaign",
        max(nullif(e."variant", '')) as "eventVariant"
      from "DeliveryEvent" e
      where e."orgId" = ${w.orgId} and e."time" >= ${w.from} and e."time" < ${w.to}
      group by 1, 2
    ) msg
    left join "MessageTag" tag on tag."orgId" = ${w.orgId} and tag."messageId" = msg."messageKey"
    left join "RecipientProfile" prof on prof."orgId" = ${w.orgId} and prof."recipientHash" = msg."recipientHash"`;
}

/**
 * One row per conversion that occurred in [from, to) and is attributed to a delivered message of the
 * `messages` relation (a CTE built from attributedMessagesSql over a window that starts `attributionDays`
 * before `from`, so the most recent delivery before each conversion is in it). Columns: "conversionId",
 * "occurredAt", "value", "currency", "recipientHash", and the attributed message's "messageKey". A
 * set-based join (hash join on the recipient, then the latest delivery per conversion), never a lookup
 * per conversion. `messages` is an identifier chosen by the caller, never input.
 */
export function attributedConversionsSql(input: {
  orgId: string;
  from: Date;
  to: Date;
  attributionDays: number;
  messages: Prisma.Sql;
}): Prisma.Sql {
  const days = Math.max(0, Math.floor(input.attributionDays));
  return Prisma.sql`
    select distinct on (c."id") c."id" as "conversionId", c."occurredAt", c."value", c."currency", c."recipientHash", m."messageKey"
    from "Conversion" c
    join ${input.messages} m on m."recipientHash" = c."recipientHash" and m."deliveredAt" is not null
      and m."deliveredAt" <= c."occurredAt" and m."deliveredAt" >= c."occurredAt" - make_interval(days => ${days}::int)
    where c."orgId" = ${input.orgId} and c."occurredAt" >= ${input.from} and c."occurredAt" < ${input.to}
    order by c."id", m."deliveredAt" desc, m."messageKey" desc`;
}
