-- Search that answers what a person or a model writes ("make a poster", "how
-- to build an MCP server in TypeScript") instead of requiring every word:
-- - words are split at punctuation and camel case on both sides, so
--   "Node/TypeScript" holds `typescript` and "pdf_forms" holds `pdf`;
-- - a query's words are any-of: a skill matching more of them ranks first,
--   then by how rare each matched word is among the matches and how strongly
--   it matches (name above tags above description); stop words count for
--   nothing;
-- - every word of three letters or more also matches as a prefix (`typescr`);
-- - a word of four letters or more that is no word's prefix is widened to the
--   closest known words by trigram similarity (`slak` → `slack`), from a
--   lexicon of every word skills use (pg_trgm);
-- - `"a phrase"` and `-word` stay what they were: a phrase must appear, an
--   excluded word must not.

create schema if not exists extensions;
create extension if not exists pg_trgm with schema extensions;

/** Text as a query's words: every run of characters that are not letters or digits becomes a space. */
create function private.search_words(p_text text)
returns text
language sql immutable parallel safe set search_path = ''
as $$
  select regexp_replace(coalesce(p_text, ''), '[^[:alnum:]]+', ' ', 'g')
$$;

/**
 * Text as a skill's search vector reads it: its words (private.search_words),
 * and words in camel case once more split into their parts ("TypeScript" →
 * "TypeScript Type Script", "HTMLParser" → "HTMLParser HTML Parser"; "GIFs"
 * stays whole).
 */
create function private.search_text(p_text text)
returns text
language sql immutable parallel safe set search_path = ''
as $$
  select case when split = plain then plain else plain || ' ' || split end
  from (select private.search_words(p_text) as plain) p,
       lateral (select regexp_replace(
                         regexp_replace(plain, '([[:lower:]])([[:upper:]])', '\1 \2', 'g'),
                         '([[:upper:]])([[:upper:]][[:lower:]]{2,})', '\1 \2', 'g') as split) s
$$;

/**
 * Every lexeme skills' search vectors hold (three letters or more, not
 * only digits: a number has no spelling to get wrong), for
 * widening a mistyped query word to the words it was meant to be. Shared by
 * all registries: it only ever turns a query word into other query words,
 * and what those find is still limited to the caller's registries. Words of
 * deleted skills stay; they widen a query to a word nothing matches.
 */
create table private.search_lexicon (
  word text collate "C" primary key
);
-- GiST, not GIN: the nearest words are found by distance order (KNN), which
-- reads a few index pages whatever the lexicon's size or statistics.
create index search_lexicon_trgm_idx on private.search_lexicon using gist (word extensions.gist_trgm_ops);
alter table private.search_lexicon enable row level security;
create policy "the lexicon is read by the search function only" on private.search_lexicon
  as restrictive for all to anon, authenticated using (false) with check (false);
revoke all on private.search_lexicon from public, anon, authenticated, service_role;

/** Name and slug weigh most (A), then tags (B), then the description (C), each read as private.search_text reads it. */
create or replace function private.skill_search_vector()
returns trigger
language plpgsql set search_path = ''
as $$
begin
  new.search_vector :=
    setweight(to_tsvector('english'::regconfig, private.search_text(coalesce(new.name, '') || ' ' || new.slug)), 'A')
    || setweight(to_tsvector('english'::regconfig, private.search_text(array_to_string(new.tags, ' '))), 'B')
    || setweight(to_tsvector('english'::regconfig, private.search_text(new.description)), 'C');
  return new;
end
$$;

/**
 * Adds the new words of a skill's search vector to the lexicon. SECURITY
 * DEFINER because no API role may touch the lexicon; words go in sorted, so
 * two publishes adding the same new words wait for each other instead of
 * deadlocking.
 */
create function private.skill_search_lexicon()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into private.search_lexicon (word)
  select w.lexeme from unnest(new.search_vector) w
  where length(w.lexeme) >= 3 and w.lexeme !~ '^[0-9]+$'
    and not exists (select 1 from private.search_lexicon l where l.word = w.lexeme)
  order by w.lexeme collate "C"
  on conflict (word) do nothing;
  return null;
end
$$;

create trigger skill_search_lexicon
  after insert or update of slug, name, description, tags on public.skills
  for each row execute function private.skill_search_lexicon();

revoke execute on function private.skill_search_lexicon() from public, anon, authenticated, service_role;
grant execute on function private.search_words(text), private.search_text(text) to authenticated, service_role;
revoke execute on function private.search_words(text), private.search_text(text) from public, anon;

update public.skills set name = name;

/**
 * What a search string asks for, as private.search_skills uses it:
 * `terms`, one tsquery per distinct query word (its lexeme, as a prefix from
 * three letters on, widened by trigram similarity when no known word starts
 * with it), `any_term` their disjunction (what the GIN index looks up),
 * `all_terms` their conjunction, and `required` the phrases and exclusions every result must satisfy (null when
 * there are none). No terms (only stop words or exclusions): `terms` is empty.
 */
create function private.search_query(
  p_query text, out terms tsquery[], out any_term tsquery, out all_terms tsquery, out required tsquery
)
language plpgsql stable set search_path = ''
as $$
declare
  v_rest text := p_query;
  v_phrase text;
  v_word text;
  v_lexeme text;
  v_term tsquery;
  v_near tsquery;
  v_part tsquery;
begin
  terms := '{}';
  for v_phrase in select m[1] from regexp_matches(p_query, '"([^"]*)"', 'g') m loop
    v_part := phraseto_tsquery('english'::regconfig, private.search_words(v_phrase));
    if numnode(v_part) > 0 then
      required := case when required is null then v_part else required && v_part end;
    end if;
  end loop;
  -- The phrases' words also rank; an unclosed quote is read as plain words.
  v_rest := regexp_replace(regexp_replace(v_rest, '"([^"]*)"', ' \1 ', 'g'), '"', ' ', 'g');
  for v_word in select m[1] from regexp_matches(v_rest, '(?:^|\s)-(\S+)', 'g') m loop
    v_part := plainto_tsquery('english'::regconfig, private.search_words(v_word));
    if numnode(v_part) > 0 then
      required := case when required is null then !! v_part else required && !! v_part end;
    end if;
  end loop;
  v_rest := regexp_replace(v_rest, '(^|\s)-\S+', ' ', 'g');

  for v_lexeme in
    select w.lexeme from unnest(to_tsvector('english'::regconfig, private.search_words(v_rest))) w
    order by w.lexeme collate "C"
  loop
    v_term := (quote_literal(v_lexeme) || case when length(v_lexeme) >= 3 then ':*' else '' end)::tsquery;
    -- A range on the primary key, not LIKE: a pattern from a variable cannot use the index.
    if length(v_lexeme) >= 4 and not exists (
      select 1 from private.search_lexicon l
      where l.word >= v_lexeme collate "C" and l.word < (v_lexeme || chr(1114111)) collate "C"
    ) then
      for v_near in
        select (quote_literal(n.word) || ':*')::tsquery
        from (
          select l.word from private.search_lexicon l
          order by l.word operator(extensions.<->) v_lexeme
          limit 3
        ) n
        where extensions.similarity(n.word, v_lexeme) >= 0.3
      loop
        v_term := v_term || v_near;
      end loop;
    end if;
    terms := terms || v_term;
    any_term := case when any_term is null then v_term else any_term || v_term end;
    all_terms := case when all_terms is null then v_term else all_terms && v_term end;
  end loop;
end
$$;

revoke execute on function private.search_query(text) from public, anon, authenticated;
grant execute on function private.search_query(text) to service_role;

/**
 * As before (20261203000000_machine_tokens.sql): ids of the matching skills,
 * ranked, one page at a time, among the registries the caller may read.
 *
 * The rank of a match is the number of query words it matches plus a
 * fraction below one (at most 0.999999, so rounding never lifts it), so every match of all the words comes before any match
 * of fewer. Among the matches of all the words the fraction is how strongly
 * they match (ts_rank: name and slug above tags above description); among
 * the others, the sum over the words it matches of how rare the word is
 * among those others (ln(1 + matches / matches of the word)) times how
 * strongly it matches, so "make a poster" ranks the one skill about posters
 * above the several that say "make".
 *
 * The two groups are read one after the other: a page the matches of all
 * the words fill costs only those (an index lookup of the conjunction), and
 * the many skills that share one common word are ranked only when a page
 * reaches them.
 */
create or replace function private.search_skills(
  p_registry_id uuid,
  p_query text,
  p_tags text[],
  p_compat text[],
  p_after_rank numeric,
  p_after_key text,
  p_limit integer
)
returns table (skill_id uuid, rank numeric, sort_key text)
rows 100
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_registries uuid[];
  v_query record;
  v_words integer;
  v_after_rank numeric := p_after_rank;
  v_after_key text := p_after_key;
  v_found integer := 0;
begin
  select coalesce(array_agg(r), '{}') into v_registries
  from unnest(private.my_registry_ids()) r
  where p_registry_id is null or r = p_registry_id;
  if cardinality(v_registries) = 0 then
    return;
  end if;
  if p_query is null then
    return query execute $q$
      select s.id, 0::numeric, (r.slug || '/' || s.slug) collate "C"
      from public.skills s
      join public.registries r on r.id = s.registry_id
      where s.registry_id = any ($1::uuid[])
        and ($2::text[] is null or s.tags && $2::text[])
        and ($3::text[] is null or s.compat && $3::text[])
        and ($4::text is null or (r.slug || '/' || s.slug) collate "C" > $4::text collate "C")
      order by 3
      limit $5::integer
    $q$ using v_registries, p_tags, p_compat, p_after_key, p_limit;
    return;
  end if;
  v_query := private.search_query(p_query);
  v_words := cardinality(v_query.terms);
  if v_words = 0 then
    return;
  end if;

  -- EXECUTE plans with the actual values, so the absent filters fold away
  -- and the planner sees `search_vector @@ <constant>` for the GIN index.
  if v_after_rank is null or v_after_rank >= v_words then
    return query execute $q$
      select hit.id, hit.rank, hit.sort_key
      from (
        select s.id,
               round(($2::integer + least(ts_rank(s.search_vector, $3::tsquery, 32), 0.999999))::numeric, 6) as rank,
               (r.slug || '/' || s.slug) collate "C" as sort_key
        from public.skills s
        join public.registries r on r.id = s.registry_id
        where s.registry_id = any ($1::uuid[])
          and s.search_vector @@ $4::tsquery
          and ($5::tsquery is null or s.search_vector @@ $5::tsquery)
          and ($6::text[] is null or s.tags && $6::text[])
          and ($7::text[] is null or s.compat && $7::text[])
      ) hit
      where $8::numeric is null or hit.rank < $8::numeric or (hit.rank = $8::numeric and hit.sort_key > $9::text collate "C")
      order by hit.rank desc, hit.sort_key
      limit $10::integer
    $q$ using v_registries, v_words, v_query.any_term, v_query.all_terms, v_query.required, p_tags, p_compat,
              v_after_rank, v_after_key, p_limit;
    get diagnostics v_found = row_count;
    if v_found >= p_limit or v_words = 1 then
      return;
    end if;
    -- The page goes on with the best of the skills matching fewer words.
    v_after_rank := null;
    v_after_key := null;
  end if;

  return query execute $q$
    with matches as materialized (
      select s.id, s.search_vector as v, (r.slug || '/' || s.slug) collate "C" as sort_key
      from public.skills s
      join public.registries r on r.id = s.registry_id
      where s.registry_id = any ($1::uuid[])
        and s.search_vector @@ $2::tsquery
        and not (s.search_vector @@ $3::tsquery)
        and ($4::tsquery is null or s.search_vector @@ $4::tsquery)
        and ($6::text[] is null or s.tags && $6::text[])
        and ($7::text[] is null or s.compat && $7::text[])
    ), hits as (
      select m.id, t.i, ts_rank(m.v, t.q) as strength
      from matches m cross join unnest($5::tsquery[]) with ordinality t(q, i)
      where m.v @@ t.q
    ), rarity as (
      select h.i, ln(1 + (select count(*) from matches)::float8 / count(*)) as idf
      from hits h group by h.i
    ), scored as (
      select h.id, count(*) as matched, sum(r.idf * h.strength) as score
      from hits h join rarity r on r.i = h.i
      group by h.id
    ), ranked as (
      select m.id, round((sc.matched + least(sc.score / (sc.score + 1), 0.999999))::numeric, 6) as rank, m.sort_key
      from matches m join scored sc on sc.id = m.id
    )
    select ranked.id, ranked.rank, ranked.sort_key
    from ranked
    where $8::numeric is null or ranked.rank < $8::numeric or (ranked.rank = $8::numeric and ranked.sort_key > $9::text collate "C")
    order by ranked.rank desc, ranked.sort_key
    limit $10::integer
  $q$ using v_registries, v_query.any_term, v_query.all_terms, v_query.required, v_query.terms, p_tags, p_compat,
            v_after_rank, v_after_key, p_limit - v_found;
end
$$;
