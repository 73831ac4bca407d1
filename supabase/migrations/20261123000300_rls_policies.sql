-- Row-Level Security: the one authority on who may do what (spec §2.8 as
-- intended, corrected per DESIGN.md "RLS, corrected"). Every table has RLS and
-- an explicit policy for each operation it allows; anything without a policy
-- is denied. `anon` gets nothing: every policy is `to authenticated`.

alter table public.profiles enable row level security;
alter table public.registries enable row level security;
alter table public.registry_members enable row level security;
alter table public.skills enable row level security;
alter table public.skill_versions enable row level security;
alter table public.skill_files enable row level security;
alter table public.file_blobs enable row level security;
alter table public.skill_maintainers enable row level security;
alter table public.invitations enable row level security;

revoke all on all tables in schema public from anon;

-- PROFILES: created by the signup trigger only.
create policy "signed-in users can read profiles" on public.profiles
  for select to authenticated using (true);
create policy "users can update their own profile" on public.profiles
  for update to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()));

-- REGISTRIES: personal ones are created by the signup trigger.
create policy "members can read their registries" on public.registries
  for select to authenticated
  using (id = any ((select private.my_registry_ids())::uuid[]));
create policy "signed-in users can create organization registries" on public.registries
  for insert to authenticated
  with check (created_by = (select auth.uid()) and type = 'organization');
create policy "admins can update their registry" on public.registries
  for update to authenticated
  using ((select private.has_role(id, array['admin']::public.member_role[])))
  with check ((select private.has_role(id, array['admin']::public.member_role[])));

-- REGISTRY MEMBERS
create policy "members can see the members of their registries" on public.registry_members
  for select to authenticated
  using (registry_id = any ((select private.my_registry_ids())::uuid[]));
create policy "admins can add members to organization registries" on public.registry_members
  for insert to authenticated
  with check (
    (select private.has_role(registry_id, array['admin']::public.member_role[]))
    and (select private.is_organization(registry_id))
  );
-- Personal registries have exactly one member, their owner: roles there never
-- change and nobody leaves. The last admin of an organization stays (trigger
-- private.guard_last_admin, 20261123001000_registry_rules.sql).
create policy "admins change member roles in organization registries" on public.registry_members
  for update to authenticated
  using (
    (select private.has_role(registry_id, array['admin']::public.member_role[]))
    and (select private.is_organization(registry_id))
  )
  with check (
    (select private.has_role(registry_id, array['admin']::public.member_role[]))
    and (select private.is_organization(registry_id))
  );
create policy "admins remove members, members leave organization registries" on public.registry_members
  for delete to authenticated
  using (
    (user_id = (select auth.uid())
     or (select private.has_role(registry_id, array['admin']::public.member_role[])))
    and (select private.is_organization(registry_id))
  );

-- SKILLS
create policy "members can read the skills of their registries" on public.skills
  for select to authenticated
  using (registry_id = any ((select private.my_registry_ids())::uuid[]));
create policy "contributors and admins can create skills" on public.skills
  for insert to authenticated
  with check (
    created_by = (select auth.uid())
    and (select private.has_role(registry_id, array['contributor', 'admin']::public.member_role[]))
  );
create policy "writers can update skill metadata" on public.skills
  for update to authenticated
  using ((select private.can_write_skill(id)))
  with check ((select private.can_write_skill(id)));
create policy "admins can delete skills" on public.skills
  for delete to authenticated
  using ((select private.has_role(registry_id, array['admin']::public.member_role[])));

-- SKILL VERSIONS: immutable once published; `is_latest` moves through a trigger.
-- Read access follows the parent row through its own policy (an index
-- lookup per row, no function call), down to the skills policy above.
create policy "readers of a skill can read its versions" on public.skill_versions
  for select to authenticated
  using (exists (select 1 from public.skills s where s.id = skill_id));
create policy "writers can publish versions" on public.skill_versions
  for insert to authenticated
  with check (
    published_by = (select auth.uid())
    and (select private.can_write_skill(skill_id))
  );

-- SKILL FILES and their bytes
create policy "readers of a version can read its files" on public.skill_files
  for select to authenticated
  using (exists (select 1 from public.skill_versions v where v.id = version_id));
create policy "publishers attach files to the version they are publishing" on public.skill_files
  for insert to authenticated
  with check ((select private.is_version_being_published(version_id)));

create policy "members can read bytes reachable through a readable version" on public.file_blobs
  for select to authenticated
  using (exists (select 1 from public.skill_files f where f.sha256 = file_blobs.sha256));
-- No INSERT policy: bytes go in through private.store_blob (see below),
-- because INSERT ... ON CONFLICT needs the existing row to be visible, and a
-- policy that showed it would reveal which bytes other registries hold.

-- SKILL MAINTAINERS
create policy "readers of a skill can read its maintainers" on public.skill_maintainers
  for select to authenticated
  using (exists (select 1 from public.skills s where s.id = skill_id));
create policy "creators and admins can add contributors as maintainers" on public.skill_maintainers
  for insert to authenticated
  with check ((select private.can_manage_maintainers(skill_id)) and (select private.can_maintain(skill_id, user_id)));
create policy "creators and admins can remove maintainers" on public.skill_maintainers
  for delete to authenticated
  using ((select private.can_manage_maintainers(skill_id)));

-- INVITATIONS: the invitee is recognised by the email claim of their token
-- (policies cannot read auth.users), trusted only once the email is confirmed.
create policy "invitees and admins can read invitations" on public.invitations
  for select to authenticated
  using (
    (lower(email) = lower((select auth.jwt() ->> 'email')) and (select private.email_confirmed()))
    or (select private.has_role(registry_id, array['admin']::public.member_role[]))
  );
create policy "admins invite to organization registries" on public.invitations
  for insert to authenticated
  with check (
    invited_by = (select auth.uid())
    and status = 'pending'
    and (select private.has_role(registry_id, array['admin']::public.member_role[]))
    and (select private.is_organization(registry_id))
  );
-- Only `status` is updatable (20261123001000_registry_rules.sql), once, while
-- pending and unexpired; accepting adds the membership (trigger
-- private.handle_invitation_accepted).
create policy "invitees answer their pending invitations" on public.invitations
  for update to authenticated
  using (
    lower(email) = lower((select auth.jwt() ->> 'email'))
    and (select private.email_confirmed())
    and status = 'pending'
    and expires_at > now()
  )
  with check (lower(email) = lower((select auth.jwt() ->> 'email')) and status in ('accepted', 'declined'));
create policy "admins can revoke invitations" on public.invitations
  for delete to authenticated
  using ((select private.has_role(registry_id, array['admin']::public.member_role[])));
