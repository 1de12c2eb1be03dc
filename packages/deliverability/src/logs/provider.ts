/**
 * Groups recipient domains into mailbox providers, by the domain itself or, for hosted domains, by the
 * MX / relay host that accepted the mail (a company domain on Google Workspace is "google").
 */

const DOMAIN_PROVIDERS: Record<string, string> = {};
const add = (provider: string, domains: string[]) => domains.forEach((d) => (DOMAIN_PROVIDERS[d] = provider));
add("google", ["gmail.com", "googlemail.com", "google.com"]);
add("microsoft", [
  "outlook.com",
  "hotmail.com",
  "live.com",
  "msn.com",
  "hotmail.co.uk",
  "hotmail.fr",
  "hotmail.de",
  "hotmail.it",
  "live.co.uk",
  "live.fr",
  "outlook.fr",
  "outlook.de",
  "windowslive.com",
  "passport.com",
]);
add("yahoo", [
  "yahoo.com",
  "yahoo.co.uk",
  "yahoo.fr",
  "yahoo.de",
  "yahoo.it",
  "yahoo.es",
  "yahoo.co.jp",
  "ymail.com",
  "rocketmail.com",
  "aol.com",
  "aim.com",
  "aol.co.uk",
  "verizon.net",
  "att.net",
  "sbcglobal.net",
  "bellsouth.net",
]);
add("apple", ["icloud.com", "me.com", "mac.com"]);
add("gmx", ["gmx.de", "gmx.net", "gmx.at", "gmx.ch", "gmx.com", "web.de", "mail.com", "1und1.de"]);
add("mailru", ["mail.ru", "bk.ru", "inbox.ru", "list.ru", "internet.ru"]);
add("yandex", ["yandex.ru", "yandex.com", "ya.ru", "yandex.ua", "yandex.by", "yandex.kz"]);
add("comcast", ["comcast.net", "xfinity.com"]);
add("orange", ["orange.fr", "wanadoo.fr", "laposte.net"]);
add("t-online", ["t-online.de", "magenta.de"]);
add("proton", ["proton.me", "protonmail.com", "protonmail.ch", "pm.me"]);
add("zoho", ["zoho.com", "zohomail.com"]);
add("fastmail", ["fastmail.com", "fastmail.fm"]);
add("tencent", ["qq.com", "foxmail.com"]);
add("netease", ["163.com", "126.com", "yeah.net"]);
add("free", ["free.fr"]);
add("sfr", ["sfr.fr", "neuf.fr"]);
add("libero", ["libero.it"]);
add("seznam", ["seznam.cz"]);
add("interia", ["interia.pl"]);
add("wp", ["wp.pl", "o2.pl"]);
add("naver", ["naver.com"]);
add("charter", ["charter.net", "spectrum.net", "rr.com"]);
add("cox", ["cox.net"]);

/** MX / relay host suffixes of hosting providers, longest first where they overlap. */
const MX_SUFFIXES: [string, string][] = [
  ["google.com", "google"],
  ["googlemail.com", "google"],
  ["protection.outlook.com", "microsoft"],
  ["outlook.com", "microsoft"],
  ["hotmail.com", "microsoft"],
  ["yahoodns.net", "yahoo"],
  ["yahoo.com", "yahoo"],
  ["aol.com", "yahoo"],
  ["icloud.com", "apple"],
  ["me.com", "apple"],
  ["apple.com", "apple"],
  ["gmx.net", "gmx"],
  ["web.de", "gmx"],
  ["mail.ru", "mailru"],
  ["yandex.ru", "yandex"],
  ["yandex.net", "yandex"],
  ["comcast.net", "comcast"],
  ["orange.fr", "orange"],
  ["t-online.de", "t-online"],
  ["protonmail.ch", "proton"],
  ["zoho.com", "zoho"],
  ["messagingengine.com", "fastmail"],
  ["qq.com", "tencent"],
  ["163.com", "netease"],
  ["mimecast.com", "mimecast"],
  ["pphosted.com", "proofpoint"],
  ["messagelabs.com", "broadcom"],
  ["barracudanetworks.com", "barracuda"],
];

function hostMatches(host: string, suffix: string): boolean {
  return host === suffix || host.endsWith(`.${suffix}`);
}

/** The provider for a recipient domain (and the MX or relay host that handled it, when known); "other" otherwise. */
export function providerFor(domain: string, mxHost = ""): string {
  const d = domain.toLowerCase().replace(/\.$/, "");
  const byDomain = DOMAIN_PROVIDERS[d];
  if (byDomain) return byDomain;
  const mx = mxHost.toLowerCase().replace(/\.$/, "");
  if (mx !== "") for (const [suffix, provider] of MX_SUFFIXES) if (hostMatches(mx, suffix)) return provider;
  return "other";
}

const PROVIDER_NAMES: Record<string, string> = {
  google: "Gmail / Google Workspace",
  microsoft: "Microsoft (Outlook, Hotmail, 365)",
  yahoo: "Yahoo / AOL",
  apple: "Apple iCloud",
  gmx: "GMX / WEB.DE",
  mailru: "Mail.ru",
  yandex: "Yandex",
  comcast: "Comcast",
  orange: "Orange",
  "t-online": "T-Online",
  proton: "Proton",
  zoho: "Zoho",
  fastmail: "Fastmail",
  tencent: "Tencent QQ",
  netease: "NetEase",
  free: "Free",
  sfr: "SFR",
  libero: "Libero",
  seznam: "Seznam",
  interia: "Interia",
  wp: "WP / o2",
  naver: "Naver",
  charter: "Charter Spectrum",
  cox: "Cox",
  other: "Other providers",
};

/** The name people know a provider key by ("google" → "Gmail / Google Workspace"); unknown keys as they are. */
export function providerDisplayName(provider: string): string {
  return PROVIDER_NAMES[provider] ?? provider;
}
