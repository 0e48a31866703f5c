// What the integration global setup provides to every integration test (vitest `inject('emulators')`).
export interface EmulatorEnv {
  /** Azurite connection string (blob + queue + table on free ports). */
  readonly storageConnectionString: string;
  readonly cosmosEndpoint: string;
  readonly cosmosKey: string;
  readonly clamdHost: string;
  readonly clamdPort: number;
  readonly mailSinkUrl: string;
  readonly stripeSimUrl: string;
  /** Any `sk_test_…` key is accepted by the simulator; this one is provided for convenience. */
  readonly stripeApiKey: string;
  /**
   * The deployable api folder (main.cjs and its side bundles), built once per run from the current
   * sources by the global setup: every api stack of the run loads it.
   */
  readonly apiPackageDir: string;
  /** Fresh temporary directory holding this run's emulator data (removed in teardown). */
  readonly dataDir: string;
  /**
   * A self-signed certificate for localhost that every test worker trusts (NODE_EXTRA_CA_CERTS), for
   * tests that start an HTTPS emulator of their own (e.g. Azurite with OAuth).
   */
  readonly tls: { readonly certPath: string; readonly keyPath: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    emulators: EmulatorEnv;
  }
}
