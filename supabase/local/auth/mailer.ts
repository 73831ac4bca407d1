/**
 * The confirmation mail of a signup (internal/api/mail.go sendConfirmation,
 * mailer ConfirmationMail), with its limits: not again within `max_frequency`
 * for one user, and no more than `email_sent` per hour for the project. The
 * emulator sends no mail: the caller logs the link GoTrue would have mailed.
 */
import { createHash, randomInt } from "node:crypto";
import type { AuthContext } from "./context.ts";
import { AuthError } from "./errors.ts";
import { encodeRedirectUrl } from "./redirects.ts";
import * as store from "./store.ts";

/** The line logged in place of a confirmation mail. */
export function confirmationLogLine(email: string, link: string): string {
  return `Confirmation link for ${email}: ${link}`;
}

/**
 * "Sends" a confirmation link: records its token hash and sending time.
 * @param redirectTo where the link leads after confirming (already checked against the allow list).
 * @returns the user as updated and the link to log once the transaction commits.
 * @throws AuthError 429 over_email_send_rate_limit within max_frequency of the last
 *   mail to this user, or when this hour's `email_sent` is used up.
 */
export async function sendConfirmation(
  ctx: AuthContext,
  tx: store.Tx,
  user: store.UserRow,
  redirectTo: string,
): Promise<{ user: store.UserRow; link: string }> {
  const { maxFrequency } = ctx.settings.email;
  if (user.confirmation_sent_at) {
    const leftMs = user.confirmation_sent_at.getTime() + maxFrequency * 1000 - Date.now();
    if (leftMs > 0) {
      throw new AuthError(
        429,
        "over_email_send_rate_limit",
        `For security purposes, you can only request this after ${Math.floor(leftMs / 1000)} seconds.`,
      );
    }
  }
  ctx.limits.email.take();
  const email = user.email ?? "";
  // GoTrue mails a 6-digit OTP and links with sha224(email + otp), the hash it stores.
  const otp = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const tokenHash = createHash("sha224").update(email + otp).digest("hex");
  const updated = await store.setConfirmationToken(tx, user.id, tokenHash);
  const link = `${ctx.issuer}/verify?token=${tokenHash}&type=signup&redirect_to=${encodeRedirectUrl(redirectTo)}`;
  return { user: updated, link };
}
