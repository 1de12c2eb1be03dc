/**
 * Read-only share links of archived reports (issue 14 point 4). The link carries a random 256-bit token;
 * only its SHA-256 is stored, so the token cannot be forged, guessed or read back from the database, and a
 * tampered one matches nothing. Opening a link needs no login and answers NOT_FOUND for anything but a live
 * link of a ready edition of the link's own organization — expired, revoked, unknown or tampered alike.
 */
import { recordAudit } from "../audit/record.ts";
import { actorId, inTx, type InTx, type OrgContext, type SystemContext } from "../context.ts";
import { randomToken, sha256Hex } from "../crypto/tokens.ts";
import { NotFoundError } from "../errors.ts";
import { servicesEnv } from "../env.ts";
import { ZCreateShare } from "./schema.ts";

const DAY_MS = 86_400_000;
/** Links made for delivery (external recipients, chat, webhooks) live as long as the longest a person may choose. */
export const DELIVERY_SHARE_DAYS = 90;
/** A token is 43 base64url characters; anything longer is refused before hashing. */
const TOKEN_MAX_LENGTH = 100;

export function shareUrl(token: string): string {
  return `${servicesEnv().APP_URL.replace(/\/+$/, "")}/share/reports/${token}`;
}

/** Creates a share row inside the caller's transaction and returns its token (shown once, never stored in clear). */
export async function insertShare(
  ctx: Pick<InTx<SystemContext>, "db">,
  input: { orgId: string; editionId: string; expiresAt: Date; createdById: string | null },
): Promise<{ id: string; token: string }> {
  const token = randomToken(32);
  const row = await ctx.db.reportShare.create({
    data: {
      orgId: input.orgId,
      editionId: input.editionId,
      tokenHash: sha256Hex(token),
      expiresAt: input.expiresAt,
      createdById: input.createdById,
    },
    select: { id: true },
  });
  return { id: row.id, token };
}

export async function createShare(ctx: OrgContext, input: { editionId: string; expiresInDays?: number }, now = new Date()) {
  const data = ZCreateShare.parse(input);
  const edition = await ctx.db.reportEdition.findFirst({
    where: { id: data.editionId, orgId: ctx.orgId, status: "ready" },
    select: { id: true },
  });
  if (!edition) throw new NotFoundError("Report");
  const expiresAt = new Date(now.getTime() + data.expiresInDays * DAY_MS);
  return ctx.db.$transaction(async (tx) => {
    const share = await insertShare({ db: tx }, { orgId: ctx.orgId, editionId: edition.id, expiresAt, createdById: actorId(ctx.actor) });
    await recordAudit(inTx(ctx, tx), {
      action: "report.share",
      targetType: "ReportEdition",
      targetId: edition.id,
      metadata: { shareId: share.id, expiresAt: expiresAt.toISOString() },
    });
    return { id: share.id, url: shareUrl(share.token), expiresAt };
  });
}

export async function listShares(ctx: OrgContext, input: { editionId: string }) {
  const edition = await ctx.db.reportEdition.findFirst({ where: { id: input.editionId, orgId: ctx.orgId }, select: { id: true } });
  if (!edition) throw new NotFoundError("Report");
  return ctx.db.reportShare.findMany({
    where: { orgId: ctx.orgId, editionId: input.editionId },
    // createdById null: the link the build made for recipients who cannot sign in (revoking it breaks their links).
    select: { id: true, expiresAt: true, revokedAt: true, createdAt: true, lastViewedAt: true, views: true, createdById: true },
    orderBy: { createdAt: "desc" },
  });
}

export async function revokeShare(ctx: OrgContext, input: { id: string }, now = new Date()) {
  const share = await ctx.db.reportShare.findFirst({
    where: { id: input.id, orgId: ctx.orgId },
    select: { id: true, editionId: true, revokedAt: true },
  });
  if (!share) throw new NotFoundError("Share link");
  if (share.revokedAt) return { id: share.id, revokedAt: share.revokedAt };
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.reportShare.update({ where: { id: share.id }, data: { revokedAt: now }, select: { id: true, revokedAt: true } });
    await recordAudit(inTx(ctx, tx), {
      action: "report.unshare",
      targetType: "ReportEdition",
      targetId: share.editionId,
      metadata: { shareId: share.id },
    });
    return row;
  });
}

/** The edition a share token opens: its frozen figures and PDF, nothing else of the organization. */
export async function openSharedReport(ctx: SystemContext, input: { token: string; now?: Date }) {
  const now = input.now ?? new Date();
  if (!/^[A-Za-z0-9_-]{20,}$/.test(input.token) || input.token.length > TOKEN_MAX_LENGTH) throw new NotFoundError("Report");
  const share = await ctx.db.reportShare.findUnique({
    where: { tokenHash: sha256Hex(input.token) },
    select: {
      id: true,
      orgId: true,
      expiresAt: true,
      revokedAt: true,
      edition: { select: { id: true, orgId: true, status: true, title: true, figures: true } },
    },
  });
  if (
    !share ||
    share.revokedAt ||
    share.expiresAt <= now ||
    share.edition.orgId !== share.orgId ||
    share.edition.status !== "ready" ||
    !share.edition.figures
  ) {
    throw new NotFoundError("Report");
  }
  await ctx.db.reportShare.update({ where: { id: share.id }, data: { views: { increment: 1 }, lastViewedAt: now } });
  return { editionId: share.edition.id, title: share.edition.title, figures: share.edition.figures };
}

/** The PDF of a shared edition (same checks as opening it). */
export async function openSharedReportPdf(
  ctx: SystemContext,
  input: { token: string; now?: Date },
): Promise<{ title: string; pdf: Uint8Array }> {
  const opened = await openSharedReport(ctx, input);
  const row = await ctx.db.reportEdition.findUnique({ where: { id: opened.editionId }, select: { pdf: true } });
  if (!row?.pdf) throw new NotFoundError("Report PDF");
  return { title: opened.title, pdf: row.pdf };
}
