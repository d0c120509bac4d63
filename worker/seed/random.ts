// The seeded PRNG lives with the analytics (its bootstrap needs it too); re-exported for seeds and benchmarks.
export { rng, type Rng } from "../src/domain/analytics/random.ts";
