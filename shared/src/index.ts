// The API contract: every request and response body, the vocabulary and the error shape.
export * from "./adaptive.ts";
export * from "./analytics.ts";
export * from "./common.ts";
export * from "./crmFeatures.ts";
export * from "./errors.ts";
export * from "./experiment.ts";
export * from "./integrations.ts";
export * from "./leads.ts";
export * from "./messages.ts";
export * from "./meta.ts";
export * from "./scenarios.ts";
export * from "./team.ts";
export * from "./training.ts";
export * from "./vocabulary.ts";
