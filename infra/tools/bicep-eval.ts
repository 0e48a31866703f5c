// Evaluates a Bicep deployment offline as far as it can be known without Azure: parameters (from their
// defaults or an azd parameters file), variables, loadJsonContent, loops, conditions, modules and the
// common functions are computed; what only Azure knows (uniqueString, a resource's properties, a parameter
// the operator sets) stays an Unknown that remembers the expression it came from, and the resource it
// belongs to when it is one of a resource's properties. The result is the list of resources the template
// would deploy, with their evaluated bodies: what the infrastructure tests inspect.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import {
  parseBicep,
  render,
  type BicepFile,
  type Declaration,
  type Expr,
  type ObjectProperty,
} from './bicep-parser';

/** A value only Azure (or the operator) knows; `text` is the Bicep-like expression it stands for. */
export class Unknown {
  constructor(
    readonly text: string,
    /** The resource whose property this is (`site.identity.principalId` → the site), if any. */
    readonly ref?: ResourceRef,
    /** The property path on `ref` (`identity.principalId`, `id`). */
    readonly path?: string,
    /** A string built by interpolation: its text is the string with `${…}` for the unknown parts. */
    readonly template = false,
  ) {}
}

/** A resource declared in the template (deployed or `existing`). */
export class ResourceRef {
  constructor(
    readonly file: string,
    readonly symbol: string,
    readonly type: string,
    readonly existing: boolean,
    private readonly nameOf: () => Value,
  ) {}

  get name(): Value {
    return this.nameOf();
  }
}

export class Lambda {
  constructor(
    readonly params: readonly string[],
    readonly body: Expr,
    readonly scope: Scope,
  ) {}
}

export type Value =
  | null
  | boolean
  | number
  | string
  | readonly Value[]
  | { readonly [key: string]: Value }
  | Unknown
  | ResourceRef
  | Lambda;

export interface DeployedResource {
  readonly file: string;
  readonly symbol: string;
  readonly type: string;
  readonly apiVersion: string;
  readonly existing: boolean;
  /** `true` for an unconditional resource; the evaluated condition otherwise. */
  readonly condition: Value;
  /** The evaluated declaration body (`name`, `location`, `properties`, `scope`, `parent`…). */
  readonly body: Value;
  readonly ref: ResourceRef;
  /** Where in a loop, when the resource is declared in one. */
  readonly loopIndex: number | undefined;
}

export interface ModuleInstance {
  readonly file: string;
  readonly symbol: string;
  readonly target: string;
  readonly params: Readonly<Record<string, Value>>;
  readonly outputs: Readonly<Record<string, Value>>;
}

export interface Evaluation {
  readonly files: ReadonlyMap<string, BicepFile>;
  readonly resources: readonly DeployedResource[];
  readonly modules: readonly ModuleInstance[];
  readonly outputs: Readonly<Record<string, Value>>;
}

export type ReadFile = (absolutePath: string) => string;

export const readFromDisk: ReadFile = (path) => readFileSync(path, 'utf8');

export function isObject(value: Value | undefined): value is { readonly [key: string]: Value } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Unknown) &&
    !(value instanceof ResourceRef) &&
    !(value instanceof Lambda)
  );
}

export function isKnown(value: Value | undefined): boolean {
  if (value === undefined || value instanceof Unknown || value instanceof Lambda) return false;
  if (value instanceof ResourceRef) return true;
  if (Array.isArray(value)) return (value as readonly Value[]).every(isKnown);
  if (isObject(value)) return Object.values(value).every(isKnown);
  return true;
}

/** A Bicep-like text of a value (Unknowns as `${expression}` inside strings, refs as their symbol). */
export function textOf(value: Value | undefined): string {
  if (value === undefined) return 'undefined';
  if (value instanceof Unknown) return value.text;
  if (value instanceof ResourceRef) return value.symbol;
  if (value instanceof Lambda) return '<lambda>';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Unknown ? `<${v.text}>` : v instanceof ResourceRef ? `<${v.symbol}>` : v,
  );
}

/** A property path on an evaluated value (`properties.siteConfig.linuxFxVersion`). */
export function get(value: Value | undefined, path: string): Value | undefined {
  let current: Value | undefined = value;
  for (const key of path.split('.')) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

export class EvaluationError extends Error {
  override readonly name = 'EvaluationError';
}

interface Binding {
  value?: Value;
  evaluating?: boolean;
  readonly compute: () => Value;
}

export class Scope {
  private readonly bindings = new Map<string, Binding>();

  constructor(
    readonly file: string,
    readonly directory: string,
    private readonly parent: Scope | undefined,
    readonly read: ReadFile,
  ) {}

  define(name: string, compute: () => Value): void {
    this.bindings.set(name, { compute });
  }

  defineValue(name: string, value: Value): void {
    this.bindings.set(name, { value, compute: () => value });
  }

  child(): Scope {
    return new Scope(this.file, this.directory, this, this.read);
  }

  lookup(name: string): Value {
    const binding = this.bindings.get(name);
    if (!binding) {
      if (this.parent) return this.parent.lookup(name);
      throw new EvaluationError(`${this.file}: '${name}' is not declared`);
    }
    if ('value' in binding && binding.value !== undefined) return binding.value;
    if (binding.evaluating) throw new EvaluationError(`${this.file}: '${name}' refers to itself`);
    binding.evaluating = true;
    binding.value = binding.compute();
    binding.evaluating = false;
    return binding.value;
  }
}

const unknownFunctions = new Set([
  'uniqueString',
  'guid',
  'newGuid',
  'utcNow',
  'resourceGroup',
  'subscription',
  'tenant',
  'managementGroup',
  'deployment',
  'environment',
  'resourceId',
  'extensionResourceId',
  'tenantResourceId',
  'reference',
  'listKeys',
  'listSecrets',
  'base64',
  'pickZones',
  'dateTimeAdd',
]);

function argText(args: readonly Value[]): string {
  return args.map((a) => (typeof a === 'string' ? `'${a}'` : textOf(a))).join(', ');
}

function asArray(value: Value): readonly Value[] | undefined {
  return Array.isArray(value) ? (value as readonly Value[]) : undefined;
}

function equal(a: Value, b: Value): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

class Evaluator {
  readonly resources: DeployedResource[] = [];
  readonly modules: ModuleInstance[] = [];
  readonly files = new Map<string, BicepFile>();

  constructor(
    private readonly root: string,
    private readonly read: ReadFile,
  ) {}

  parse(absolutePath: string): BicepFile {
    const key = relative(this.root, absolutePath);
    const cached = this.files.get(key);
    if (cached) return cached;
    const file = parseBicep(this.read(absolutePath), key);
    this.files.set(key, file);
    return file;
  }

  /** Evaluates one file (entry or module instance) with the given parameter values; returns its outputs. */
  instantiate(absolutePath: string, params: Readonly<Record<string, Value>>): Record<string, Value> {
    const file = this.parse(absolutePath);
    const scope = new Scope(file.path, dirname(absolutePath), undefined, this.read);
    const declared = new Set<string>();
    for (const decl of file.declarations) {
      if ('name' in decl && decl.kind !== 'metadata' && decl.kind !== 'output' && decl.kind !== 'type') {
        if (declared.has(decl.name))
          throw new EvaluationError(`${file.path}: '${decl.name}' is declared twice`);
        declared.add(decl.name);
      }
    }
    for (const name of Object.keys(params)) {
      if (!file.declarations.some((d) => d.kind === 'param' && d.name === name)) {
        throw new EvaluationError(`${file.path}: no parameter '${name}' (passed by the caller)`);
      }
    }
    for (const decl of file.declarations) {
      if (decl.kind !== 'param' || Object.hasOwn(params, decl.name)) continue;
      if (!decl.defaultValue && !decl.type.nullable) {
        throw new EvaluationError(`${file.path}: required parameter '${decl.name}' is not given`);
      }
    }
    const pending: (() => void)[] = [];
    for (const decl of file.declarations) this.declare(decl, scope, params, pending);
    for (const run of pending) run();
    // Bicep refuses a bad expression wherever it is: evaluate unused variables and defaults too.
    for (const decl of file.declarations)
      if (decl.kind === 'var' || decl.kind === 'param') scope.lookup(decl.name);
    const outputs: Record<string, Value> = {};
    for (const decl of file.declarations) {
      if (decl.kind === 'output') outputs[decl.name] = this.evaluate(decl.value, scope);
    }
    return outputs;
  }

  private declare(
    decl: Declaration,
    scope: Scope,
    params: Readonly<Record<string, Value>>,
    pending: (() => void)[],
  ): void {
    switch (decl.kind) {
      case 'param': {
        const { name, defaultValue, type } = decl;
        scope.define(name, () => {
          if (Object.hasOwn(params, name)) return params[name] ?? null;
          if (defaultValue) return this.evaluate(defaultValue, scope);
          if (type.nullable) return null;
          return new Unknown(`<parameter ${name}>`);
        });
        return;
      }
      case 'var':
        scope.define(decl.name, () => this.evaluate(decl.value, scope));
        return;
      case 'resource': {
        const body = decl.value;
        const bodyObject = body.kind === 'if' || body.kind === 'for' ? body.body : body;
        const inner = bodyObject.kind === 'if' ? bodyObject.body : bodyObject;
        const nameExpr = inner.kind === 'object' ? propertyValue(inner.properties, 'name') : undefined;
        if (!nameExpr)
          throw new EvaluationError(`${scope.file}:${decl.line}: resource '${decl.name}' has no name`);
        if (body.kind === 'for') {
          scope.define(decl.name, () => new Unknown(`${decl.name} (a resource collection)`));
          pending.push(() => {
            const items = this.evaluate(body.iterable, scope);
            const list = asArray(items);
            const count = list ? list.length : 1;
            for (let i = 0; i < count; i++) {
              const loopScope = scope.child();
              loopScope.defineValue(
                body.item,
                list ? (list[i] ?? null) : new Unknown(`${render(body.iterable)}[*]`),
              );
              if (body.index) loopScope.defineValue(body.index, list ? i : new Unknown('<index>'));
              const ref = new ResourceRef(scope.file, decl.name, decl.type, decl.existing, () =>
                this.evaluate(nameExpr, loopScope),
              );
              this.addResource(decl, ref, body.body, loopScope, list ? i : undefined);
            }
          });
          return;
        }
        const ref = new ResourceRef(scope.file, decl.name, decl.type, decl.existing, () =>
          this.evaluate(nameExpr, scope),
        );
        scope.defineValue(decl.name, ref);
        pending.push(() => {
          this.addResource(decl, ref, body, scope, undefined);
        });
        return;
      }
      case 'module': {
        const target = resolve(scope.directory, decl.path);
        const body = decl.value;
        if (body.kind === 'for') throw new EvaluationError(`${scope.file}: module loops are not used here`);
        let outputs: Record<string, Value> | undefined;
        const run = (): Record<string, Value> => {
          if (outputs) return outputs;
          const object = body.kind === 'if' ? body.body : body;
          if (body.kind === 'if') {
            const condition = this.evaluate(body.condition, scope);
            if (condition === false) {
              outputs = {};
              return outputs;
            }
          }
          const paramsExpr =
            object.kind === 'object' ? propertyValue(object.properties, 'params') : undefined;
          const args = paramsExpr ? this.evaluate(paramsExpr, scope) : {};
          if (!isObject(args))
            throw new EvaluationError(`${scope.file}: module '${decl.name}' params must be an object`);
          outputs = {};
          const result = this.instantiate(target, args);
          Object.assign(outputs, result);
          this.modules.push({
            file: scope.file,
            symbol: decl.name,
            target: relative(this.root, target),
            params: args,
            outputs: result,
          });
          return outputs;
        };
        scope.define(decl.name, () => ({ outputs: run(), name: decl.name }));
        pending.push(() => {
          run();
        });
        return;
      }
      default:
        return;
    }
  }

  private addResource(
    decl: Extract<Declaration, { kind: 'resource' }>,
    ref: ResourceRef,
    body: Expr,
    scope: Scope,
    loopIndex: number | undefined,
  ): void {
    let condition: Value = true;
    let object = body;
    if (body.kind === 'if') {
      condition = this.evaluate(body.condition, scope);
      object = body.body;
    }
    if (condition === false) return;
    this.resources.push({
      file: scope.file,
      symbol: decl.name,
      type: decl.type,
      apiVersion: decl.apiVersion,
      existing: decl.existing,
      condition,
      body: this.evaluate(object, scope),
      ref,
      loopIndex,
    });
  }

  evaluate(expr: Expr, scope: Scope): Value {
    switch (expr.kind) {
      case 'string': {
        const parts = expr.parts.map((p) => (typeof p === 'string' ? p : this.evaluate(p, scope)));
        if (parts.every((p) => typeof p === 'string' || typeof p === 'number' || typeof p === 'boolean')) {
          return parts.map(String).join('');
        }
        return new Unknown(
          parts
            .map((p) =>
              typeof p === 'string' || typeof p === 'number' || typeof p === 'boolean'
                ? String(p)
                : p instanceof Unknown && p.template
                  ? p.text
                  : `\${${p instanceof ResourceRef ? p.symbol : textOf(p)}}`,
            )
            .join(''),
          undefined,
          undefined,
          true,
        );
      }
      case 'number':
        return expr.value;
      case 'bool':
        return expr.value;
      case 'null':
        return null;
      case 'ident':
        return scope.lookup(expr.name);
      case 'member': {
        const object = this.evaluate(expr.object, scope);
        return this.member(object, expr.property, expr.safe, expr);
      }
      case 'index': {
        const object = this.evaluate(expr.object, scope);
        const index = this.evaluate(expr.index, scope);
        const list = asArray(object);
        if (list && typeof index === 'number')
          return list[index] ?? (expr.safe ? null : new Unknown(render(expr)));
        if (isObject(object) && typeof index === 'string') {
          return Object.hasOwn(object, index)
            ? (object[index] ?? null)
            : expr.safe
              ? null
              : new Unknown(render(expr));
        }
        return new Unknown(`${textOf(object)}[${textOf(index)}]`);
      }
      case 'nonNull':
        return this.evaluate(expr.expr, scope);
      case 'call':
        return this.call(expr, scope);
      case 'object': {
        const result: Record<string, Value> = {};
        for (const property of expr.properties) {
          const value = this.evaluate(property.value, scope);
          if (property.kind === 'spread') {
            if (!isObject(value)) return new Unknown(render(expr));
            Object.assign(result, value);
          } else {
            result[property.key] = value;
          }
        }
        return result;
      }
      case 'array': {
        const result: Value[] = [];
        for (const item of expr.items) {
          if (item.kind === 'for') {
            const iterable = asArray(this.evaluate(item.iterable, scope));
            if (!iterable) return new Unknown(render(expr));
            iterable.forEach((element, i) => {
              const loopScope = scope.child();
              loopScope.defineValue(item.item, element);
              if (item.index) loopScope.defineValue(item.index, i);
              result.push(this.evaluate(item.body, loopScope));
            });
          } else {
            result.push(this.evaluate(item, scope));
          }
        }
        return result;
      }
      case 'for':
      case 'if':
        throw new EvaluationError(`${scope.file}: unexpected ${expr.kind} expression`);
      case 'lambda':
        return new Lambda(expr.params, expr.body, scope);
      case 'unary': {
        const operand = this.evaluate(expr.operand, scope);
        if (expr.op === '!' && typeof operand === 'boolean') return !operand;
        if (expr.op === '-' && typeof operand === 'number') return -operand;
        return new Unknown(`${expr.op}${textOf(operand)}`);
      }
      case 'binary':
        return this.binary(expr.op, expr.left, expr.right, scope);
      case 'ternary': {
        const condition = this.evaluate(expr.condition, scope);
        if (typeof condition === 'boolean') return this.evaluate(condition ? expr.then : expr.else, scope);
        const then = this.evaluate(expr.then, scope);
        const otherwise = this.evaluate(expr.else, scope);
        if (isKnown(then) && equal(then, otherwise)) return then;
        return new Unknown(`${textOf(condition)} ? ${textOf(then)} : ${textOf(otherwise)}`);
      }
    }
  }

  private member(object: Value, property: string, safe: boolean, expr: Expr): Value {
    if (object instanceof ResourceRef) {
      if (property === 'name') return object.name;
      return new Unknown(`${object.symbol}.${property}`, object, property);
    }
    if (object instanceof Unknown) {
      return new Unknown(
        `${object.text}.${property}`,
        object.ref,
        object.path ? `${object.path}.${property}` : object.ref ? property : undefined,
      );
    }
    if (isObject(object)) {
      if (Object.hasOwn(object, property)) return object[property] ?? null;
      if (safe) return null;
      throw new EvaluationError(`no property '${property}' in ${render(expr)}`);
    }
    if (object === null && safe) return null;
    return new Unknown(`${textOf(object)}.${property}`);
  }

  private binary(op: string, leftExpr: Expr, rightExpr: Expr, scope: Scope): Value {
    const left = this.evaluate(leftExpr, scope);
    if (op === '&&' && left === false) return false;
    if (op === '||' && left === true) return true;
    if (op === '??' && left !== null && !(left instanceof Unknown)) return left;
    const right = this.evaluate(rightExpr, scope);
    if (op === '??') return left === null ? right : new Unknown(`${textOf(left)} ?? ${textOf(right)}`);
    if (!isKnown(left) || !isKnown(right)) {
      if ((op === '&&' && right === false) || (op === '||' && right === true)) return right;
      return new Unknown(`${textOf(left)} ${op} ${textOf(right)}`);
    }
    switch (op) {
      case '&&':
      case '||':
        return op === '&&' ? left === true && right === true : left === true || right === true;
      case '==':
        return equal(left, right);
      case '!=':
        return !equal(left, right);
      case '=~':
        return textOf(left).toLowerCase() === textOf(right).toLowerCase();
      case '!~':
        return textOf(left).toLowerCase() !== textOf(right).toLowerCase();
    }
    if (typeof left === 'number' && typeof right === 'number') {
      switch (op) {
        case '+':
          return left + right;
        case '-':
          return left - right;
        case '*':
          return left * right;
        case '/':
          return Math.trunc(left / right);
        case '%':
          return left % right;
        case '<':
          return left < right;
        case '>':
          return left > right;
        case '<=':
          return left <= right;
        case '>=':
          return left >= right;
      }
    }
    throw new EvaluationError(`${scope.file}: cannot apply '${op}' to ${textOf(left)} and ${textOf(right)}`);
  }

  private apply(fn: Value, args: readonly Value[]): Value {
    if (!(fn instanceof Lambda)) return new Unknown(`<not a lambda: ${textOf(fn)}>`);
    const scope = fn.scope.child();
    fn.params.forEach((name, i) => {
      scope.defineValue(name, args[i] ?? null);
    });
    return this.evaluate(fn.body, scope);
  }

  private call(expr: Extract<Expr, { kind: 'call' }>, scope: Scope): Value {
    const callee = expr.callee;
    let name: string;
    if (callee.kind === 'ident') name = callee.name;
    else if (
      callee.kind === 'member' &&
      callee.object.kind === 'ident' &&
      ['az', 'sys'].includes(callee.object.name)
    ) {
      name = callee.property;
    } else if (callee.kind === 'member') {
      // A resource function such as `vault.getSecret('x')` or `storage.listKeys()`.
      return new Unknown(render(expr));
    } else {
      throw new EvaluationError(`${scope.file}: cannot call ${render(callee)}`);
    }
    const args = expr.args.map((a) => this.evaluate(a, scope));
    if (unknownFunctions.has(name) || name.startsWith('list'))
      return new Unknown(`${name}(${argText(args)})`);
    const [a, b, c] = args;
    const unknownArgs = (): Unknown => new Unknown(`${name}(${argText(args)})`);
    switch (name) {
      case 'loadJsonContent': {
        if (typeof a !== 'string') return unknownArgs();
        return JSON.parse(this.read(join(scope.directory, a))) as Value;
      }
      case 'loadTextContent':
        return typeof a === 'string' ? this.read(join(scope.directory, a)) : unknownArgs();
      case 'any':
        return a ?? null;
      case 'string':
        if (typeof a === 'string') return a;
        if (typeof a === 'number' || typeof a === 'boolean') return String(a);
        return isKnown(a) ? JSON.stringify(a) : unknownArgs();
      case 'int':
        return typeof a === 'number'
          ? a
          : typeof a === 'string' && /^-?\d+$/.test(a)
            ? Number(a)
            : unknownArgs();
      case 'toLower':
        return typeof a === 'string' ? a.toLowerCase() : unknownArgs();
      case 'toUpper':
        return typeof a === 'string' ? a.toUpperCase() : unknownArgs();
      case 'trim':
        return typeof a === 'string' ? a.trim() : unknownArgs();
      case 'replace':
        return typeof a === 'string' && typeof b === 'string' && typeof c === 'string'
          ? a.split(b).join(c)
          : unknownArgs();
      case 'startsWith':
        return typeof a === 'string' && typeof b === 'string'
          ? a.toLowerCase().startsWith(b.toLowerCase())
          : unknownArgs();
      case 'endsWith':
        return typeof a === 'string' && typeof b === 'string'
          ? a.toLowerCase().endsWith(b.toLowerCase())
          : unknownArgs();
      case 'split':
        return typeof a === 'string' && typeof b === 'string' ? a.split(b) : unknownArgs();
      case 'join': {
        const list = a === undefined ? undefined : asArray(a);
        return list && typeof b === 'string' && list.every((x) => typeof x === 'string')
          ? list.join(b)
          : unknownArgs();
      }
      case 'length': {
        if (typeof a === 'string') return a.length;
        const list = a === undefined ? undefined : asArray(a);
        if (list) return list.length;
        return isObject(a) ? Object.keys(a).length : unknownArgs();
      }
      case 'empty': {
        if (a === null || a === '') return true;
        if (typeof a === 'string') return false;
        const list = a === undefined ? undefined : asArray(a);
        if (list) return list.length === 0;
        return isObject(a) ? Object.keys(a).length === 0 : unknownArgs();
      }
      case 'contains': {
        if (isObject(a) && typeof b === 'string') return Object.hasOwn(a, b);
        if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase().includes(b.toLowerCase());
        const list = a === undefined ? undefined : asArray(a);
        return list && isKnown(b ?? null) ? list.some((x) => equal(x, b ?? null)) : unknownArgs();
      }
      case 'first':
      case 'last': {
        const list = a === undefined ? undefined : asArray(a);
        if (!list) return unknownArgs();
        return (name === 'first' ? list[0] : list[list.length - 1]) ?? null;
      }
      case 'take':
      case 'skip': {
        if (typeof b !== 'number') return unknownArgs();
        if (typeof a === 'string') return name === 'take' ? a.slice(0, b) : a.slice(b);
        const list = a === undefined ? undefined : asArray(a);
        if (!list) return unknownArgs();
        return name === 'take' ? list.slice(0, b) : list.slice(b);
      }
      case 'concat': {
        if (args.every((x) => typeof x === 'string')) return args.join('');
        const lists = args.map((x) => asArray(x));
        if (lists.every((l): l is readonly Value[] => l !== undefined)) return lists.flatMap((l) => [...l]);
        return unknownArgs();
      }
      case 'union': {
        if (args.every((x) => isObject(x))) return Object.assign({}, ...args) as Value;
        const lists = args.map((x) => asArray(x));
        if (lists.every((l): l is readonly Value[] => l !== undefined)) {
          const out: Value[] = [];
          for (const l of lists) for (const x of l) if (!out.some((y) => equal(x, y))) out.push(x);
          return out;
        }
        return unknownArgs();
      }
      case 'filter':
      case 'map': {
        const list = a === undefined ? undefined : asArray(a);
        if (!list || !(b instanceof Lambda)) return unknownArgs();
        if (name === 'map') return list.map((x, i) => this.apply(b, [x, i]));
        const kept: Value[] = [];
        for (const [i, x] of list.entries()) {
          const keep = this.apply(b, [x, i]);
          if (typeof keep !== 'boolean') return unknownArgs();
          if (keep) kept.push(x);
        }
        return kept;
      }
      case 'items':
        return isObject(a)
          ? Object.keys(a)
              .sort()
              .map((key) => ({ key, value: a[key] ?? null }))
          : unknownArgs();
      case 'objectKeys':
        return isObject(a) ? Object.keys(a) : unknownArgs();
      case 'coalesce':
        for (const x of args) {
          if (x instanceof Unknown) return unknownArgs();
          if (x !== null) return x;
        }
        return null;
      case 'range':
        return typeof a === 'number' && typeof b === 'number'
          ? Array.from({ length: b }, (_, i) => a + i)
          : unknownArgs();
      case 'subscriptionResourceId':
        return new Unknown(
          `/subscriptions/<subscription()>/providers/${args
            .map((x) => textOf(x))
            .join('/')
            .replace(/^([^/]+\/[^/]+)\//, '$1/')}`,
        );
      case 'format': {
        if (
          typeof a !== 'string' ||
          !args.slice(1).every((x) => typeof x === 'string' || typeof x === 'number')
        ) {
          return unknownArgs();
        }
        return a.replace(/\{(\d+)\}/g, (_m, i: string) => textOf(args[Number(i) + 1]));
      }
      default:
        throw new EvaluationError(
          `${scope.file}: the offline evaluator does not know the function '${name}'`,
        );
    }
  }
}

function propertyValue(properties: readonly ObjectProperty[], key: string): Expr | undefined {
  for (const p of properties) if (p.kind === 'property' && p.key === key) return p.value;
  return undefined;
}

/**
 * azd's parameters file: `${NAME}` is the azd environment value (unknown here), `${NAME=default}` its
 * value when the operator set none. Values that are not strings pass through.
 */
export function azdParameters(parametersJson: string): Record<string, Value> {
  const parsed = JSON.parse(parametersJson) as { parameters?: Record<string, { value?: unknown }> };
  const result: Record<string, Value> = {};
  for (const [name, entry] of Object.entries(parsed.parameters ?? {})) {
    const raw = entry.value;
    if (typeof raw !== 'string') {
      result[name] = (raw ?? null) as Value;
      continue;
    }
    const whole = /^\$\{([A-Z0-9_]+)(?:=([^}]*))?\}$/.exec(raw);
    if (whole?.[1]) {
      result[name] = whole[2] !== undefined ? whole[2] : new Unknown(`<azd env ${whole[1]}>`);
    } else if (raw.includes('${')) {
      result[name] = new Unknown(raw);
    } else {
      result[name] = raw;
    }
  }
  return result;
}

/** Evaluates the deployment rooted at `entry` (an absolute path) with the given parameter values. */
export function evaluateDeployment(
  entry: string,
  options: { readonly parameters?: Readonly<Record<string, Value>>; readonly read?: ReadFile } = {},
): Evaluation {
  const evaluator = new Evaluator(dirname(entry), options.read ?? readFromDisk);
  const outputs = evaluator.instantiate(entry, options.parameters ?? {});
  return { files: evaluator.files, resources: evaluator.resources, modules: evaluator.modules, outputs };
}
