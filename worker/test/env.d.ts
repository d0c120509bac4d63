import type { D1Migration } from "cloudflare:test";
import type { Env as WorkerEnv } from "../src/env.ts";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[];
      /** DQ_NOW from the environment of `npm test`, or "" (test/pin-clock.ts). */
      DQ_TEST_NOW: string;
      /** Total requests of the API fuzz (test/fuzz.test.ts). */
      DQ_FUZZ_RUNS: string;
    }
    interface GlobalProps {
      mainModule: typeof import("../src/index.ts");
    }
  }
}
