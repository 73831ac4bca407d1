/**
 * Our implementation of the rules of Supabase's database linter (splinter,
 * the checks behind the dashboard's Security and Performance Advisors), for
 * the lints that can judge this project's schema. Each lint is one small
 * query written here from the rule's description; its docstring names the
 * splinter lint (number and name) and says what it flags. They judge the
 * database as a hosted project serves it: the Data API exposes
 * DATA_API_SCHEMAS and pg_graphql is on (the local stack has no pg_graphql,
 * so its lints do not ask whether it is installed).
 *
 * Not implemented, as nothing here can have what they judge: 0005
 * unused_index and 0020 table_bloat (a running project's statistics), 0019
 * insecure_queue_exposed_in_api (pgmq), 0022 extension_versions_outdated
 * (no extension is installed), 0025 public_bucket_allows_listing (Storage).
 */
import type postgres from "postgres";

/** A splinter lint as implemented here. `sql` returns one row `{object, detail}` per problem. */
export interface SchemaLint {
  /** splinter's number, e.g. "0003". */
  id: string;
  /** splinter's name, e.g. "auth_rls_initplan". */
  name: string;
  level: "ERROR" | "WARN" | "INFO";
  sql: string;
}

/**
 * One problem: the lint, and the object it names as `<kind> <schema>.<name>`
 * (the form of the Privileges section of rls-matrix.md, e.g. `table public.skills`).
 */
export interface LintFinding {
  lint: string;
  level: SchemaLint["level"];
  object: string;
  detail: string;
}

/** The schemas a hosted project's Data API serves (PostgREST's default `db_schemas` there). */
export const DATA_API_SCHEMAS = ["public", "graphql_public"];

/** Schemas Supabase or its extensions manage; splinter leaves them out of the lints that judge user objects. */
const MANAGED_SCHEMAS = [
  "_timescaledb_cache", "_timescaledb_catalog", "_timescaledb_config", "_timescaledb_internal",
  "auth", "cron", "extensions", "graphql", "graphql_public", "information_schema", "net", "pg_catalog",
  "pgbouncer", "pgmq", "pgroonga", "pgsodium", "pgsodium_masks", "pgtle", "realtime", "repack", "storage",
  "supabase_functions", "supabase_migrations", "tiger", "topology", "vault",
];

/** Column names splinter's 0023 treats as holding secrets or personal data (compared lower-cased, `-` read as `_`). */
const SENSITIVE_COLUMN_NAMES = [
  // credentials and tokens
  "password", "passwd", "pwd", "passphrase", "secret", "secret_key", "private_key", "api_key", "apikey", "auth_key",
  "token", "jwt", "access_token", "refresh_token", "oauth_token", "session_token", "bearer_token", "auth_code",
  "session_id", "session_key", "session_secret", "recovery_code", "backup_code", "verification_code", "otp",
  "two_factor", "2fa_secret", "2fa_code", "pgp_key", "gpg_key", "ssh_key", "certificate", "license_key", "activation_key",
  // identity documents
  "ssn", "social_security", "social_security_number", "driver_license", "drivers_license", "license_number",
  "passport_number", "passport_id", "national_id", "tax_id",
  // money
  "credit_card", "card_number", "cvv", "cvc", "cvn", "bank_account", "account_number", "routing_number", "iban", "swift_code", "bic",
  // health
  "health_record", "medical_record", "patient_id", "insurance_number", "health_insurance", "medical_insurance", "treatment",
  // devices and biometrics
  "mac_address", "macaddr", "imei", "device_uuid", "facial_recognition",
];

/** A SQL array literal of constant names (this module's own lists, never user input). */
function names(list: string[]): string {
  return `array[${list.map((n) => `'${n.replaceAll("'", "''")}'`).join(", ")}]::text[]`;
}

const managed = (schema: string) => `${schema} = any (${names(MANAGED_SCHEMAS)})`;
const inDataApi = (schema: string) => `${schema} = any (${names(DATA_API_SCHEMAS)})`;
/** Objects an extension created belong to it, not to the project. */
const fromExtension = (oid: string) => `exists (select 1 from pg_catalog.pg_depend e where e.objid = ${oid} and e.deptype = 'e')`;
/** What the Data API's roles may read. */
const apiReadable = (oid: string) =>
  `(pg_catalog.has_table_privilege('anon', ${oid}, 'SELECT') or pg_catalog.has_table_privilege('authenticated', ${oid}, 'SELECT'))`;
/** A view that runs with its caller's privileges (and so its RLS) rather than its owner's. */
const securityInvoker = (reloptions: string) =>
  `coalesce(lower(${reloptions}::text)::text[], '{}') && array['security_invoker=true', 'security_invoker=on', 'security_invoker=yes', 'security_invoker=1']`;
/** A policy expression that lets every row through (`true`, `1=1`, bracketed or spaced). */
const alwaysTrue = (expr: string) => `regexp_replace(lower(${expr}), '\\s', '', 'g') in ('true', '(true)', '1=1', '(1=1)')`;
const kindOf = (relkind: string) =>
  `case ${relkind} when 'r' then 'table' when 'v' then 'view' when 'm' then 'materialized view' when 'f' then 'foreign table' else 'relation' end`;
const relation = (c: string, n: string) => `format('%s %s.%s', ${kindOf(`${c}.relkind`)}, ${n}.nspname, ${c}.relname)`;
const FROM_RELATION = "pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace";
const FROM_POLICY = `pg_catalog.pg_policy p join ${FROM_RELATION} on c.oid = p.polrelid`;
const USING = "pg_catalog.pg_get_expr(p.polqual, p.polrelid)";
const CHECK = "pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid)";

/** 0001 unindexed_foreign_keys (INFO): a foreign key whose columns are not the leading columns, in order, of a valid index. */
const unindexedForeignKeys: SchemaLint = {
  id: "0001", name: "unindexed_foreign_keys", level: "INFO",
  sql: `
    select ${relation("c", "n")} as object, format('foreign key %I has no index starting with its columns', k.conname) as detail
    from pg_catalog.pg_constraint k join ${FROM_RELATION} on c.oid = k.conrelid
    where k.contype = 'f' and not ${managed("n.nspname")} and not ${fromExtension("c.oid")}
      and not exists (
        select 1 from pg_catalog.pg_index i
        where i.indrelid = c.oid and i.indisvalid
          and (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(k.conkey)] = k.conkey)`,
};

/**
 * 0002 auth_users_exposed (ERROR): a view or materialized view in a Data API
 * schema, readable by anon or authenticated, built on auth.users — unless it
 * is a security-invoker view and auth.users has RLS on.
 */
const authUsersExposed: SchemaLint = {
  id: "0002", name: "auth_users_exposed", level: "ERROR",
  sql: `
    select distinct ${relation("c", "n")} as object, 'reads auth.users and anon or authenticated can select it' as detail
    from pg_catalog.pg_depend d
    join pg_catalog.pg_rewrite r on r.oid = d.objid
    join ${FROM_RELATION} on c.oid = r.ev_class
    join pg_catalog.pg_class u on u.oid = d.refobjid
    where d.refobjid = pg_catalog.to_regclass('auth.users') and d.deptype = 'n'
      and c.relkind in ('v', 'm') and ${inDataApi("n.nspname")} and ${apiReadable("c.oid")}
      and (c.relkind = 'm' or not (${securityInvoker("c.reloptions")}) or not u.relrowsecurity)`,
};

/**
 * 0003 auth_rls_initplan (WARN): a policy, on a table with RLS on, calling
 * auth.uid(), auth.jwt(), auth.role(), auth.email() or current_setting() other
 * than as the whole select list of a sub-select, so Postgres evaluates it for
 * every row instead of once. `lower((select auth.jwt()) ->> 'email')` passes;
 * `auth.jwt() ->> 'email'` and `(select auth.jwt() ->> 'email')` are flagged.
 * splinter asks that a policy have at least one wrapped call of each function
 * it uses; this asks it of every call, which flags all splinter flags.
 */
const authRlsInitplan: SchemaLint = {
  id: "0003", name: "auth_rls_initplan", level: "WARN",
  sql: `
    select ${relation("c", "n")} as object,
      format('policy %I evaluates %s() for every row: make the call a sub-select of its own, as in (select auth.uid())', p.polname, (m.fn)[1]) as detail
    from ${FROM_POLICY}
    cross join lateral pg_catalog.regexp_match(coalesce(${USING}, '') || ' ' || coalesce(${CHECK}, ''),
      '(?<!select )\\m(auth\\.(?:uid|jwt|role|email)(?=\\(\\))|current_setting(?=\\())', 'i') as m(fn)
    where m.fn is not null and c.relrowsecurity and not ${managed("n.nspname")}`,
};

/** 0004 no_primary_key (INFO): a table without a primary key. */
const noPrimaryKey: SchemaLint = {
  id: "0004", name: "no_primary_key", level: "INFO",
  sql: `
    select ${relation("c", "n")} as object, 'has no primary key' as detail
    from ${FROM_RELATION}
    where c.relkind = 'r' and not ${managed("n.nspname")} and not ${fromExtension("c.oid")}
      and not exists (select 1 from pg_catalog.pg_index i where i.indrelid = c.oid and i.indisprimary)`,
};

/**
 * 0006 multiple_permissive_policies (WARN): a table where one role has more
 * than one permissive policy for the same command (FOR ALL counts for each;
 * a policy for PUBLIC counts for every role), so every one is evaluated. Roles
 * that bypass RLS and the pg_* / supabase*admin roles are left out.
 */
const multiplePermissivePolicies: SchemaLint = {
  id: "0006", name: "multiple_permissive_policies", level: "WARN",
  sql: `
    select ${relation("c", "n")} as object,
      format('role %s has %s permissive %s policies: %s', r.rolname, count(*), act.cmd, string_agg(format('%I', p.polname), ', ' order by p.polname)) as detail
    from ${FROM_POLICY}
    join pg_catalog.pg_roles r on r.oid = any (p.polroles) or p.polroles = '{0}'
    cross join lateral unnest(case p.polcmd when 'r' then '{SELECT}'::text[] when 'a' then '{INSERT}' when 'w' then '{UPDATE}'
      when 'd' then '{DELETE}' else '{SELECT,INSERT,UPDATE,DELETE}' end) as act(cmd)
    where c.relkind = 'r' and p.polpermissive and not ${managed("n.nspname")} and not ${fromExtension("c.oid")}
      and not r.rolbypassrls and r.rolname not like 'pg\\_%' and r.rolname not like 'supabase%admin'
    group by c.oid, c.relkind, n.nspname, c.relname, r.rolname, act.cmd
    having count(*) > 1`,
};

/** 0007 policy_exists_rls_disabled (ERROR): a table with policies whose RLS is off, so none applies. */
const policyExistsRlsDisabled: SchemaLint = {
  id: "0007", name: "policy_exists_rls_disabled", level: "ERROR",
  sql: `
    select ${relation("c", "n")} as object, format('has policies (%s) but RLS is off', string_agg(format('%I', p.polname), ', ' order by p.polname)) as detail
    from ${FROM_POLICY}
    where c.relkind = 'r' and not c.relrowsecurity and not ${managed("n.nspname")} and not ${fromExtension("c.oid")}
    group by c.oid, c.relkind, n.nspname, c.relname`,
};

/** 0008 rls_enabled_no_policy (INFO): a table with RLS on and no policy, which the API roles can never reach. */
const rlsEnabledNoPolicy: SchemaLint = {
  id: "0008", name: "rls_enabled_no_policy", level: "INFO",
  sql: `
    select ${relation("c", "n")} as object, 'has RLS on and no policy' as detail
    from ${FROM_RELATION}
    where c.relkind = 'r' and c.relrowsecurity and not ${managed("n.nspname")} and not ${fromExtension("c.oid")}
      and not exists (select 1 from pg_catalog.pg_policy p where p.polrelid = c.oid)`,
};

/** 0009 duplicate_index (WARN): two or more indexes of a table or materialized view with the same definition. */
const duplicateIndex: SchemaLint = {
  id: "0009", name: "duplicate_index", level: "WARN",
  sql: `
    select ${relation("c", "n")} as object, format('indexes %s are the same', string_agg(format('%I', x.relname), ', ' order by x.relname)) as detail
    from pg_catalog.pg_index i
    join pg_catalog.pg_class x on x.oid = i.indexrelid
    join ${FROM_RELATION} on c.oid = i.indrelid
    where c.relkind in ('r', 'm') and not ${managed("n.nspname")} and not ${fromExtension("c.oid")}
    group by c.oid, c.relkind, n.nspname, c.relname, x.relam, i.indisunique, i.indkey::text, i.indclass::text, i.indcollation::text,
      i.indoption::text, pg_catalog.pg_get_expr(i.indexprs, i.indrelid), pg_catalog.pg_get_expr(i.indpred, i.indrelid)
    having count(*) > 1`,
};

/**
 * 0010 security_definer_view (ERROR): a view in a Data API schema, readable by
 * anon or authenticated, that runs with its owner's rights (no
 * security_invoker, PostgreSQL 15+), so the tables' RLS judges the owner.
 */
const securityDefinerView: SchemaLint = {
  id: "0010", name: "security_definer_view", level: "ERROR",
  sql: `
    select ${relation("c", "n")} as object, 'runs as its owner: set security_invoker' as detail
    from ${FROM_RELATION}
    where c.relkind = 'v' and current_setting('server_version_num')::int >= 150000
      and ${inDataApi("n.nspname")} and not ${managed("n.nspname")} and not ${fromExtension("c.oid")}
      and ${apiReadable("c.oid")} and not (${securityInvoker("c.reloptions")})`,
};

/** 0011 function_search_path_mutable (WARN): a function that does not set its own search_path, so the caller's resolves its names. */
const functionSearchPathMutable: SchemaLint = {
  id: "0011", name: "function_search_path_mutable", level: "WARN",
  sql: `
    select format('function %s.%s(%s)', n.nspname, f.proname, pg_catalog.pg_get_function_identity_arguments(f.oid)) as object,
      'sets no search_path' as detail
    from pg_catalog.pg_proc f join pg_catalog.pg_namespace n on n.oid = f.pronamespace
    where not ${managed("n.nspname")} and not ${fromExtension("f.oid")}
      and not exists (select 1 from unnest(f.proconfig) s where s like 'search\\_path=%')`,
};

/** 0013 rls_disabled_in_public (ERROR): a table in a Data API schema, readable by anon or authenticated, with RLS off. */
const rlsDisabledInPublic: SchemaLint = {
  id: "0013", name: "rls_disabled_in_public", level: "ERROR",
  sql: `
    select ${relation("c", "n")} as object, 'is served by the Data API with RLS off' as detail
    from ${FROM_RELATION}
    where c.relkind = 'r' and not c.relrowsecurity and ${inDataApi("n.nspname")} and not ${managed("n.nspname")} and ${apiReadable("c.oid")}`,
};

/** 0014 extension_in_public (WARN): an extension (other than plpgsql) installed in schema public. */
const extensionInPublic: SchemaLint = {
  id: "0014", name: "extension_in_public", level: "WARN",
  sql: `
    select format('extension %s', x.extname) as object, 'is installed in schema public' as detail
    from pg_catalog.pg_extension x join pg_catalog.pg_namespace n on n.oid = x.extnamespace
    where n.nspname = 'public' and x.extname <> 'plpgsql'`,
};

/**
 * 0015 rls_references_user_metadata (ERROR): a policy reading `user_metadata`
 * from the JWT (through auth.jwt() or the request.jwt.claims setting): users
 * can edit it themselves.
 */
const rlsReferencesUserMetadata: SchemaLint = {
  id: "0015", name: "rls_references_user_metadata", level: "ERROR",
  sql: `
    select ${relation("c", "n")} as object, format('policy %I reads the user-editable user_metadata', p.polname) as detail
    from ${FROM_POLICY}
    where not ${managed("n.nspname")}
      and (coalesce(${USING}, '') ~ '(auth\\.jwt\\(\\)|current_setting\\(.*request\\.jwt\\.claims.*\\)).*user_metadata'
        or coalesce(${CHECK}, '') ~ '(auth\\.jwt\\(\\)|current_setting\\(.*request\\.jwt\\.claims.*\\)).*user_metadata')`,
};

/** The query of 0016 and 0017: relations of `relkind` in a Data API schema that anon or authenticated can read. */
function relationsInApi(relkind: string, detail: string): string {
  return `
    select ${relation("c", "n")} as object, '${detail}' as detail
    from ${FROM_RELATION}
    where c.relkind = '${relkind}' and ${inDataApi("n.nspname")} and not ${managed("n.nspname")} and not ${fromExtension("c.oid")}
      and ${apiReadable("c.oid")}`;
}

/** 0016 materialized_view_in_api (WARN): a materialized view (which has no RLS) readable by anon or authenticated through the Data API. */
const materializedViewInApi: SchemaLint = {
  id: "0016", name: "materialized_view_in_api", level: "WARN",
  sql: relationsInApi("m", "has no RLS and anon or authenticated can select it"),
};

/** 0017 foreign_table_in_api (WARN): a foreign table (which has no RLS) readable by anon or authenticated through the Data API. */
const foreignTableInApi: SchemaLint = {
  id: "0017", name: "foreign_table_in_api", level: "WARN",
  sql: relationsInApi("f", "has no RLS and anon or authenticated can select it"),
};

/** 0018 unsupported_reg_types (WARN): a column of a reg* type holding an OID, which pg_upgrade cannot carry over (regclass, regrole and regtype excepted). */
const unsupportedRegTypes: SchemaLint = {
  id: "0018", name: "unsupported_reg_types", level: "WARN",
  sql: `
    select format('column %s.%s.%s', n.nspname, c.relname, a.attname) as object, format('has type %s', t.typname) as detail
    from pg_catalog.pg_attribute a
    join ${FROM_RELATION} on c.oid = a.attrelid
    join pg_catalog.pg_type t on t.oid = a.atttypid
    where t.typnamespace = 'pg_catalog'::regnamespace and a.attnum > 0 and not a.attisdropped
      and t.typname in ('regcollation', 'regconfig', 'regdictionary', 'regnamespace', 'regoper', 'regoperator', 'regproc', 'regprocedure')
      and n.nspname not in ('pg_catalog', 'information_schema', 'pgsodium')`,
};

/** 0021 fkey_to_auth_unique (ERROR): a foreign key into an auth table through a unique constraint other than its primary key, which Supabase Auth may change. */
const fkeyToAuthUnique: SchemaLint = {
  id: "0021", name: "fkey_to_auth_unique", level: "ERROR",
  sql: `
    select ${relation("c", "n")} as object, format('foreign key %I references an auth unique key that is not the primary key', k.conname) as detail
    from pg_catalog.pg_constraint k
    join ${FROM_RELATION} on c.oid = k.conrelid
    join pg_catalog.pg_class target on target.oid = k.confrelid
    join pg_catalog.pg_index i on i.indexrelid = k.conindid
    where k.contype = 'f' and target.relnamespace = 'auth'::regnamespace and i.indisunique and not i.indisprimary`,
};

/**
 * 0023 sensitive_columns_exposed (ERROR): a table in a Data API schema,
 * readable by anon or authenticated with RLS off, with a column named like a
 * secret or personal data (password, token, ssn, …).
 */
const sensitiveColumnsExposed: SchemaLint = {
  id: "0023", name: "sensitive_columns_exposed", level: "ERROR",
  sql: `
    select ${relation("c", "n")} as object, format('RLS is off and it has %s', string_agg(format('%I', a.attname), ', ' order by a.attname)) as detail
    from ${FROM_RELATION}
    join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    where c.relkind = 'r' and not c.relrowsecurity and ${inDataApi("n.nspname")} and not ${managed("n.nspname")} and ${apiReadable("c.oid")}
      and replace(lower(a.attname), '-', '_') = any (${names(SENSITIVE_COLUMN_NAMES)})
    group by c.oid, c.relkind, n.nspname, c.relname`,
};

/**
 * 0024 rls_policy_always_true (WARN): a permissive policy for PUBLIC, anon or
 * authenticated, on a table with RLS on, that lets every row through: USING
 * always true (or absent) for UPDATE, DELETE or ALL, or WITH CHECK always true
 * (or absent for INSERT, or absent for UPDATE/ALL whose USING is always true).
 */
const rlsPolicyAlwaysTrue: SchemaLint = {
  id: "0024", name: "rls_policy_always_true", level: "WARN",
  sql: `
    select ${relation("c", "n")} as object, format('policy %I lets every row through', p.polname) as detail
    from ${FROM_POLICY}
    where c.relkind = 'r' and c.relrowsecurity and p.polpermissive and not ${managed("n.nspname")}
      and (p.polroles = '{0}' or exists (select 1 from pg_catalog.pg_roles r where r.oid = any (p.polroles) and r.rolname in ('anon', 'authenticated')))
      and ((p.polcmd in ('w', 'd', '*') and (p.polqual is null or ${alwaysTrue(USING)}))
        or (p.polwithcheck is not null and ${alwaysTrue(CHECK)})
        or (p.polwithcheck is null and p.polcmd = 'a')
        or (p.polwithcheck is null and p.polcmd in ('w', '*') and p.polqual is not null and ${alwaysTrue(USING)}))`,
};

/** The query of 0026 and 0027: relations (outside the managed schemas) of which `role` may select some column, so pg_graphql lists them to it. */
function graphqlVisibleTo(role: "anon" | "authenticated"): string {
  return `
    select ${relation("c", "n")} as object, 'is in the GraphQL schema ${role} sees' as detail
    from ${FROM_RELATION}
    where c.relkind in ('r', 'v', 'm', 'f') and not ${managed("n.nspname")}
      and exists (select 1 from pg_catalog.pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        and pg_catalog.has_column_privilege('${role}', c.oid, a.attnum, 'SELECT'))`;
}

/** 0026 pg_graphql_anon_table_exposed (WARN): a table, view or foreign table that anon can select from, so pg_graphql shows it to anyone. */
const pgGraphqlAnonTableExposed: SchemaLint = {
  id: "0026", name: "pg_graphql_anon_table_exposed", level: "WARN",
  sql: graphqlVisibleTo("anon"),
};

/** 0027 pg_graphql_authenticated_table_exposed (WARN): the same for authenticated: pg_graphql shows it to every signed-in user. */
const pgGraphqlAuthenticatedTableExposed: SchemaLint = {
  id: "0027", name: "pg_graphql_authenticated_table_exposed", level: "WARN",
  sql: graphqlVisibleTo("authenticated"),
};

/** The query of 0028 and 0029: SECURITY DEFINER functions in a Data API schema that `role` may execute, i.e. call through /rest/v1/rpc. */
function definerFunctionsFor(role: "anon" | "authenticated"): string {
  return `
    select format('function %s.%s(%s)', n.nspname, f.proname, pg_catalog.pg_get_function_identity_arguments(f.oid)) as object,
      'is SECURITY DEFINER and ${role} can call it through /rest/v1/rpc' as detail
    from pg_catalog.pg_proc f join pg_catalog.pg_namespace n on n.oid = f.pronamespace
    where f.prosecdef and ${inDataApi("n.nspname")} and not ${managed("n.nspname")}
      and pg_catalog.has_function_privilege('${role}', f.oid, 'EXECUTE')`;
}

/** 0028 anon_security_definer_function_executable (WARN): a SECURITY DEFINER function in the Data API that anon can execute. */
const anonSecurityDefinerFunctionExecutable: SchemaLint = {
  id: "0028", name: "anon_security_definer_function_executable", level: "WARN",
  sql: definerFunctionsFor("anon"),
};

/** 0029 authenticated_security_definer_function_executable (WARN): the same for authenticated. */
const authenticatedSecurityDefinerFunctionExecutable: SchemaLint = {
  id: "0029", name: "authenticated_security_definer_function_executable", level: "WARN",
  sql: definerFunctionsFor("authenticated"),
};

/** Every lint implemented here, in splinter's order. */
export const SCHEMA_LINTS: SchemaLint[] = [
  unindexedForeignKeys, authUsersExposed, authRlsInitplan, noPrimaryKey, multiplePermissivePolicies, policyExistsRlsDisabled,
  rlsEnabledNoPolicy, duplicateIndex, securityDefinerView, functionSearchPathMutable, rlsDisabledInPublic, extensionInPublic,
  rlsReferencesUserMetadata, materializedViewInApi, foreignTableInApi, unsupportedRegTypes, fkeyToAuthUnique,
  sensitiveColumnsExposed, rlsPolicyAlwaysTrue, pgGraphqlAnonTableExposed, pgGraphqlAuthenticatedTableExposed,
  anonSecurityDefinerFunctionExecutable, authenticatedSecurityDefinerFunctionExecutable,
];

/**
 * Runs `lints` in `tx`. It first empties the transaction's search_path, as
 * splinter does, so policy expressions print every function schema-qualified
 * (`auth.jwt()`), which the textual rules rely on.
 * @returns every finding, in the order of `lints`.
 */
export async function runSchemaLints(tx: postgres.TransactionSql, lints: SchemaLint[] = SCHEMA_LINTS): Promise<LintFinding[]> {
  await tx`select set_config('search_path', '', true)`;
  const findings: LintFinding[] = [];
  for (const lint of lints) {
    const rows = await tx.unsafe<{ object: string; detail: string }[]>(lint.sql);
    findings.push(...rows.map((r) => ({ lint: lint.name, level: lint.level, object: r.object, detail: r.detail })));
  }
  return findings;
}
