// The checks Azure applies to a Node.js app's function registrations before it runs any of them,
// reproduced so that a registration Azure would refuse stops the local host at start-up.
// Each rule names its source (read in the real code, not guessed):
// - azure-functions-nodejs-worker, src/coreApi/registerFunction.ts: a function id registered twice.
// - azure-functions-host, src/WebJobs.Script/Utility.cs: `FunctionNameValidationRegex` (ValidateName)
//   and `BindingNameValidationRegex` (ValidateBinding), applied by
//   src/WebJobs.Script/Host/WorkerFunctionMetadataProvider.cs (ValidateMetadata, ValidateBindings:
//   binding names unique ignoring case, at least one binding, a trigger binding).
// - azure-webjobs-sdk, src/Microsoft.Azure.WebJobs.Host/Indexers/FunctionIndex.cs: function names are
//   indexed ignoring case, so `Items` and `items` cannot both exist.
// - azure-functions-host, src/WebJobs.Script/Host/ScriptHost.cs (ValidateFunction, ValidateHttpFunction,
//   HttpRoutesConflict): an HTTP route (the function name when there is no route), trimmed of '/' and
//   lower-cased, must not start with `admin` or `runtime` whatever the routePrefix (issues #1781,
//   #7634); two HTTP functions must not declare the same route template (compared ignoring case) with
//   an overlapping method (no methods = every method).
// In Azure the first rules fail the whole app (worker, indexer) and the others leave the function out
// with an error in the portal while the rest runs; locally every one of them stops the start-up.
import type { BindingInfo } from './registry';

/** One `registerFunction` call as the worker receives it (`bindings` keyed by binding name). */
export interface Registration {
  readonly name: string;
  readonly bindings: Readonly<Record<string, BindingInfo>>;
}

export type RegistrationRule =
  | 'duplicate-function'
  | 'function-name'
  | 'binding-name'
  | 'duplicate-binding'
  | 'return-binding-direction'
  | 'no-binding'
  | 'no-trigger'
  | 'reserved-route'
  | 'route-conflict';

export interface RegistrationViolation {
  readonly functionName: string;
  readonly rule: RegistrationRule;
  /** The real host's (or worker's) own message. */
  readonly message: string;
  /** What in this registration breaks the rule. */
  readonly detail?: string;
}

/** Start-up refused: one line naming the first function and its rule, plus how many more were refused. */
export class RegistrationError extends Error {
  readonly violations: readonly RegistrationViolation[];

  constructor(violations: readonly RegistrationViolation[]) {
    const [first, ...rest] = violations;
    const more =
      rest.length > 0
        ? ` (${rest.length} more refused: ${[...new Set(rest.map((v) => v.functionName))].join(', ')})`
        : '';
    super(first ? `${describeViolation(first)}${more}` : 'No registration refused');
    this.name = 'RegistrationError';
    this.violations = violations;
  }
}

export function describeViolation(violation: RegistrationViolation): string {
  const detail = violation.detail ? ` ${violation.detail}` : '';
  return `Function '${violation.functionName}' would be refused by Azure [${violation.rule}]: ${violation.message}${detail}`;
}

// Utility.cs, verbatim: `^[a-z][a-z0-9_\-]{0,127}$(?<!^host$)` with IgnoreCase | CultureInvariant.
const functionNamePattern = /^[a-z][a-z0-9_-]{0,127}$(?<!^host$)/i;
// Utility.cs: `^([a-zA-Z][a-zA-Z0-9]{0,127}|\$return)$` (ScriptConstants.SystemReturnParameterBindingName).
const returnBindingName = '$return';
const bindingNamePattern = /^([a-zA-Z][a-zA-Z0-9]{0,127}|\$return)$/;
const reservedRoutePrefixes = ['admin', 'runtime'] as const;

interface HttpDeclaration {
  readonly functionName: string;
  readonly route: string;
  readonly methods: readonly string[] | undefined;
}

/** Every rule the registrations break, in registration order (empty when Azure would load them all). */
export function findViolations(registrations: readonly Registration[]): RegistrationViolation[] {
  const violations: RegistrationViolation[] = [];
  const exactNames = new Set<string>();
  const namesIgnoringCase = new Map<string, string>();
  const httpFunctions: HttpDeclaration[] = [];

  for (const registration of registrations) {
    const { name } = registration;
    const refuse = (rule: RegistrationRule, message: string, detail?: string): void => {
      violations.push({ functionName: name, rule, message, ...(detail ? { detail } : {}) });
    };

    if (exactNames.has(name)) {
      refuse('duplicate-function', `A function with id "${name}" has already been registered.`);
      continue;
    }
    exactNames.add(name);
    const sameIgnoringCase = namesIgnoringCase.get(name.toLowerCase());
    if (sameIgnoringCase !== undefined) {
      refuse(
        'duplicate-function',
        `Method overloads are not supported. There are multiple methods with the name 'Host.Functions.${name}'.`,
        `Function names are compared ignoring case: '${sameIgnoringCase}' already exists.`,
      );
      continue;
    }
    namesIgnoringCase.set(name.toLowerCase(), name);

    if (!functionNamePattern.test(name)) {
      refuse(
        'function-name',
        `'${name}' is not a valid function name.`,
        'A name starts with a letter, then up to 127 letters, digits, _ or -, and is not "host".',
      );
      continue;
    }

    const bindingViolation = checkBindings(registration.bindings);
    if (bindingViolation) {
      refuse(bindingViolation.rule, bindingViolation.message, bindingViolation.detail);
      continue;
    }

    const trigger = Object.values(registration.bindings).find(isTriggerBinding);
    if (trigger?.type.toLowerCase() !== 'httptrigger') continue;
    const declared = httpRouteOf(name, trigger);
    const normalized = declared.replace(/^\/+|\/+$/g, '').toLowerCase();
    const reserved = reservedRoutePrefixes.find((prefix) => normalized.startsWith(prefix));
    if (reserved) {
      refuse(
        'reserved-route',
        'The specified route conflicts with one or more built in routes.',
        `Its route '${declared}' starts with '${reserved}' (reserved: ${reservedRoutePrefixes.join(', ')}; the routePrefix does not matter).`,
      );
      continue;
    }
    const methods = Array.isArray(trigger.methods) ? trigger.methods.map(String) : undefined;
    const conflict = httpFunctions.find((other) =>
      routesConflict({ functionName: name, route: declared, methods }, other),
    );
    if (conflict) {
      refuse(
        'route-conflict',
        `The route specified conflicts with the route defined by function '${conflict.functionName}'.`,
        `Both declare '${declared}' with a common method.`,
      );
      continue;
    }
    httpFunctions.push({ functionName: name, route: declared, methods });
  }
  return violations;
}

/** Throws one RegistrationError listing every refused registration (the first one in full). */
export function assertRegistrationsValid(registrations: readonly Registration[]): void {
  const violations = findViolations(registrations);
  if (violations.length > 0) throw new RegistrationError(violations);
}

/** ScriptHost.ValidateHttpFunction: without a route (empty or blank), the route is the function name. */
export function httpRouteOf(functionName: string, trigger: BindingInfo): string {
  return typeof trigger.route === 'string' && trigger.route.trim() !== '' ? trigger.route : functionName;
}

function isTriggerBinding(binding: BindingInfo): boolean {
  // BindingMetadata.IsTrigger: the type ends with "Trigger" (ignoring case), an input binding.
  return binding.direction === 'in' && binding.type.toLowerCase().endsWith('trigger');
}

function checkBindings(
  bindings: Readonly<Record<string, BindingInfo>>,
): Omit<RegistrationViolation, 'functionName'> | undefined {
  const seen = new Set<string>();
  // The worker sends each binding with the record key as its name (registerFunction: rawBindings).
  for (const [name, binding] of Object.entries(bindings)) {
    if (!bindingNamePattern.test(name)) {
      return {
        rule: 'binding-name',
        message: `The binding name ${name} is invalid. Please assign a valid name to the binding.`,
        detail: `A binding name is a letter then up to 127 letters or digits (no '-' or '_'), or ${returnBindingName}.`,
      };
    }
    if (name === returnBindingName && binding.direction !== 'out') {
      return {
        rule: 'return-binding-direction',
        message: `${returnBindingName} bindings must specify a direction of 'out'.`,
      };
    }
    if (seen.has(name.toLowerCase())) {
      return {
        rule: 'duplicate-binding',
        message: `Multiple bindings with name '${name}' discovered. Binding names must be unique.`,
        detail: 'Binding names are compared ignoring case.',
      };
    }
    seen.add(name.toLowerCase());
  }
  if (seen.size === 0) return { rule: 'no-binding', message: 'At least one binding must be declared.' };
  if (!Object.values(bindings).some(isTriggerBinding)) {
    return {
      rule: 'no-trigger',
      message: 'No trigger binding specified. A function must have a trigger input binding.',
    };
  }
  return undefined;
}

function routesConflict(a: HttpDeclaration, b: HttpDeclaration): boolean {
  // ScriptHost.HttpRoutesConflict: the route strings trimmed of '/', compared ignoring case (not by
  // what they match), then an ordinal intersection of the method lists; none listed means all.
  const trim = (route: string): string => route.replace(/^\/+|\/+$/g, '').toLowerCase();
  if (trim(a.route) !== trim(b.route)) return false;
  if (!a.methods?.length || !b.methods?.length) return true;
  return a.methods.some((method) => b.methods?.includes(method));
}
