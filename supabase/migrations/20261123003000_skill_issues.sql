-- Issue reports on skills (spec §5.3 `report_skill_issue`): an agent that hit
-- wrong instructions reports them; the people who can fix the skill read them.
-- Added to the spec's table: `status`, so "open issues" can be counted and
-- closed, and length limits, so a report cannot be used to store megabytes.

create table public.skill_issues (
  id uuid primary key default gen_random_uuid(),
  skill_id uuid not null references public.skills (id) on delete cascade,
  -- Nullable as in the spec: a report outlives its reporter's account.
  reported_by uuid references public.profiles (id) on delete set null,
  issue text not null check (char_length(issue) between 1 and 10000),
  context text check (char_length(context) <= 10000),
  status text not null default 'open' check (status in ('open', 'closed')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- The list route reads one skill's reports newest first; the FK and every
-- policy column is indexed (DESIGN.md "RLS, corrected").
create index skill_issues_skill_idx on public.skill_issues (skill_id, created_at desc);
create index skill_issues_reported_by_idx on public.skill_issues (reported_by);

create trigger touch_skill_issues before update on public.skill_issues
  for each row execute function private.touch_updated_at();

alter table public.skill_issues enable row level security;

-- Anyone who can read a skill can report on it, in their own name, as open.
create policy "readers can report issues on skills they can read" on public.skill_issues
  for insert to authenticated
  with check (
    reported_by = (select auth.uid())
    and status = 'open'
    and (select private.can_read_skill(skill_id))
  );
-- Those who can publish the skill (its maintainers and creator among the
-- contributors, and the registry's admins) read and triage its reports.
create policy "maintainers and admins can read issue reports" on public.skill_issues
  for select to authenticated
  using ((select private.can_write_skill(skill_id)));
create policy "maintainers and admins can close or reopen issue reports" on public.skill_issues
  for update to authenticated
  using ((select private.can_write_skill(skill_id)))
  with check ((select private.can_write_skill(skill_id)));
-- No DELETE policy: reports go away with their skill (on delete cascade).

-- Triage changes the status only; the reporter's words stay as written.
revoke all on public.skill_issues from anon;
revoke update, delete, truncate on public.skill_issues from authenticated;
grant select, insert on public.skill_issues to authenticated;
grant update (status) on public.skill_issues to authenticated;
