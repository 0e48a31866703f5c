// Static name resolution of a Bicep file, as `bicep build` does it: every identifier an expression uses
// must be a declaration of the file, a loop variable or lambda parameter in scope, and every function it
// calls a Bicep function. The evaluator (bicep-eval.ts) catches these where it evaluates; this also
// covers branches it does not take (the other side of a conditional, a resource that is not deployed).
import type { BicepFile, Expr } from './bicep-parser';

/** Bicep's built-in functions (the `sys` and `az` namespaces) that this repository may call. */
export const BICEP_FUNCTIONS: ReadonlySet<string> = new Set([
  // any / arrays / objects
  'any',
  'array',
  'concat',
  'contains',
  'empty',
  'filter',
  'first',
  'flatten',
  'indexOf',
  'intersection',
  'items',
  'join',
  'last',
  'lastIndexOf',
  'length',
  'map',
  'max',
  'min',
  'objectKeys',
  'range',
  'reduce',
  'shallowMerge',
  'skip',
  'sort',
  'take',
  'toObject',
  'union',
  'coalesce',
  // strings
  'base64',
  'base64ToString',
  'dataUri',
  'endsWith',
  'format',
  'guid',
  'newGuid',
  'replace',
  'split',
  'startsWith',
  'string',
  'substring',
  'toLower',
  'toUpper',
  'trim',
  'uniqueString',
  'uri',
  'uriComponent',
  'int',
  'bool',
  'json',
  // dates
  'utcNow',
  'dateTimeAdd',
  // deployment and scopes
  'deployment',
  'environment',
  'managementGroup',
  'resourceGroup',
  'subscription',
  'tenant',
  // resources
  'extensionResourceId',
  'reference',
  'resourceId',
  'subscriptionResourceId',
  'tenantResourceId',
  'listKeys',
  'pickZones',
  'providers',
  // files (read at compile time)
  'loadFileAsBase64',
  'loadJsonContent',
  'loadTextContent',
  'loadYamlContent',
]);

/** Problems: identifiers and functions that `bicep build` would refuse as undeclared or unknown. */
export function undefinedSymbols(file: BicepFile): string[] {
  const declared = new Set<string>();
  for (const decl of file.declarations) {
    if (decl.kind === 'param' || decl.kind === 'var' || decl.kind === 'resource' || decl.kind === 'module') {
      declared.add(decl.name);
    }
  }
  const problems: string[] = [];
  const visit = (expr: Expr, bound: ReadonlySet<string>, line: number): void => {
    switch (expr.kind) {
      case 'ident':
        if (!bound.has(expr.name) && !declared.has(expr.name)) {
          problems.push(`${file.path}:${expr.line}: '${expr.name}' is not declared`);
        }
        return;
      case 'string':
        for (const part of expr.parts) if (typeof part !== 'string') visit(part, bound, line);
        return;
      case 'member':
        visit(expr.object, bound, line);
        return;
      case 'index':
        visit(expr.object, bound, line);
        visit(expr.index, bound, line);
        return;
      case 'nonNull':
        visit(expr.expr, bound, line);
        return;
      case 'call': {
        const callee = expr.callee;
        if (callee.kind === 'ident') {
          if (!BICEP_FUNCTIONS.has(callee.name))
            problems.push(`${file.path}:${line}: unknown function '${callee.name}'`);
        } else if (
          callee.kind === 'member' &&
          callee.object.kind === 'ident' &&
          ['az', 'sys'].includes(callee.object.name)
        ) {
          if (!BICEP_FUNCTIONS.has(callee.property)) {
            problems.push(
              `${file.path}:${line}: unknown function '${callee.object.name}.${callee.property}'`,
            );
          }
        } else {
          // A resource function (`vault.getSecret(…)`): the resource must exist.
          visit(callee, bound, line);
        }
        for (const arg of expr.args) visit(arg, bound, line);
        return;
      }
      case 'object':
        for (const p of expr.properties) visit(p.value, bound, line);
        return;
      case 'array':
        for (const item of expr.items) visit(item, bound, line);
        return;
      case 'for': {
        visit(expr.iterable, bound, line);
        const inner = new Set(bound);
        inner.add(expr.item);
        if (expr.index) inner.add(expr.index);
        visit(expr.body, inner, line);
        return;
      }
      case 'if':
        visit(expr.condition, bound, line);
        visit(expr.body, bound, line);
        return;
      case 'lambda': {
        const inner = new Set(bound);
        for (const p of expr.params) inner.add(p);
        visit(expr.body, inner, line);
        return;
      }
      case 'unary':
        visit(expr.operand, bound, line);
        return;
      case 'binary':
        visit(expr.left, bound, line);
        visit(expr.right, bound, line);
        return;
      case 'ternary':
        visit(expr.condition, bound, line);
        visit(expr.then, bound, line);
        visit(expr.else, bound, line);
        return;
      default:
        return;
    }
  };
  for (const decl of file.declarations) {
    const empty = new Set<string>();
    switch (decl.kind) {
      case 'param':
        if (decl.defaultValue) visit(decl.defaultValue, empty, decl.line);
        for (const d of decl.decorators) for (const a of d.args) visit(a, empty, decl.line);
        break;
      case 'var':
      case 'resource':
      case 'module':
      case 'output':
      case 'targetScope':
        visit(decl.value, empty, decl.line);
        break;
      default:
        break;
    }
  }
  return problems;
}
