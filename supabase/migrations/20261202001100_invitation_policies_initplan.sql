-- The invitee policies compare the invitation's email with the token's
-- claim. Written as `(select auth.jwt() ->> 'email')`, Supabase's linter
-- (splinter, auth_rls_initplan) reports them as re-evaluating auth.jwt() for
-- each row: it asks for the call itself to be the sub-select,
-- `(select auth.jwt()) ->> 'email'`. Same meaning, same plan shape.

alter policy "invitees and admins can read invitations" on public.invitations
  using (
    (lower(email) = lower((select auth.jwt()) ->> 'email') and (select private.email_confirmed()))
    or (select private.has_role(registry_id, array['admin']::public.member_role[]))
  );

alter policy "invitees answer their pending invitations" on public.invitations
  using (
    lower(email) = lower((select auth.jwt()) ->> 'email')
    and (select private.email_confirmed())
    and status = 'pending'
    and expires_at > now()
  )
  with check (lower(email) = lower((select auth.jwt()) ->> 'email') and status in ('accepted', 'declined'));
