/**
 * Which mail provider or ESP sends from a DMARC source IP: first by the suffix of its verified PTR name
 * (providers name their outbound hosts under a few stable domains), then by the published outbound
 * ranges of the largest senders (from their SPF includes; ranges drift, so the PTR wins when both exist).
 * Data, not logic: add a row to name another sender.
 */
import ipaddr from "ipaddr.js";

/** PTR suffix (a whole label boundary: "x.sendgrid.net" matches "sendgrid.net", "notsendgrid.net" does not) → provider. */
export const PTR_SUFFIX_PROVIDERS: readonly (readonly [suffix: string, provider: string])[] = [
  ["google.com", "Google"],
  ["outbound.protection.outlook.com", "Microsoft"],
  ["protection.outlook.com", "Microsoft"],
  ["outlook.com", "Microsoft"],
  ["hotmail.com", "Microsoft"],
  ["amazonses.com", "Amazon SES"],
  ["sendgrid.net", "SendGrid"],
  ["mailgun.net", "Mailgun"],
  ["mailgun.org", "Mailgun"],
  ["mandrillapp.com", "Mailchimp (Mandrill)"],
  ["mcsv.net", "Mailchimp"],
  ["mcdlv.net", "Mailchimp"],
  ["rsgsv.net", "Mailchimp"],
  ["mtasv.net", "Postmark"],
  ["sparkpostmail.com", "SparkPost"],
  ["zoho.com", "Zoho"],
  ["zohomail.com", "Zoho"],
  ["zoho.eu", "Zoho"],
  ["yahoo.com", "Yahoo"],
  ["yahoo.net", "Yahoo"],
  ["yahoodns.net", "Yahoo"],
  ["exacttarget.com", "Salesforce Marketing Cloud"],
  ["salesforce.com", "Salesforce"],
  ["hubspotemail.net", "HubSpot"],
  ["sendinblue.com", "Brevo"],
  ["brevo.com", "Brevo"],
  ["mailjet.com", "Mailjet"],
  ["messagingengine.com", "Fastmail"],
  ["pphosted.com", "Proofpoint"],
  ["mimecast.com", "Mimecast"],
  ["ccsend.com", "Constant Contact"],
  ["constantcontact.com", "Constant Contact"],
  ["klaviyomail.com", "Klaviyo"],
  ["icloud.com", "Apple iCloud"],
  ["mail.ru", "Mail.ru"],
  ["yandex.net", "Yandex"],
];

/** Outbound ranges published by large senders (their SPF records), for IPs without a telling PTR. */
export const RANGE_PROVIDERS: readonly (readonly [cidr: string, provider: string])[] = [
  // _netblocks.google.com
  ["209.85.128.0/17", "Google"],
  ["74.125.0.0/16", "Google"],
  ["64.233.160.0/19", "Google"],
  ["66.102.0.0/20", "Google"],
  ["72.14.192.0/18", "Google"],
  ["108.177.8.0/21", "Google"],
  ["173.194.0.0/16", "Google"],
  ["2607:f8b0:4000::/36", "Google"],
  ["2a00:1450:4000::/37", "Google"],
  // spf.protection.outlook.com
  ["40.92.0.0/15", "Microsoft"],
  ["40.107.0.0/16", "Microsoft"],
  ["52.100.0.0/14", "Microsoft"],
  ["104.47.0.0/17", "Microsoft"],
  ["2a01:111:f400::/48", "Microsoft"],
  ["2a01:111:f403::/49", "Microsoft"],
  // amazonses.com
  ["54.240.0.0/18", "Amazon SES"],
  ["23.249.208.0/20", "Amazon SES"],
  ["23.251.224.0/19", "Amazon SES"],
  ["76.223.176.0/20", "Amazon SES"],
  // sendgrid.net
  ["167.89.0.0/17", "SendGrid"],
  ["149.72.0.0/16", "SendGrid"],
  ["168.245.0.0/17", "SendGrid"],
  ["198.37.144.0/20", "SendGrid"],
  ["50.31.32.0/19", "SendGrid"],
  // mailgun.org
  ["198.61.254.0/23", "Mailgun"],
  ["209.61.151.0/24", "Mailgun"],
  ["166.78.68.0/22", "Mailgun"],
  // servers.mcsv.net, spf.mandrillapp.com
  ["198.2.128.0/18", "Mailchimp"],
  ["205.201.128.0/20", "Mailchimp"],
  ["148.105.0.0/16", "Mailchimp"],
  // spf.mtasv.net
  ["50.31.156.0/23", "Postmark"],
  ["104.245.209.192/26", "Postmark"],
  // sparkpostmail.com
  ["192.174.80.0/20", "SparkPost"],
  // zoho.com
  ["136.143.160.0/19", "Zoho"],
  // _spf.mail.yahoo.com
  ["98.136.0.0/14", "Yahoo"],
  ["66.163.160.0/19", "Yahoo"],
  ["74.6.0.0/16", "Yahoo"],
  // cust-spf.exacttarget.com
  ["13.111.0.0/16", "Salesforce Marketing Cloud"],
  // spf.sendinblue.com
  ["185.107.232.0/22", "Brevo"],
];

const PARSED_RANGES = RANGE_PROVIDERS.map(([cidr, provider]) => ({ range: ipaddr.parseCIDR(cidr), provider }));

export function providerOfPtr(ptr: string): string | null {
  const name = ptr.toLowerCase().replace(/\.$/, "");
  for (const [suffix, provider] of PTR_SUFFIX_PROVIDERS) {
    if (name === suffix || name.endsWith(`.${suffix}`)) return provider;
  }
  return null;
}

export function providerOfIp(ip: string): string | null {
  if (!ipaddr.isValid(ip)) return null;
  const addr = ipaddr.process(ip);
  for (const { range, provider } of PARSED_RANGES) {
    if (range[0].kind() === addr.kind() && addr.match(range)) return provider;
  }
  return null;
}

/** The provider of a source: its PTR's suffix, else its address range, else null (unknown). */
export function providerOf(ip: string, ptr: string | null): string | null {
  return (ptr ? providerOfPtr(ptr) : null) ?? providerOfIp(ip);
}
