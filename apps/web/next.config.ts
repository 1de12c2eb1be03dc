import type { NextConfig } from "next";

const config: NextConfig = {
  transpilePackages: [
    "@inboxwatch/alerting",
    "@inboxwatch/api",
    "@inboxwatch/auth",
    "@inboxwatch/db",
    "@inboxwatch/services",
    "@inboxwatch/jobs",
    "@inboxwatch/ui",
    "@inboxwatch/deliverability",
    "@inboxwatch/env",
    "@inboxwatch/reporting",
  ],
  serverExternalPackages: [
    "@node-rs/argon2",
    "pg",
    "pg-boss",
    "nodemailer",
    "mailparser",
    "mailauth",
    "smtp-server",
    "playwright-core",
    "@react-email/render",
  ],
  // Typecheck and lint run once for the whole monorepo in `npm test`; doing them again here only slows builds.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
