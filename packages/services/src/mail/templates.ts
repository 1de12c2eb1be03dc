/** Plain, readable transactional mails. HTML kept minimal so it renders everywhere. */
function layout(title: string, body: string, action?: { label: string; url: string }): string {
  const button = action
    ? `<p><a href="${action.url}" style="display:inline-block;padding:10px 16px;background:#4f46e5;color:#fff;border-radius:6px;text-decoration:none">${action.label}</a></p>`
    : "";
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111827;max-width:560px;margin:auto;padding:24px"><h2>${title}</h2>${body}${button}<p style="color:#6b7280;font-size:12px">Inboxwatch — where your email really ends up.</p></body></html>`;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function magicLinkMail(url: string) {
  return {
    subject: "Your Inboxwatch sign-in link",
    text: `Sign in to Inboxwatch: ${url}\n\nThe link works once and expires in 15 minutes. If you did not ask for it, ignore this mail.`,
    html: layout("Sign in to Inboxwatch", "<p>The link works once and expires in 15 minutes.</p>", { label: "Sign in", url }),
  };
}

export function invitationMail(orgName: string, inviter: string, role: string, url: string) {
  return {
    subject: `${inviter} invited you to ${orgName} on Inboxwatch`,
    text: `${inviter} invited you to join ${orgName} on Inboxwatch as ${role}.\n\nAccept: ${url}\n\nThe invitation expires in 7 days.`,
    html: layout(
      `Join ${escape(orgName)} on Inboxwatch`,
      `<p>${escape(inviter)} invited you as <b>${escape(role)}</b>. The invitation expires in 7 days.</p>`,
      { label: "Accept invitation", url },
    ),
  };
}

export function verifyEmailMail(url: string) {
  return {
    subject: "Confirm your address for Inboxwatch",
    text: `Confirm your address to finish creating your Inboxwatch account: ${url}\n\nThe link works once and expires in 24 hours. If you did not create an account, ignore this mail: nobody can use an account at this address without it.`,
    html: layout(
      "Confirm your address",
      "<p>Open the link to finish creating your Inboxwatch account. It works once and expires in 24 hours.</p><p>If you did not create an account, ignore this mail: nobody can use an account at this address without it.</p>",
      { label: "Confirm my address", url },
    ),
  };
}

/** Sent instead of "account created" when someone signs up with an address that already has an account. */
export function existingAccountMail(url: string) {
  return {
    subject: "Someone tried to create an Inboxwatch account with your address",
    text: `Someone (perhaps you) tried to create an Inboxwatch account with this address, which already has one.\n\nTo sign in, use this link: ${url}\n\nIt works once and expires in 15 minutes. If it was not you, ignore this mail: your account is unchanged.`,
    html: layout(
      "You already have an account",
      "<p>Someone (perhaps you) tried to create an Inboxwatch account with this address, which already has one. The link below signs you in; it works once and expires in 15 minutes.</p><p>If it was not you, ignore this mail: your account is unchanged.</p>",
      { label: "Sign in", url },
    ),
  };
}
