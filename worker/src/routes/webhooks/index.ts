// CRM webhooks (not bearer-authenticated: each vendor's own verification, per team).
import { router } from "../../http/openapi.ts";
import { hubspotWebhooks } from "./hubspot.ts";
import { pipedriveWebhooks } from "./pipedrive.ts";
import { salesforceWebhooks } from "./salesforce.ts";

export const webhooks = router();
for (const vendor of [hubspotWebhooks, pipedriveWebhooks, salesforceWebhooks]) webhooks.route("/", vendor);
