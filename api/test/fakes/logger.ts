// A Logger that keeps every line, for tests that check what was logged and at which level.
import type { LogFields, Logger } from '../../src/domain/ports';

export class RecordingLogger implements Logger {
  readonly lines: { level: 'info' | 'warn' | 'error'; event: string; fields: LogFields }[] = [];
  info(event: string, fields: LogFields = {}): void {
    this.lines.push({ level: 'info', event, fields });
  }
  warn(event: string, fields: LogFields = {}): void {
    this.lines.push({ level: 'warn', event, fields });
  }
  error(event: string, fields: LogFields = {}): void {
    this.lines.push({ level: 'error', event, fields });
  }
  events(): string[] {
    return this.lines.map((l) => l.event);
  }
}
