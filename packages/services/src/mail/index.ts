// Mail the platform sends (sign-in links, invitations, alert mail): queued sealed, delivered by SMTP or the dev outbox.
export { deliverMail, isOutboxMode, listOutbox, type MailMessage } from "./send-mail.ts";
export { deliverQueuedMail, openMail, queueMail, sealMail, type MailContent } from "./sealed-mail.ts";
