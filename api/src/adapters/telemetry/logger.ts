import type { InvocationContext } from '@azure/functions';
import type { LogFields, Logger } from '../../domain/ports';
import { currentInvocation, operationIdOf } from './invocation-scope';

type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// Keys whose values must never reach logs, whatever the caller passes.
const sensitiveKey =
  /email|inami|riziv|token|secret|password|authorization|cookie|key|connection|iban|phone/i;
const emailLike = /[^\s@]+@[^\s@]+\.[^\s@]+/g;
// Eleven or more digits, however they are grouped (spaces, no-break spaces, `_ . / -`) and whatever
// letter or underscore is glued to them: INAMI/RIZIV numbers (11 digits), phone numbers, account numbers.
const longDigits = /(?<!\d)\d(?:[\s_./-]{0,3}\d){10,}(?!\d)/gu;
// JWTs (three base64url parts starting with `eyJ`) and credentials carried in URLs.
const jwtLike = /\beyJ[\w-]*\.[\w-]*\.[\w-]*/g;
const urlSecrets = /([?&#](?:code|token|access_token|id_token|refresh_token|state|session_state)=)[^&#\s]*/gi;

export function scrub(fields: LogFields): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (sensitiveKey.test(key)) {
      out[key] = '[redacted]';
    } else if (typeof value === 'string') {
      out[key] = value
        .replace(jwtLike, '[token]')
        .replace(urlSecrets, '$1[redacted]')
        .replace(emailLike, '[email]')
        .replace(longDigits, '[number]')
        .slice(0, 500);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/**
 * JSON-lines logger. Inside a function invocation a line goes through the invocation's log method of
 * its level, which the Functions host sends to Application Insights with that severity and the
 * invocation's operation id (and the local host prints); outside one (start-up), to `sink` (stdout).
 */
export function createLogger(options: {
  level: Level;
  sink?: (line: string) => void;
  base?: LogFields;
  clock?: () => Date;
  /** The invocation being served; defaults to the one handlers are wrapped in (invocation-scope). */
  invocation?: () => InvocationContext | undefined;
}): Logger {
  const sink = options.sink ?? ((line: string) => process.stdout.write(`${line}\n`));
  const clock = options.clock ?? (() => new Date());
  const invocation = options.invocation ?? currentInvocation;
  const base = scrub(options.base ?? {});
  const write = (level: Level, event: string, fields: LogFields = {}): void => {
    if (order[level] < order[options.level]) return;
    const context = invocation();
    const operationId = operationIdOf(context?.traceContext?.traceParent);
    const line = JSON.stringify({
      time: clock().toISOString(),
      level,
      event,
      ...base,
      ...(operationId ? { operationId } : {}),
      ...scrub(fields),
    });
    if (!context) sink(line);
    else if (level === 'error') context.error(line);
    else if (level === 'warn') context.warn(line);
    else if (level === 'debug') context.debug(line);
    else context.info(line);
  };
  return {
    info: (event, fields) => {
      write('info', event, fields);
    },
    warn: (event, fields) => {
      write('warn', event, fields);
    },
    error: (event, fields) => {
      write('error', event, fields);
    },
  };
}
