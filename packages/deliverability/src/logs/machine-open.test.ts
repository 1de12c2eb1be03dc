// Machine opens per provider, on open payloads shaped like each provider's documented webhook: SendGrid's
// sg_machine_open wins; SES, Postmark, Mailgun and SparkPost give only the fetch's user agent and IP, so
// the Apple privacy proxy heuristic (bare "Mozilla/5.0" from 17.0.0.0/8) decides.
import { describe, expect, it } from "vitest";

import { LogCorrelator } from "./correlator.ts";
import { eventsFromJson } from "./esp-json.ts";
import { isAppleNetworkIp, isMachineOpen } from "./machine-open.ts";
import { getLogFormat } from "./registry.ts";

const IPHONE_MAIL_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148";
const GMAIL_PROXY_UA = "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)";

const machineOf = (value: unknown) => eventsFromJson(value).map((e) => [e.source, e.eventType, e.machineOpen ?? false]);

describe("the Apple privacy proxy heuristic", () => {
  it("is a bare Mozilla/5.0 from 17.0.0.0/8, nothing less", () => {
    expect(isMachineOpen({ userAgent: "Mozilla/5.0", ip: "17.58.63.221" })).toBe(true);
    expect(isMachineOpen({ userAgent: " Mozilla/5.0 ", ip: "::ffff:17.1.2.3" })).toBe(true);
    // A real client says more than Mozilla/5.0, even from Apple's network.
    expect(isMachineOpen({ userAgent: IPHONE_MAIL_UA, ip: "17.58.63.221" })).toBe(false);
    // The bare user agent from elsewhere is not Apple's proxy.
    expect(isMachineOpen({ userAgent: "Mozilla/5.0", ip: "171.58.63.221" })).toBe(false);
    expect(isMachineOpen({ userAgent: "Mozilla/5.0", ip: "" })).toBe(false);
    expect(isMachineOpen({ userAgent: "", ip: "17.58.63.221" })).toBe(false);
  });

  it("reads only well-formed IPv4 in 17/8", () => {
    expect(isAppleNetworkIp("17.0.0.1")).toBe(true);
    expect(isAppleNetworkIp("17.300.0.1")).toBe(false);
    expect(isAppleNetworkIp("117.0.0.1")).toBe(false);
    expect(isAppleNetworkIp("2620:149::1")).toBe(false);
  });

  it("lets the provider's flag win either way", () => {
    expect(isMachineOpen({ providerFlag: false, userAgent: "Mozilla/5.0", ip: "17.58.63.221" })).toBe(false);
    expect(isMachineOpen({ providerFlag: true, userAgent: IPHONE_MAIL_UA, ip: "203.0.113.9" })).toBe(true);
  });
});

describe("machine opens per provider", () => {
  it("SendGrid: sg_machine_open decides, whatever the user agent says", () => {
    expect(
      machineOf([
        {
          email: "a@icloud.com",
          timestamp: 1633024800,
          event: "open",
          sg_event_id: "o1",
          sg_message_id: "m1.filter0001",
          sg_machine_open: true,
          useragent: IPHONE_MAIL_UA,
          ip: "203.0.113.9",
        },
        {
          email: "b@gmail.com",
          timestamp: 1633024801,
          event: "open",
          sg_event_id: "o2",
          sg_message_id: "m2.filter0001",
          sg_machine_open: false,
          useragent: "Mozilla/5.0",
          ip: "17.58.63.221",
        },
        // No flag (an account from before the indicator): the heuristic.
        { email: "c@icloud.com", timestamp: 1633024802, event: "open", sg_event_id: "o3", useragent: "Mozilla/5.0", ip: "17.58.63.221" },
        { email: "d@gmail.com", timestamp: 1633024803, event: "open", sg_event_id: "o4", useragent: GMAIL_PROXY_UA, ip: "66.249.93.84" },
        { email: "d@gmail.com", timestamp: 1633024804, event: "click", sg_event_id: "c1", useragent: "Mozilla/5.0", ip: "17.58.63.221" },
      ]),
    ).toEqual([
      ["sendgrid", "open", true],
      ["sendgrid", "open", false],
      ["sendgrid", "open", true],
      ["sendgrid", "open", false],
      ["sendgrid", "click", false],
    ]);
  });

  it("Amazon SES (inside SNS): open.userAgent and open.ipAddress", () => {
    const open = (userAgent: string, ipAddress: string) => ({
      Type: "Notification",
      MessageId: "sns-1",
      TopicArn: "arn:aws:sns:us-east-1:123456789012:ses-events",
      Message: JSON.stringify({
        eventType: "Open",
        mail: {
          timestamp: "2017-08-09T21:59:49.927Z",
          source: "sender@example.com",
          messageId: "EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000",
          destination: ["recipient@example.com"],
          tags: { "ses:configuration-set": ["ConfigSet"] },
        },
        open: { ipAddress: ipAddress, timestamp: "2017-08-09T22:00:19.652Z", userAgent },
      }),
    });
    expect(machineOf([open("Mozilla/5.0", "17.58.63.221"), open(IPHONE_MAIL_UA, "192.0.2.1")])).toEqual([
      ["ses", "open", true],
      ["ses", "open", false],
    ]);
  });

  it("Postmark: UserAgent and Geo.IP of the Open webhook", () => {
    const open = (UserAgent: string, IP: string) => ({
      RecordType: "Open",
      MessageStream: "outbound",
      FirstOpen: true,
      Client: { Name: "Unknown", Company: "Unknown", Family: "Unknown" },
      OS: { Name: "Unknown", Company: "Unknown", Family: "Unknown" },
      Platform: "Unknown",
      UserAgent,
      ReadSeconds: 0,
      Geo: { CountryISOCode: "US", Country: "United States", IP },
      MessageID: "883953f4-6105-42a2-a16a-77a8eac79483",
      ReceivedAt: "2019-11-05T16:33:54.9070259Z",
      Tag: "welcome-email",
      Recipient: "john@example.com",
    });
    expect(machineOf([open("Mozilla/5.0", "17.248.1.2"), open(IPHONE_MAIL_UA, "17.248.1.2")])).toEqual([
      ["postmark", "open", true],
      ["postmark", "open", false],
    ]);
  });

  it("Mailgun: client-info user-agent and ip of the opened event", () => {
    const opened = (ua: string, ip: string) => ({
      signature: { timestamp: "1529006854", token: "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0", signature: "d2271d12" },
      "event-data": {
        event: "opened",
        timestamp: 1529006854.329574,
        id: "DACSsAdVSeGpLid7TN03WA",
        recipient: "alice@example.com",
        ip,
        geolocation: { country: "US", region: "CA", city: "San Francisco" },
        "client-info": {
          "client-type": "mobile browser",
          "client-os": "iOS",
          "device-type": "mobile",
          "client-name": "Mobile Safari",
          "user-agent": ua,
        },
        message: { headers: { "message-id": "20130503182626.18666.16540@example.com" } },
        tags: ["my_tag_1"],
      },
    });
    expect(machineOf([opened("Mozilla/5.0", "17.1.2.3"), opened(IPHONE_MAIL_UA, "198.51.100.7")])).toEqual([
      ["mailgun", "open", true],
      ["mailgun", "open", false],
    ]);
  });

  it("SparkPost: user_agent and ip_address of the open track event", () => {
    const open = (type: string, user_agent: string, ip_address: string) => ({
      msys: {
        track_event: {
          type,
          campaign_id: "Example Campaign Name",
          message_id: "0e0d94b7-9085-4e3c-ab30-e3f2cd9c273e",
          rcpt_to: "recipient@example.com",
          timestamp: "1460989507",
          user_agent,
          ip_address,
          geo_ip: { country: "US", region: "MD", city: "Columbia" },
        },
      },
    });
    expect(machineOf([open("initial_open", "Mozilla/5.0", "17.22.33.44"), open("open", GMAIL_PROXY_UA, "66.249.93.84")])).toEqual([
      ["sparkpost", "open", true],
      ["sparkpost", "open", false],
    ]);
  });

  it("reaches the delivery event through the correlator (absent: false)", () => {
    const c = new LogCorrelator({ format: getLogFormat("sendgrid") });
    const lines = [
      JSON.stringify({ email: "a@icloud.com", timestamp: 1633024800, event: "open", sg_event_id: "o1", sg_machine_open: true }),
      JSON.stringify({ email: "a@icloud.com", timestamp: 1633024801, event: "delivered", sg_event_id: "d1", response: "250 OK" }),
    ];
    const events = [...c.write(`${lines.join("\n")}\n`), ...c.end()];
    expect(events.map((e) => [e.eventType, e.machineOpen])).toEqual([
      ["open", true],
      ["delivered", false],
    ]);
  });
});
