-- Tables, types and indexes of spec §2, plus directory skills (DESIGN.md
-- "Directory skills"): every file of a version is listed in skill_files and its
-- bytes are stored once per sha256 in file_blobs, shared between versions.

create schema if not exists private;

create type public.registry_type as enum ('personal', 'organization');
create type public.publish_policy as enum ('open', 'require_approval');
create type public.member_role as enum ('member', 'contributor', 'admin');
create type public.invitation_status as enum ('pending', 'accepted', 'declined', 'expired');

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  username text not null unique
    constraint profiles_username_format
    check (username ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(username) between 3 and 39),
  display_name text,
  avatar_url text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table public.registries (
  id uuid primary key default gen_random_uuid(),
  -- Usernames and organization slugs share this namespace: a personal
  -- registry's slug is its owner's username.
  slug text not null unique
    constraint registries_slug_format
    check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) between 3 and 39),
  name text not null check (char_length(name) between 1 and 200),
  description text check (char_length(description) <= 2000),
  type public.registry_type not null default 'personal',
  publish_policy public.publish_policy not null default 'open',
  created_by uuid not null references public.profiles (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index registries_created_by_idx on public.registries (created_by);

create table public.registry_members (
  id uuid primary key default gen_random_uuid(),
  registry_id uuid not null references public.registries (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  role public.member_role not null default 'member',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (registry_id, user_id)
);
create index idx_registry_members_user on public.registry_members (user_id);
create index idx_registry_members_registry on public.registry_members (registry_id);

create table public.skills (
  id uuid primary key default gen_random_uuid(),
  registry_id uuid not null references public.registries (id) on delete cascade,
  slug text not null
    constraint skills_slug_format
    check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) between 2 and 64),
  name text not null check (char_length(name) between 1 and 200),
  description text check (char_length(description) <= 2000),
  tags text[] not null default '{}',
  compat text[] not null default '{}',
  -- The Agent Skills frontmatter `metadata` map (string keys and values).
  metadata jsonb not null default '{}'::jsonb check (jsonb_typeof(metadata) = 'object'),
  created_by uuid not null references public.profiles (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (registry_id, slug)
);
create index idx_skills_registry on public.skills (registry_id);
create index idx_skills_tags on public.skills using gin (tags);
create index skills_created_by_idx on public.skills (created_by);

create table public.skill_versions (
  id uuid primary key default gen_random_uuid(),
  skill_id uuid not null references public.skills (id) on delete cascade,
  version text not null
    check (version ~ '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$'),
  -- SKILL.md as text (the spec's column); its bytes are also in skill_files.
  content text not null,
  changelog text,
  -- `sha256:<hex>` over the whole folder's manifest (see _shared/digest.ts).
  digest text not null check (digest ~ '^sha256:[0-9a-f]{64}$'),
  file_count integer not null check (file_count > 0),
  total_size bigint not null check (total_size >= 0),
  published_by uuid not null references public.profiles (id),
  is_latest boolean not null default true,
  created_at timestamptz not null default now(),
  unique (skill_id, version)
);
create index idx_skill_versions_skill on public.skill_versions (skill_id);
create index skill_versions_published_by_idx on public.skill_versions (published_by);
-- At most one latest version per skill, so two racing publishes cannot both win.
create unique index idx_skill_versions_latest on public.skill_versions (skill_id) where is_latest;

create table public.file_blobs (
  sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
  size integer not null check (size >= 0),
  content bytea not null,
  created_at timestamptz not null default now(),
  -- The key is the content's hash: a client cannot store bytes under another name.
  constraint file_blobs_content_hash check (sha256 = encode(sha256(content), 'hex') and size = length(content))
);

create table public.skill_files (
  version_id uuid not null references public.skill_versions (id) on delete cascade,
  path text not null
    -- Relative, normalized, no `..`/`.` segments, no backslashes or control characters.
    constraint skill_files_path_safe
    check (
      char_length(path) between 1 and 512
      and path !~ '(^|/)\.{1,2}(/|$)'
      and path !~ '^/'
      and path !~ '//'
      and path !~ '/$'
      and path !~ '[\\[:cntrl:]]'
    ),
  sha256 text not null references public.file_blobs (sha256),
  size integer not null check (size >= 0),
  executable boolean not null default false,
  primary key (version_id, path)
);
create index skill_files_sha256_idx on public.skill_files (sha256);

create table public.skill_maintainers (
  id uuid primary key default gen_random_uuid(),
  skill_id uuid not null references public.skills (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  created_at timestamptz not null default now(),
  unique (skill_id, user_id)
);
create index idx_skill_maintainers_skill on public.skill_maintainers (skill_id);
create index idx_skill_maintainers_user on public.skill_maintainers (user_id);

create table public.invitations (
  id uuid primary key default gen_random_uuid(),
  registry_id uuid not null references public.registries (id) on delete cascade,
  email text not null check (email ~ '^[^@\s]+@[^@\s]+$'),
  role public.member_role not null default 'member',
  invited_by uuid not null references public.profiles (id),
  status public.invitation_status not null default 'pending',
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default (now() + interval '7 days')
);
-- The spec's unique(registry_id, email, status) would forbid a second declined
-- invitation; only pending ones must be unique.
create unique index invitations_one_pending on public.invitations (registry_id, lower(email))
  where status = 'pending';
-- The invitee's pending, unexpired invitations (GET /api/invitations and the invitee policies).
create index idx_invitations_email on public.invitations (lower(email), expires_at) where status = 'pending';
create index invitations_registry_idx on public.invitations (registry_id);
create index invitations_invited_by_idx on public.invitations (invited_by);
