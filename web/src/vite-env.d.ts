/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Release name for error reports (set by the build pipeline; optional). */
  readonly VITE_RELEASE?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
