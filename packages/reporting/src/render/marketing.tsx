/** @jsxRuntime automatic @jsxImportSource react */
/**
 * The marketing audience's pages: campaigns (with a click-rate chart), the cohort summary and experiments,
 * each sentence with its facts, then the ROI section. The operations appendix reuses the campaign table
 * when the period had campaigns.
 */
import { type ReactNode } from "react";

import { type ReportFigures } from "../figures.ts";
import { formatCount, formatMoney, formatPercent } from "../format.ts";
import { NO_MAIL_STATEMENT, formatRate } from "./format.ts";
import { RoiBlock } from "./leadership.tsx";
import { Chart, Empty, Facts, Section } from "./parts.tsx";
import { barChartSvg } from "./svg.ts";

function money(amount: number | null, currency: string | null): string {
  if (amount === null) return "—";
  return currency === null ? formatCount(amount) : formatMoney(amount, currency);
}

export function CampaignsTable({ figures }: { figures: ReportFigures }): ReactNode {
  const campaigns = figures.marketing?.campaigns ?? [];
  if (campaigns.length === 0) return <Empty>No campaign sent mail in this period.</Empty>;
  const currency = figures.roi?.currency ?? null;
  return (
    <table className="iw-table">
      <thead>
        <tr>
          <th>Campaign</th>
          <th className="iw-num">Sent</th>
          <th className="iw-num">Accepted</th>
          <th className="iw-num">Opens</th>
          <th className="iw-num">Clicks</th>
          <th className="iw-num">Conversions</th>
          <th className="iw-num">Revenue</th>
        </tr>
      </thead>
      <tbody>
        {campaigns.map((c) => (
          <tr key={c.campaign}>
            <td>{c.campaign}</td>
            <td className="iw-num">{formatCount(c.attempted)}</td>
            <td className="iw-num">{formatRate(c.accepted)}</td>
            <td className="iw-num">{formatRate(c.openRate)}</td>
            <td className="iw-num">{formatRate(c.clickRate)}</td>
            <td className="iw-num">{formatCount(c.conversions)}</td>
            <td className="iw-num">{money(c.revenue, currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MarketingSections({ figures }: { figures: ReportFigures }): ReactNode {
  const m = figures.marketing;
  const clicks = (m?.campaigns ?? []).flatMap((c) =>
    c.clickRate.state === "ok" ? [{ label: c.campaign, value: c.clickRate.value, display: formatPercent(c.clickRate.value) }] : [],
  );
  return (
    <>
      <Section title="Campaigns" breakBefore id="campaigns">
        {figures.noMail ? <p className="iw-nomail">{NO_MAIL_STATEMENT}</p> : <CampaignsTable figures={figures} />}
        {clicks.length ? (
          <>
            <h3>Click rate by campaign</h3>
            <Chart svg={barChartSvg(clicks, { title: "Click rate by campaign", width: 640, labelWidth: 190 })} />
          </>
        ) : null}
      </Section>
      {m && m.cohorts.length ? (
        <Section title="Cohorts" id="cohorts">
          <ul className="iw-narrative">
            {m.cohorts.map((c, i) => (
              <li key={i}>
                <p>{c.sentence}</p>
                <Facts facts={c.facts} />
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      {m && m.experiments.length ? (
        <Section title="Experiments" id="experiments">
          {m.experiments.map((e) => (
            <div className="iw-finding" key={e.id}>
              <div className="iw-small iw-muted">{e.status}</div>
              <div>
                <p>
                  <b>{e.name}</b>: {e.sentence}
                </p>
                <Facts facts={e.facts} />
              </div>
            </div>
          ))}
        </Section>
      ) : null}
      <Section title="Return on deliverability" id="roi">
        <RoiBlock roi={figures.roi} />
      </Section>
    </>
  );
}
