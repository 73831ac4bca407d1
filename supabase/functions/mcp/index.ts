// Edge Function entry point: Supabase routes /functions/v1/mcp/* here.
import { app } from "./app.ts";

Deno.serve(app.fetch);
