-- The OAuth 2.1 authorization server's state (DESIGN.md "OAuth"; issue 6):
-- registered clients, single-use authorization codes, the sessions a grant
-- produced, and our own rotating refresh tokens mapped to Supabase Auth's.
--
-- These are service-side tables: nobody is signed in when a client registers
-- or a code is exchanged, so the `oauth` function reaches them as
-- `service_role` (withService). `anon` and `authenticated` get nothing; the
-- MCP server learns a token's resource only through
-- `private.oauth_session_resource()`, which returns the caller's own row.

-- CLIENTS: seeded (supabase/seed.sql), dynamically registered (RFC 7591), or
-- a cached Client ID Metadata Document (client_id is its https URL).
create table public.oauth_clients (
  id text primary key check (char_length(id) between 1 and 2000),
  name text not null check (char_length(name) between 1 and 200),
  -- sha256 hex of the client secret (secrets are 256-bit random, so a fast
  -- hash is enough); null for public clients.
  secret_hash text check (secret_hash ~ '^[0-9a-f]{64}$'),
  token_endpoint_auth_method text not null default 'none'
    check (token_endpoint_auth_method in ('none', 'client_secret_post', 'client_secret_basic')),
  redirect_uris text[] not null check (cardinality(redirect_uris) between 1 and 20),
  kind text not null default 'static' check (kind in ('static', 'dynamic', 'metadata_document')),
  -- Metadata documents are re-fetched once this passes.
  refresh_after timestamptz,
  created_at timestamptz not null default now(),
  constraint oauth_clients_secret_matches_method
    check ((token_endpoint_auth_method = 'none') = (secret_hash is null))
);

-- SESSIONS: one per grant; `session_id` is the Supabase Auth session (the
-- access token's `session_id` claim), so the MCP server can tell which
-- resource (RFC 8707) a token was issued for.
create table public.oauth_sessions (
  session_id uuid primary key,
  client_id text not null references public.oauth_clients (id) on delete cascade,
  resource text,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index oauth_sessions_client_id_idx on public.oauth_sessions (client_id);
create index oauth_sessions_user_id_idx on public.oauth_sessions (user_id);

-- AUTHORIZATION CODES: only the sha256 of a code is kept. Single use, 10
-- minutes, bound to client, redirect URI, PKCE challenge and resource. Until
-- exchanged the row holds the Supabase Auth refresh token of the login.
create table public.oauth_authorization_codes (
  code_hash text primary key check (code_hash ~ '^[0-9a-f]{64}$'),
  client_id text not null references public.oauth_clients (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  redirect_uri text not null,
  code_challenge text not null check (code_challenge ~ '^[A-Za-z0-9_-]{43}$'),
  resource text,
  scope text,
  upstream_refresh_token text,
  -- The session the exchange produced: revoked if the code is replayed.
  session_id uuid references public.oauth_sessions (session_id) on delete set null,
  expires_at timestamptz not null default now() + interval '10 minutes',
  used_at timestamptz,
  -- Set when the code is presented again; an exchange still in flight sees it
  -- and revokes what it was about to hand out.
  replayed_at timestamptz,
  created_at timestamptz not null default now()
);
create index oauth_authorization_codes_client_id_idx on public.oauth_authorization_codes (client_id);
create index oauth_authorization_codes_user_id_idx on public.oauth_authorization_codes (user_id);
create index oauth_authorization_codes_session_id_idx on public.oauth_authorization_codes (session_id);
create index oauth_authorization_codes_expires_at_idx on public.oauth_authorization_codes (expires_at);

-- REFRESH TOKENS: ours are opaque and stored as sha256; each maps to the
-- Supabase Auth refresh token current when it was issued. Rotation marks the
-- presented one used; presenting a used one again revokes the session.
create table public.oauth_refresh_tokens (
  token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
  session_id uuid not null references public.oauth_sessions (session_id) on delete cascade,
  upstream_refresh_token text,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index oauth_refresh_tokens_session_id_idx on public.oauth_refresh_tokens (session_id);

alter table public.oauth_clients enable row level security;
alter table public.oauth_sessions enable row level security;
alter table public.oauth_authorization_codes enable row level security;
alter table public.oauth_refresh_tokens enable row level security;

revoke all on public.oauth_clients, public.oauth_sessions, public.oauth_authorization_codes,
  public.oauth_refresh_tokens from anon, authenticated;

-- Explicit, for every operation: the API roles never touch these rows
-- directly (service_role bypasses RLS; see the header).
create policy "oauth clients are service-side only" on public.oauth_clients
  as restrictive for all to anon, authenticated using (false) with check (false);
create policy "oauth sessions are service-side only" on public.oauth_sessions
  as restrictive for all to anon, authenticated using (false) with check (false);
create policy "authorization codes are service-side only" on public.oauth_authorization_codes
  as restrictive for all to anon, authenticated using (false) with check (false);
create policy "oauth refresh tokens are service-side only" on public.oauth_refresh_tokens
  as restrictive for all to anon, authenticated using (false) with check (false);

-- The resource (RFC 8707) the caller's own session was issued for: null when
-- the session did not come from an OAuth grant (e.g. a password login) or the
-- grant was revoked. Reads only the row of the JWT's `session_id` claim.
create or replace function private.oauth_session_resource()
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select s.resource
  from public.oauth_sessions s
  where s.session_id = nullif((select auth.jwt()) ->> 'session_id', '')::uuid
    and s.user_id = (select auth.uid())
    and s.revoked_at is null
$$;

revoke execute on function private.oauth_session_resource() from public, anon;
grant execute on function private.oauth_session_resource() to authenticated, service_role;
