-- Seed data: the pre-registered OAuth clients, nothing else.
-- Idempotent: applied after the migrations on every local start, and by
-- `supabase db reset` / `supabase db push --include-seed` when hosted.
--
-- All three are public clients (token_endpoint_auth_method 'none'): PKCE
-- binds each code to the client instance that started the flow. Redirect
-- URIs are matched exactly; the CLI's loopback ports 9877-9879 are its
-- fallbacks when 9876 is busy, and `urn:ietf:wg:oauth:2.0:oob` is its
-- `--no-browser` flow, where the login page shows the code to paste back.
insert into public.oauth_clients (id, name, token_endpoint_auth_method, redirect_uris, kind)
values
  ('cli', 'Skills CLI', 'none', array[
    'http://localhost:9876/callback',
    'http://127.0.0.1:9876/callback',
    'http://127.0.0.1:9877/callback',
    'http://127.0.0.1:9878/callback',
    'http://127.0.0.1:9879/callback',
    'urn:ietf:wg:oauth:2.0:oob'
  ], 'static'),
  ('claude', 'Claude', 'none', array[
    'https://claude.ai/api/mcp/auth_callback',
    'https://claude.com/api/mcp/auth_callback'
  ], 'static'),
  ('chatgpt', 'ChatGPT', 'none', array[
    'https://chatgpt.com/connector_platform_oauth_redirect'
  ], 'static')
on conflict (id) do update
  -- A secret an operator set later (see README) is kept.
  set name = excluded.name, redirect_uris = excluded.redirect_uris;
