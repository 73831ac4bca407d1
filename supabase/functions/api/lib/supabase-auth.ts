/**
 * Supabase Auth client for register/login/refresh (DESIGN.md "Auth"): the
 * real `@supabase/supabase-js` against `<SUPABASE_URL>/auth/v1`, hosted GoTrue
 * or the local emulator alike.
 */
import { createClient, type Session, type SupabaseClient } from "@supabase/supabase-js";
import { requireEnv } from "../../_shared/env.ts";

/** A client that keeps no session of its own: each request is independent. */
export function authClient(): SupabaseClient {
  return createClient(requireEnv("SUPABASE_URL"), requireEnv("SUPABASE_ANON_KEY"), {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}

/** The session as the API returns it (spec §3.2). */
export interface SessionBody {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  /** Unix seconds. */
  expires_at: number;
}

/** Picks the fields the API exposes from a supabase-js session. */
export function sessionBody(session: Session): SessionBody {
  return {
    access_token: session.access_token,
    refresh_token: session.refresh_token,
    expires_in: session.expires_in,
    expires_at: session.expires_at ?? Math.floor(Date.now() / 1000) + session.expires_in,
  };
}
