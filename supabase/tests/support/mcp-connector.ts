/**
 * An MCP connector as Claude.ai or ChatGPT runs one (MCP authorization
 * 2025-11-25), for tests: the official SDK client with an OAuth
 * `authProvider` that keeps its state in memory, and the whole flow from an
 * unauthenticated request to a connected client: the 401, our
 * protected-resource metadata and authorization server, dynamic client
 * registration, the login page (driven over HTTP), the code exchange.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { UnauthorizedError, type OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import { mcpUrl } from "./mcp.ts";
import { authorizeAs } from "./oauth.ts";

/** An MCP client's OAuth state kept in memory, as a connector keeps it per user. */
export class MemoryOAuthProvider implements OAuthClientProvider {
  readonly redirectUrl = "http://127.0.0.1:33445/callback";
  authorizationUrl?: URL;
  private client?: OAuthClientInformationMixed;
  private saved?: OAuthTokens;
  private verifier?: string;

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: "MCP SDK test connector",
      redirect_uris: [this.redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }
  clientInformation() {
    return this.client;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.client = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    if (!this.verifier) throw new Error("no code verifier saved");
    return this.verifier;
  }
}

/**
 * Connects to the platform's MCP server as a connector does, logging in as
 * the user on the login page when the server asks for authorization.
 * @param platformUrl the URL clients use (what the connector is given).
 * @returns the connected client, the provider (tokens, registered client) and
 *   the authorization URL the server's metadata led to.
 * @throws when any step does not answer as a connector expects.
 */
export async function connectAsConnector(
  platformUrl: string,
  login: { email: string; password: string },
): Promise<{ client: Client; provider: MemoryOAuthProvider; authorizationUrl: URL }> {
  const provider = new MemoryOAuthProvider();
  const transport = new StreamableHTTPClientTransport(mcpUrl(platformUrl), { authProvider: provider });
  const refused = await new Client({ name: "connector", version: "1.0.0" }).connect(transport).then(() => null, (e: unknown) => e);
  if (!(refused instanceof UnauthorizedError)) throw new Error(`expected the server to ask for authorization, got ${String(refused)}`);
  const authorizationUrl = provider.authorizationUrl!;
  const callback = await authorizeAs(platformUrl, authorizationUrl.href, login);
  await transport.finishAuth(callback.searchParams.get("code")!);
  const client = new Client({ name: "connector", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(mcpUrl(platformUrl), { authProvider: provider }));
  return { client, provider, authorizationUrl };
}
