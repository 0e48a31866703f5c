// Small persistence helpers for the simulators: atomic JSON writes and a debounced JSON file store.
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

/** Writes `content` to `file` atomically: temp file in the same directory, fsync, rename. */
export function writeFileAtomic(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** Reads and parses a JSON file, or returns undefined when it does not exist. */
export function readJsonFile(file: string): unknown {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

/**
 * Persists a value produced by `serialize()` to `file`: `markDirty()` schedules a write after
 * `delayMs` (several changes in that window are written once); `flush()` writes now if needed.
 */
export class DebouncedJsonFile {
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;

  constructor(
    private readonly file: string,
    private readonly serialize: () => unknown,
    private readonly delayMs = 200,
    private readonly onError: (err: unknown) => void = (err) => {
      process.stderr.write(`could not write ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
    },
  ) {}

  markDirty(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.flush();
      } catch (err) {
        this.onError(err);
      }
    }, this.delayMs);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.dirty) return;
    this.dirty = false;
    try {
      writeFileAtomic(this.file, JSON.stringify(this.serialize()));
    } catch (err) {
      this.dirty = true;
      throw err;
    }
  }
}
