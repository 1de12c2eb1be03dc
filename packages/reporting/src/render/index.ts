export * from "./chat.ts";
export * from "./document.tsx";
export * from "./email.tsx";
export * from "./svg.ts";
export { REPORT_CSS } from "./document-css.ts";
export { COLORS, NO_MAIL_STATEMENT, appLink, assertKnownVersion, safeLogoDataUrl } from "./format.ts";
