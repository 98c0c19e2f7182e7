/**
 * Structured logs: JSON lines through pino, at LOG_LEVEL, with secrets and update text
 * censored before a record is written, and a correlation id per activity or tick.
 */
import os from 'node:os';
import pino, { type DestinationStream, type Logger } from 'pino';
import { REDACTED, REDACT_PATHS, scrubSecrets, scrubString } from './redaction';

export type { Logger } from 'pino';

/** The part of a logger that domain code writes to; a pino Logger is one. */
export interface LogSink {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  /** Defaults to LOG_LEVEL from the environment, then `info`. */
  level?: string;
  /** Names the process or component in every line, e.g. `planpulse-bot` or `planpulse-tick`. */
  name?: string;
  /** Where lines go; standard output when omitted. */
  destination?: DestinationStream;
  /** Extra fields on every line. */
  base?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
}

export class LogLevelError extends Error {
  constructor(value: string) {
    super(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${value}").`);
    this.name = 'LogLevelError';
  }
}

function resolveLevel(options: LoggerOptions): LogLevel {
  const env = options.env ?? process.env;
  const raw = (options.level ?? env.LOG_LEVEL ?? '').trim().toLowerCase();
  if (raw === '') return 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) throw new LogLevelError(raw);
  return raw as LogLevel;
}

/** A JSON-lines logger that never writes a password, token, connection-string key or an update's text. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const config: pino.LoggerOptions = {
    level: resolveLevel(options),
    name: options.name,
    base: { pid: process.pid, hostname: os.hostname(), ...scrubSecrets(options.base ?? {}) as Record<string, unknown> },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    // The log formatter has already turned errors into scrubbed plain objects; pino's own
    // error serializer would relabel them as type "Object".
    serializers: { err: (value: unknown) => (value instanceof Error ? scrubSecrets(value) : value) },
    formatters: {
      level: (label) => ({ level: label }),
      bindings: (bindings) => scrubSecrets(bindings) as Record<string, unknown>,
      log: (record) => scrubSecrets(record) as Record<string, unknown>,
    },
    hooks: {
      // Messages are strings the formatters never see; scrub them on the way in.
      logMethod(args, method) {
        const cleaned = args.map((a) => (typeof a === 'string' ? scrubString(a) : a)) as typeof args;
        method.apply(this, cleaned);
      },
    },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
