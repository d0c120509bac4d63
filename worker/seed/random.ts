// The seeded PRNG lives in the domain (the bootstrap and the anonymizer need it too); re-exported for seeds and benchmarks.
export { rng, type Rng } from "../src/domain/random.ts";
