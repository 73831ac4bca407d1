// Edge Function entry point: Supabase routes /functions/v1/api/* here.
import { app } from "./app.ts";

Deno.serve(app.fetch);
