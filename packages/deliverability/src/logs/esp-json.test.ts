// Campaign and variant from each ESP's own tagging fields, on payloads shaped like the providers' documented
// webhook examples (SendGrid Event Webhook, Mailgun event-data, Postmark, SES through SNS, SparkPost msys).
import { describe, expect, it } from "vitest";

import { LogCorrelator } from "./correlator.ts";
import { CAMPAIGN_MAX_CHARS, eventsFromJson } from "./esp-json.ts";
import { getLogFormat } from "./registry.ts";

const tagsOf = (value: unknown) => eventsFromJson(value).map((e) => [e.source, e.campaign, e.variant]);

describe("ESP campaign and variant", () => {
  it("SendGrid: a category (string or list) is the campaign unless a custom arg names one; custom args carry the variant", () => {
    expect(
      tagsOf([
        // The Event Webhook's sample: categories as a list, unique args as top-level keys.
        {
          email: "example@test.com",
          timestamp: 1513299569,
          "smtp-id": "<14c5d75ce93.dfd.64b469@ismtpd-555>",
          event: "delivered",
          category: ["cat facts", "weekly"],
          sg_event_id: "sg_event_id",
          sg_message_id: "sg_message_id",
          response: "250 OK",
        },
        { email: "a@gmail.com", timestamp: 1513299570, event: "open", category: "spring-sale", sg_event_id: "o1" },
        {
          email: "b@gmail.com",
          timestamp: 1513299571,
          event: "click",
          category: ["newsletter"],
          campaign: "spring-sale",
          variant: "subject-b",
          sg_event_id: "c1",
        },
        {
          email: "c@gmail.com",
          timestamp: 1513299572,
          event: "delivered",
          unique_args: { campaign: "legacy", variant: "a" },
          sg_event_id: "d2",
        },
        { email: "d@gmail.com", timestamp: 1513299573, event: "delivered", sg_event_id: "d3" },
      ]),
    ).toEqual([
      ["sendgrid", "cat facts", ""],
      ["sendgrid", "spring-sale", ""],
      ["sendgrid", "spring-sale", "subject-b"],
      ["sendgrid", "legacy", "a"],
      ["sendgrid", "", ""],
    ]);
  });

  it("Mailgun: user-variables name campaign and variant, else the first tag", () => {
    const event = (data: Record<string, unknown>) => ({
      signature: { timestamp: "1529006854", token: "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0", signature: "d2271d12" },
      "event-data": {
        event: "delivered",
        timestamp: 1521472262.908181,
        id: "CPgfbmQMTCKtHW6uIWtuVe",
        recipient: "alice@example.com",
        message: {
          headers: {
            to: "Alice <alice@example.com>",
            "message-id": "20130503182626.18666.16540@example.com",
            from: "Bob <bob@example.com>",
          },
        },
        "delivery-status": { code: 250, message: "OK" },
        ...data,
      },
    });
    expect(
      [
        event({ tags: ["my_tag_1", "my_tag_2"], "user-variables": { my_var_1: "Mailgun Variable #1" } }),
        event({ tags: ["my_tag_1"], "user-variables": { campaign: "black-friday", variant: "B" } }),
        event({ event: "opened", tags: [] }),
      ].flatMap(tagsOf),
    ).toEqual([
      ["mailgun", "my_tag_1", ""],
      ["mailgun", "black-friday", "B"],
      ["mailgun", "", ""],
    ]);
  });

  it("Postmark: Metadata names campaign and variant, else the Tag", () => {
    const delivery = {
      RecordType: "Delivery",
      ServerID: 23,
      MessageStream: "outbound",
      MessageID: "00000000-0000-0000-0000-000000000000",
      Recipient: "john@example.com",
      Tag: "welcome-email",
      DeliveredAt: "2019-11-05T16:33:54.9070259Z",
      Details: "Test delivery webhook details",
      Metadata: { a_key: "a_value", b_key: "b_value" },
    };
    expect(
      [
        delivery,
        { ...delivery, Metadata: { campaign: "onboarding", variant: "long-copy" } },
        { RecordType: "Open", Recipient: "john@example.com", MessageID: "m2", ReceivedAt: "2019-11-05T16:40:00Z", Tag: "" },
      ].flatMap(tagsOf),
    ).toEqual([
      ["postmark", "welcome-email", ""],
      ["postmark", "onboarding", "long-copy"],
      ["postmark", "", ""],
    ]);
  });

  it("SES (inside SNS): a campaign tag wins, Amazon's own ses: tags never name a campaign", () => {
    const mail = (tags: Record<string, string[]>) => ({
      timestamp: "2016-10-19T23:20:52.240Z",
      source: "sender@example.com",
      messageId: "EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000",
      destination: ["recipient@example.com"],
      tags,
    });
    const delivery = (tags: Record<string, string[]>) =>
      JSON.stringify({
        eventType: "Delivery",
        mail: mail(tags),
        delivery: {
          timestamp: "2016-10-19T23:21:04.133Z",
          processingTimeMillis: 11893,
          recipients: ["recipient@example.com"],
          smtpResponse: "250 2.6.0 Message received",
          reportingMTA: "mta.example.com",
        },
      });
    const sns = (message: string) => ({ Type: "Notification", MessageId: "m", TopicArn: "arn:aws:sns:us-east-1:1:t", Message: message });
    expect(
      [
        sns(
          delivery({
            "ses:configuration-set": ["ConfigSet"],
            "ses:from-domain": ["example.com"],
            campaign: ["book-launch"],
            variant: ["v2"],
          }),
        ),
        sns(delivery({ "ses:configuration-set": ["ConfigSet"], newsletter: ["october"] })),
        sns(delivery({ "ses:configuration-set": ["ConfigSet"] })),
      ].flatMap(tagsOf),
    ).toEqual([
      ["ses", "book-launch", "v2"],
      ["ses", "october", ""],
      ["ses", "", ""],
    ]);
  });

  it("SparkPost: rcpt_meta's campaign or the campaign_id, else the first tag; rcpt_meta carries the variant", () => {
    const delivery = (fields: Record<string, unknown>) => ({
      msys: {
        message_event: {
          type: "delivery",
          campaign_id: "",
          message_id: "0e0d94b7-9085-4e3c-ab30-e3f2cd9c273e",
          rcpt_to: "recipient@example.com",
          rcpt_meta: {},
          rcpt_tags: ["male", "US"],
          tags: [],
          timestamp: "1460989507",
          ...fields,
        },
      },
    });
    expect(
      tagsOf([
        delivery({ campaign_id: "Example Campaign Name", rcpt_meta: { customKey: "customValue", variant: "b" } }),
        delivery({ rcpt_meta: { campaign: "from-meta" }, tags: ["tag-one"] }),
        delivery({ tags: ["tag-one", "tag-two"] }),
        delivery({}),
      ]),
    ).toEqual([
      ["sparkpost", "Example Campaign Name", "b"],
      ["sparkpost", "from-meta", ""],
      ["sparkpost", "tag-one", ""],
      ["sparkpost", "", ""],
    ]);
  });

  it("the correlator keeps them on the event (cut to CAMPAIGN_MAX_CHARS); MTA log events carry none", () => {
    const c = new LogCorrelator({ format: getLogFormat("json") });
    const long = "x".repeat(CAMPAIGN_MAX_CHARS + 50);
    const [tagged] = [
      ...c.write(`${JSON.stringify({ email: "a@gmail.com", timestamp: 1765000000, event: "delivered", campaign: long, variant: "A" })}\n`),
    ];
    expect(tagged).toMatchObject({ campaign: "x".repeat(CAMPAIGN_MAX_CHARS), variant: "A" });
    const postfix = new LogCorrelator({ format: getLogFormat("postfix") });
    const [sent] = [
      ...postfix.write(
        "Mar  1 10:00:00 mx postfix/smtp[1]: ABC123: to=<a@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.1.27]:25, delay=2, delays=0/0/1/1, dsn=2.0.0, status=sent (250 2.0.0 OK)\n",
      ),
    ];
    expect(sent).toMatchObject({ campaign: "", variant: "" });
  });
});
