/**
 * Slugs no user or organization may take: they collide with routes, the
 * meta-skill folder or words users would mistake for the platform.
 */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "api", "oauth", "mcp", "auth", "admin", "administrator", "system", "root", "support", "help",
  "about", "settings", "registry", "registries", "skills", "skill", "search", "sync", "health",
  "me", "login", "logout", "register", "signup", "new", "www", "null", "undefined", "official",
]);
