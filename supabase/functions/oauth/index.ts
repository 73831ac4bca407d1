// Edge Function entry point: Supabase routes /functions/v1/oauth/* here.
import { app } from "./app.ts";

Deno.serve(app.fetch);
