// A small, strict reader for the Bicep this repository writes (the Bicep CLI cannot be installed here).
// It tokenizes and parses the language's declarations and expressions into a syntax tree and throws on
// anything it does not understand, so a typo that would break `bicep build` (an unclosed brace, a stray
// token, a missing `=`) fails the offline tests too. It does not type-check: resource types, API versions
// and property names are checked by Azure at deployment, not here.
//
// Supported: targetScope, metadata, param (with decorators, defaults, nullable and union types), var,
// resource (existing, conditions, loops), module, output, type aliases; expressions with strings and
// interpolation, multi-line strings, numbers, booleans, null, objects (newline- or comma-separated, spread),
// arrays, for-expressions, lambdas, member and index access (also safe `.?` and `!`), calls with
// namespaces (`az.`, `sys.`), unary/binary/ternary operators and `??`.

export type Expr =
  | { readonly kind: 'string'; readonly parts: readonly (string | Expr)[] }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'ident'; readonly name: string; readonly line: number }
  | { readonly kind: 'member'; readonly object: Expr; readonly property: string; readonly safe: boolean }
  | { readonly kind: 'index'; readonly object: Expr; readonly index: Expr; readonly safe: boolean }
  | { readonly kind: 'nonNull'; readonly expr: Expr }
  | { readonly kind: 'call'; readonly callee: Expr; readonly args: readonly Expr[] }
  | { readonly kind: 'object'; readonly properties: readonly ObjectProperty[] }
  | { readonly kind: 'array'; readonly items: readonly Expr[] }
  | {
      readonly kind: 'for';
      readonly item: string;
      readonly index: string | undefined;
      readonly iterable: Expr;
      readonly body: Expr;
    }
  | { readonly kind: 'if'; readonly condition: Expr; readonly body: Expr }
  | { readonly kind: 'lambda'; readonly params: readonly string[]; readonly body: Expr }
  | { readonly kind: 'unary'; readonly op: '!' | '-'; readonly operand: Expr }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'ternary'; readonly condition: Expr; readonly then: Expr; readonly else: Expr };

export type ObjectProperty =
  | { readonly kind: 'property'; readonly key: string; readonly value: Expr }
  | { readonly kind: 'spread'; readonly value: Expr };

export interface Decorator {
  readonly name: string;
  readonly args: readonly Expr[];
}

export interface TypeRef {
  /** The declared type as written (`string`, `object`, `string[]`, `'a' | 'b'`, `{…}`). */
  readonly text: string;
  /** `T?`: the value may be null (no default needed). */
  readonly nullable: boolean;
}

export type Declaration =
  | { readonly kind: 'targetScope'; readonly value: Expr; readonly line: number }
  | { readonly kind: 'metadata'; readonly name: string; readonly value: Expr; readonly line: number }
  | {
      readonly kind: 'param';
      readonly name: string;
      readonly type: TypeRef;
      readonly defaultValue: Expr | undefined;
      readonly decorators: readonly Decorator[];
      readonly line: number;
    }
  | {
      readonly kind: 'var';
      readonly name: string;
      readonly value: Expr;
      readonly decorators: readonly Decorator[];
      readonly line: number;
    }
  | {
      readonly kind: 'resource';
      readonly name: string;
      /** `Microsoft.Storage/storageAccounts` */
      readonly type: string;
      readonly apiVersion: string;
      readonly existing: boolean;
      readonly value: Expr;
      readonly decorators: readonly Decorator[];
      readonly line: number;
    }
  | {
      readonly kind: 'module';
      readonly name: string;
      readonly path: string;
      readonly value: Expr;
      readonly decorators: readonly Decorator[];
      readonly line: number;
    }
  | {
      readonly kind: 'output';
      readonly name: string;
      readonly type: TypeRef;
      readonly value: Expr;
      readonly decorators: readonly Decorator[];
      readonly line: number;
    }
  | { readonly kind: 'type'; readonly name: string; readonly line: number };

export interface BicepFile {
  readonly path: string;
  readonly declarations: readonly Declaration[];
}

export class BicepSyntaxError extends Error {
  override readonly name = 'BicepSyntaxError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    message: string,
  ) {
    super(`${file}:${line}:${column}: ${message}`);
  }
}

type Token =
  | { readonly type: 'ident'; readonly value: string; readonly line: number; readonly column: number }
  | { readonly type: 'number'; readonly value: number; readonly line: number; readonly column: number }
  | {
      readonly type: 'string';
      /** Literal text and interpolations (each interpolation as its own token list). */
      readonly parts: readonly (string | Token[])[];
      readonly line: number;
      readonly column: number;
    }
  | { readonly type: 'punct'; readonly value: string; readonly line: number; readonly column: number }
  | { readonly type: 'newline'; readonly line: number; readonly column: number }
  | { readonly type: 'eof'; readonly line: number; readonly column: number };

// Longest first.
const PUNCTUATION = [
  '...',
  '==',
  '!=',
  '=~',
  '!~',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '=>',
  '.?',
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  ',',
  ':',
  '.',
  '?',
  '!',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '@',
  '|',
];

const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '\\': '\\',
  "'": "'",
  $: '$',
};

class Lexer {
  private pos = 0;
  private line = 1;
  private column = 1;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  private fail(message: string): never {
    throw new BicepSyntaxError(this.file, this.line, this.column, message);
  }

  private advance(count = 1): void {
    for (let i = 0; i < count; i++) {
      if (this.text[this.pos] === '\n') {
        this.line++;
        this.column = 1;
      } else {
        this.column++;
      }
      this.pos++;
    }
  }

  /** Tokens up to the end of input, or (inside an interpolation) up to the matching `}`. */
  tokenize(untilBrace = false): Token[] {
    const tokens: Token[] = [];
    let depth = 0;
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos] ?? '';
      const rest = this.text.slice(this.pos);
      if (ch === '\n') {
        tokens.push({ type: 'newline', line: this.line, column: this.column });
        this.advance();
        continue;
      }
      if (ch === ' ' || ch === '\t' || ch === '\r') {
        this.advance();
        continue;
      }
      if (rest.startsWith('//')) {
        while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.advance();
        continue;
      }
      if (rest.startsWith('/*')) {
        const end = this.text.indexOf('*/', this.pos + 2);
        if (end < 0) this.fail('unterminated comment');
        this.advance(end + 2 - this.pos);
        continue;
      }
      const line = this.line;
      const column = this.column;
      if (rest.startsWith("'''")) {
        const end = this.text.indexOf("'''", this.pos + 3);
        if (end < 0) this.fail('unterminated multi-line string');
        let body = this.text.slice(this.pos + 3, end);
        // A newline right after the opening quotes is not part of the value.
        body = body.replace(/^\r?\n/, '');
        this.advance(end + 3 - this.pos);
        tokens.push({ type: 'string', parts: [body], line, column });
        continue;
      }
      if (ch === "'") {
        tokens.push(this.string(line, column));
        continue;
      }
      if (/[0-9]/.test(ch)) {
        const match = /^[0-9]+(\.[0-9]+)?/.exec(rest);
        const raw = match?.[0] ?? ch;
        this.advance(raw.length);
        tokens.push({ type: 'number', value: Number(raw), line, column });
        continue;
      }
      if (/[A-Za-z_]/.test(ch)) {
        const raw = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest)?.[0] ?? ch;
        this.advance(raw.length);
        tokens.push({ type: 'ident', value: raw, line, column });
        continue;
      }
      if (untilBrace && ch === '}' && depth === 0) {
        this.advance();
        tokens.push({ type: 'eof', line, column });
        return tokens;
      }
      const punct = PUNCTUATION.find((p) => rest.startsWith(p));
      if (!punct) this.fail(`unexpected character ${JSON.stringify(ch)}`);
      if (punct === '{') depth++;
      if (punct === '}') depth--;
      this.advance(punct.length);
      tokens.push({ type: 'punct', value: punct, line, column });
    }
    if (untilBrace) this.fail('unterminated interpolation ${…}');
    tokens.push({ type: 'eof', line: this.line, column: this.column });
    return tokens;
  }

  private string(line: number, column: number): Token {
    this.advance(); // opening quote
    const parts: (string | Token[])[] = [];
    let literal = '';
    for (;;) {
      if (this.pos >= this.text.length) this.fail('unterminated string');
      const ch = this.text[this.pos] ?? '';
      if (ch === '\n') this.fail('newline in a string (use a multi-line string)');
      if (ch === "'") {
        this.advance();
        break;
      }
      if (ch === '\\') {
        const next = this.text[this.pos + 1] ?? '';
        if (next === 'u' && this.text[this.pos + 2] === '{') {
          const end = this.text.indexOf('}', this.pos + 3);
          const hex = this.text.slice(this.pos + 3, end);
          if (end < 0 || !/^[0-9a-fA-F]{1,6}$/.test(hex)) this.fail('bad \\u{…} escape');
          literal += String.fromCodePoint(parseInt(hex, 16));
          this.advance(end + 1 - this.pos);
          continue;
        }
        const escaped = ESCAPES[next];
        if (escaped === undefined) this.fail(`unknown escape \\${next}`);
        literal += escaped;
        this.advance(2);
        continue;
      }
      if (ch === '$' && this.text[this.pos + 1] === '{') {
        if (literal) parts.push(literal);
        literal = '';
        this.advance(2);
        parts.push(this.tokenize(true));
        continue;
      }
      literal += ch;
      this.advance();
    }
    if (literal || parts.length === 0) parts.push(literal);
    return { type: 'string', parts, line, column };
  }
}

const STATEMENT_KEYWORDS = new Set([
  'targetScope',
  'metadata',
  'param',
  'var',
  'resource',
  'module',
  'output',
  'type',
]);

class Parser {
  private pos = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly file: string,
  ) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return token;
  }

  private fail(message: string, token: Token = this.peek()): never {
    throw new BicepSyntaxError(this.file, token.line, token.column, message);
  }

  private describe(token: Token): string {
    switch (token.type) {
      case 'ident':
        return `'${token.value}'`;
      case 'number':
        return String(token.value);
      case 'string':
        return 'a string';
      case 'punct':
        return `'${token.value}'`;
      case 'newline':
        return 'end of line';
      case 'eof':
        return 'end of input';
    }
  }

  private isPunct(value: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.type === 'punct' && token.value === value;
  }

  private isIdent(value?: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.type === 'ident' && (value === undefined || token.value === value);
  }

  private expectPunct(value: string): Token {
    if (!this.isPunct(value)) this.fail(`expected '${value}', found ${this.describe(this.peek())}`);
    return this.next();
  }

  private expectIdent(what = 'a name'): string {
    const token = this.peek();
    if (token.type !== 'ident') this.fail(`expected ${what}, found ${this.describe(token)}`);
    this.next();
    return token.value;
  }

  private skipNewlines(): void {
    while (this.peek().type === 'newline') this.next();
  }

  private endOfStatement(): void {
    const token = this.peek();
    if (token.type === 'eof') return;
    if (token.type !== 'newline') this.fail(`expected end of line, found ${this.describe(token)}`);
    this.skipNewlines();
  }

  parseFile(): Declaration[] {
    const declarations: Declaration[] = [];
    this.skipNewlines();
    while (this.peek().type !== 'eof') {
      declarations.push(this.statement());
      this.endOfStatement();
    }
    return declarations;
  }

  private decorators(): Decorator[] {
    const decorators: Decorator[] = [];
    while (this.isPunct('@')) {
      this.next();
      let name = this.expectIdent('a decorator name');
      if (this.isPunct('.')) {
        this.next();
        name = this.expectIdent('a decorator name');
      }
      const args = this.isPunct('(') ? this.callArgs() : [];
      decorators.push({ name, args });
      this.endOfStatement();
    }
    return decorators;
  }

  private statement(): Declaration {
    const decorators = this.decorators();
    const token = this.peek();
    if (token.type !== 'ident' || !STATEMENT_KEYWORDS.has(token.value)) {
      this.fail(
        `expected a declaration (param, var, resource, module, output…), found ${this.describe(token)}`,
      );
    }
    const keyword = token.value;
    const line = token.line;
    this.next();
    switch (keyword) {
      case 'targetScope': {
        this.expectPunct('=');
        return { kind: 'targetScope', value: this.expression(), line };
      }
      case 'metadata': {
        const name = this.expectIdent();
        this.expectPunct('=');
        return { kind: 'metadata', name, value: this.expression(), line };
      }
      case 'param': {
        const name = this.expectIdent('a parameter name');
        const type = this.typeRef();
        let defaultValue: Expr | undefined;
        if (this.isPunct('=')) {
          this.next();
          defaultValue = this.expression();
        }
        return { kind: 'param', name, type, defaultValue, decorators, line };
      }
      case 'var': {
        const name = this.expectIdent('a variable name');
        this.expectPunct('=');
        return { kind: 'var', name, value: this.expression(), decorators, line };
      }
      case 'resource': {
        const name = this.expectIdent('a resource symbolic name');
        const typeToken = this.next();
        if (
          typeToken.type !== 'string' ||
          typeToken.parts.length !== 1 ||
          typeof typeToken.parts[0] !== 'string'
        ) {
          this.fail("expected a resource type string 'Namespace/type@version'", typeToken);
        }
        const match = /^([A-Za-z0-9.]+\/[A-Za-z0-9/]+)@([0-9]{4}-[0-9]{2}-[0-9]{2}(?:-[a-z]+)?)$/.exec(
          typeToken.parts[0],
        );
        if (!match?.[1] || !match[2]) this.fail(`bad resource type '${typeToken.parts[0]}'`, typeToken);
        const existing = this.isIdent('existing');
        if (existing) this.next();
        this.expectPunct('=');
        const value = this.resourceBody();
        return {
          kind: 'resource',
          name,
          type: match[1],
          apiVersion: match[2],
          existing,
          value,
          decorators,
          line,
        };
      }
      case 'module': {
        const name = this.expectIdent('a module symbolic name');
        const pathToken = this.next();
        if (
          pathToken.type !== 'string' ||
          pathToken.parts.length !== 1 ||
          typeof pathToken.parts[0] !== 'string'
        ) {
          this.fail('expected a module path string', pathToken);
        }
        this.expectPunct('=');
        return {
          kind: 'module',
          name,
          path: pathToken.parts[0],
          value: this.resourceBody(),
          decorators,
          line,
        };
      }
      case 'output': {
        const name = this.expectIdent('an output name');
        const type = this.typeRef();
        this.expectPunct('=');
        return { kind: 'output', name, type, value: this.expression(), decorators, line };
      }
      default: {
        // type alias
        const name = this.expectIdent('a type name');
        this.expectPunct('=');
        this.typeRef();
        return { kind: 'type', name, line };
      }
    }
  }

  /** `{…}`, `if (…) {…}` or `[for …: …]` (the right-hand side of resource and module declarations). */
  private resourceBody(): Expr {
    if (this.isIdent('if')) return this.ifBody();
    if (this.isPunct('[')) {
      const array = this.primary();
      if (array.kind !== 'array' || array.items.length !== 1 || array.items[0]?.kind !== 'for') {
        this.fail('a resource or module collection must be a single for-expression');
      }
      return array.items[0];
    }
    if (!this.isPunct('{')) this.fail(`expected '{', 'if' or '[for', found ${this.describe(this.peek())}`);
    return this.object();
  }

  private ifBody(): Expr {
    this.next(); // if
    this.expectPunct('(');
    this.skipNewlines();
    const condition = this.expression();
    this.skipNewlines();
    this.expectPunct(')');
    if (!this.isPunct('{'))
      this.fail(`expected '{' after the condition, found ${this.describe(this.peek())}`);
    return { kind: 'if', condition, body: this.object() };
  }

  private typeRef(): TypeRef {
    const start = this.pos;
    const atom = (): void => {
      const token = this.peek();
      if (token.type === 'ident' || token.type === 'string' || token.type === 'number') {
        this.next();
        if (token.type === 'ident' && token.value === 'resource') {
          const next = this.next();
          if (next.type !== 'string') this.fail('expected a resource type string', next);
        }
      } else if (this.isPunct('{') || this.isPunct('[') || this.isPunct('(')) {
        this.skipBalanced();
      } else {
        this.fail(`expected a type, found ${this.describe(token)}`);
      }
      while (this.isPunct('[') && this.isPunct(']', 1)) {
        this.next();
        this.next();
      }
    };
    atom();
    while (this.isPunct('|')) {
      this.next();
      atom();
    }
    let nullable = false;
    if (this.isPunct('?')) {
      this.next();
      nullable = true;
    }
    const text = this.tokens
      .slice(start, this.pos)
      .map((t) =>
        t.type === 'ident' || t.type === 'punct'
          ? t.value
          : t.type === 'number'
            ? String(t.value)
            : t.type === 'string'
              ? `'${t.parts.filter((p): p is string => typeof p === 'string').join('')}'`
              : '',
      )
      .join(' ')
      .replace(/ \[ \]/g, '[]')
      .replace(/ \?$/, '?');
    return { text, nullable };
  }

  private skipBalanced(): void {
    const open = this.next();
    if (open.type !== 'punct') this.fail('expected a bracket', open);
    const close = open.value === '{' ? '}' : open.value === '[' ? ']' : ')';
    let depth = 1;
    while (depth > 0) {
      const token = this.next();
      if (token.type === 'eof') this.fail(`unclosed '${open.value}'`, open);
      if (token.type === 'punct' && token.value === open.value) depth++;
      if (token.type === 'punct' && token.value === close) depth--;
    }
  }

  // Conservative about line breaks: a conditional expression, a binary operator and a lambda stay on one
  // line (inside parentheses, brackets and braces, items and arguments may each take their own line).
  expression(): Expr {
    const condition = this.coalesce();
    if (this.isPunct('?')) {
      this.next();
      const then = this.expression();
      this.expectPunct(':');
      const otherwise = this.expression();
      return { kind: 'ternary', condition, then, else: otherwise };
    }
    return condition;
  }

  private binaryLevel(operators: readonly string[], operand: () => Expr): Expr {
    let left = operand();
    for (;;) {
      const token = this.peek();
      if (token.type !== 'punct' || !operators.includes(token.value)) return left;
      this.next();
      left = { kind: 'binary', op: token.value, left, right: operand() };
    }
  }

  private coalesce(): Expr {
    return this.binaryLevel(['??'], () => this.or());
  }

  private or(): Expr {
    return this.binaryLevel(['||'], () => this.and());
  }

  private and(): Expr {
    return this.binaryLevel(['&&'], () => this.equality());
  }

  private equality(): Expr {
    return this.binaryLevel(['==', '!=', '=~', '!~'], () => this.relational());
  }

  private relational(): Expr {
    return this.binaryLevel(['<', '>', '<=', '>='], () => this.additive());
  }

  private additive(): Expr {
    return this.binaryLevel(['+', '-'], () => this.multiplicative());
  }

  private multiplicative(): Expr {
    return this.binaryLevel(['*', '/', '%'], () => this.unary());
  }

  private unary(): Expr {
    if (this.isPunct('!') || this.isPunct('-')) {
      const op = this.next();
      return {
        kind: 'unary',
        op: op.type === 'punct' && op.value === '-' ? '-' : '!',
        operand: this.unary(),
      };
    }
    return this.postfix(this.primary());
  }

  private postfix(start: Expr): Expr {
    let expr = start;
    for (;;) {
      if (this.isPunct('.') || this.isPunct('.?')) {
        const safe = this.isPunct('.?');
        this.next();
        const property = this.expectIdent('a property name');
        expr = { kind: 'member', object: expr, property, safe };
      } else if (this.isPunct('[')) {
        this.next();
        const safe = this.isPunct('?');
        if (safe) this.next();
        const index = this.expression();
        this.expectPunct(']');
        expr = { kind: 'index', object: expr, index, safe };
      } else if (this.isPunct('(')) {
        if (expr.kind !== 'ident' && expr.kind !== 'member') this.fail('only functions can be called');
        expr = { kind: 'call', callee: expr, args: this.callArgs() };
      } else if (this.isPunct('!') && !this.isPunct('=', 1)) {
        // Non-null assertion `x!` (only directly after an operand; `!x` is handled by unary()).
        this.next();
        expr = { kind: 'nonNull', expr };
      } else {
        return expr;
      }
    }
  }

  private callArgs(): Expr[] {
    this.expectPunct('(');
    const args: Expr[] = [];
    this.skipNewlines();
    while (!this.isPunct(')')) {
      args.push(this.expression());
      this.skipNewlines();
      if (this.isPunct(',')) {
        this.next();
        this.skipNewlines();
      } else if (!this.isPunct(')')) {
        this.fail(`expected ',' or ')' in the arguments, found ${this.describe(this.peek())}`);
      }
    }
    this.next();
    return args;
  }

  private lambdaAhead(): boolean {
    if (this.isIdent() && this.isPunct('=>', 1)) return true;
    if (!this.isPunct('(')) return false;
    let offset = 1;
    for (;;) {
      const token = this.peek(offset);
      if (token.type === 'punct' && token.value === ')') {
        const after = this.peek(offset + 1);
        return after.type === 'punct' && after.value === '=>';
      }
      if (token.type !== 'ident' && !(token.type === 'punct' && token.value === ',')) return false;
      offset++;
    }
  }

  private primary(): Expr {
    if (this.lambdaAhead()) {
      const params: string[] = [];
      if (this.isPunct('(')) {
        this.next();
        while (!this.isPunct(')')) {
          params.push(this.expectIdent('a lambda parameter'));
          if (this.isPunct(',')) this.next();
        }
        this.next();
      } else {
        params.push(this.expectIdent());
      }
      this.expectPunct('=>');
      return { kind: 'lambda', params, body: this.expression() };
    }
    const token = this.peek();
    switch (token.type) {
      case 'number':
        this.next();
        return { kind: 'number', value: token.value };
      case 'string': {
        this.next();
        return {
          kind: 'string',
          parts: token.parts.map((part) =>
            typeof part === 'string' ? part : new Parser(part, this.file).interpolation(),
          ),
        };
      }
      case 'ident': {
        this.next();
        if (token.value === 'true' || token.value === 'false')
          return { kind: 'bool', value: token.value === 'true' };
        if (token.value === 'null') return { kind: 'null' };
        return { kind: 'ident', name: token.value, line: token.line };
      }
      case 'punct': {
        if (token.value === '(') {
          this.next();
          this.skipNewlines();
          const inner = this.expression();
          this.skipNewlines();
          this.expectPunct(')');
          return inner;
        }
        if (token.value === '{') return this.object();
        if (token.value === '[') return this.array();
        return this.fail(`unexpected ${this.describe(token)}`);
      }
      default:
        return this.fail(`unexpected ${this.describe(token)}`);
    }
  }

  private interpolation(): Expr {
    this.skipNewlines();
    const expr = this.expression();
    this.skipNewlines();
    if (this.peek().type !== 'eof') this.fail(`unexpected ${this.describe(this.peek())} in an interpolation`);
    return expr;
  }

  private object(): Expr {
    this.expectPunct('{');
    const properties: ObjectProperty[] = [];
    this.skipNewlines();
    while (!this.isPunct('}')) {
      this.decorators();
      if (this.isPunct('...')) {
        this.next();
        properties.push({ kind: 'spread', value: this.expression() });
      } else {
        const keyToken = this.next();
        let key: string;
        if (keyToken.type === 'ident') key = keyToken.value;
        else if (keyToken.type === 'string' && keyToken.parts.every((p) => typeof p === 'string')) {
          key = keyToken.parts.join('');
        } else {
          this.fail(`expected a property name, found ${this.describe(keyToken)}`, keyToken);
        }
        if (properties.some((p) => p.kind === 'property' && p.key === key)) {
          this.fail(`duplicate property '${key}'`, keyToken);
        }
        this.expectPunct(':');
        this.skipNewlines();
        properties.push({ kind: 'property', key, value: this.expression() });
      }
      if (this.isPunct(',')) this.next();
      else if (!this.isPunct('}') && this.peek().type !== 'newline') {
        this.fail(`expected a new line or '}' after a property, found ${this.describe(this.peek())}`);
      }
      this.skipNewlines();
    }
    this.next();
    return { kind: 'object', properties };
  }

  private array(): Expr {
    this.expectPunct('[');
    this.skipNewlines();
    if (this.isIdent('for')) {
      this.next();
      let item: string;
      let index: string | undefined;
      if (this.isPunct('(')) {
        this.next();
        item = this.expectIdent('a loop variable');
        this.expectPunct(',');
        index = this.expectIdent('a loop index');
        this.expectPunct(')');
      } else {
        item = this.expectIdent('a loop variable');
      }
      if (!this.isIdent('in')) this.fail(`expected 'in', found ${this.describe(this.peek())}`);
      this.next();
      const iterable = this.expression();
      this.expectPunct(':');
      this.skipNewlines();
      const body = this.isIdent('if') ? this.ifBody() : this.expression();
      this.skipNewlines();
      this.expectPunct(']');
      return { kind: 'array', items: [{ kind: 'for', item, index, iterable, body }] };
    }
    const items: Expr[] = [];
    while (!this.isPunct(']')) {
      items.push(this.expression());
      if (this.isPunct(',')) this.next();
      else if (!this.isPunct(']') && this.peek().type !== 'newline') {
        this.fail(`expected a new line or ']' after an item, found ${this.describe(this.peek())}`);
      }
      this.skipNewlines();
    }
    this.next();
    return { kind: 'array', items };
  }
}

/** Parses one Bicep file; throws a BicepSyntaxError naming file, line and column. */
export function parseBicep(text: string, path: string): BicepFile {
  const tokens = new Lexer(text, path).tokenize();
  return { path, declarations: new Parser(tokens, path).parseFile() };
}

/** Bicep-like source of an expression (for messages, docs and provenance of values not known offline). */
export function render(expr: Expr): string {
  switch (expr.kind) {
    case 'string':
      return `'${expr.parts
        .map((p) =>
          typeof p === 'string' ? p.replace(/\\/g, '\\\\').replace(/'/g, "\\'") : `\${${render(p)}}`,
        )
        .join('')}'`;
    case 'number':
      return String(expr.value);
    case 'bool':
      return String(expr.value);
    case 'null':
      return 'null';
    case 'ident':
      return expr.name;
    case 'member':
      return `${render(expr.object)}${expr.safe ? '.?' : '.'}${expr.property}`;
    case 'index':
      return `${render(expr.object)}${expr.safe ? '[?' : '['}${render(expr.index)}]`;
    case 'nonNull':
      return `${render(expr.expr)}!`;
    case 'call':
      return `${render(expr.callee)}(${expr.args.map(render).join(', ')})`;
    case 'object':
      return `{ ${expr.properties
        .map((p) => (p.kind === 'spread' ? `...${render(p.value)}` : `${p.key}: ${render(p.value)}`))
        .join(', ')} }`;
    case 'array':
      return `[${expr.items.map(render).join(', ')}]`;
    case 'for':
      return `for ${expr.index ? `(${expr.item}, ${expr.index})` : expr.item} in ${render(expr.iterable)}: ${render(expr.body)}`;
    case 'if':
      return `if (${render(expr.condition)}) ${render(expr.body)}`;
    case 'lambda':
      return `${expr.params.length === 1 ? (expr.params[0] ?? '') : `(${expr.params.join(', ')})`} => ${render(expr.body)}`;
    case 'unary':
      return `${expr.op}${render(expr.operand)}`;
    case 'binary':
      return `${render(expr.left)} ${expr.op} ${render(expr.right)}`;
    case 'ternary':
      return `${render(expr.condition)} ? ${render(expr.then)} : ${render(expr.else)}`;
  }
}

/** Every sub-expression, depth first (the expression itself included). */
export function* subExpressions(expr: Expr): Generator<Expr> {
  yield expr;
  switch (expr.kind) {
    case 'string':
      for (const part of expr.parts) if (typeof part !== 'string') yield* subExpressions(part);
      return;
    case 'member':
      yield* subExpressions(expr.object);
      return;
    case 'index':
      yield* subExpressions(expr.object);
      yield* subExpressions(expr.index);
      return;
    case 'nonNull':
      yield* subExpressions(expr.expr);
      return;
    case 'call':
      yield* subExpressions(expr.callee);
      for (const arg of expr.args) yield* subExpressions(arg);
      return;
    case 'object':
      for (const p of expr.properties) yield* subExpressions(p.value);
      return;
    case 'array':
      for (const item of expr.items) yield* subExpressions(item);
      return;
    case 'for':
      yield* subExpressions(expr.iterable);
      yield* subExpressions(expr.body);
      return;
    case 'if':
      yield* subExpressions(expr.condition);
      yield* subExpressions(expr.body);
      return;
    case 'lambda':
      yield* subExpressions(expr.body);
      return;
    case 'unary':
      yield* subExpressions(expr.operand);
      return;
    case 'binary':
      yield* subExpressions(expr.left);
      yield* subExpressions(expr.right);
      return;
    case 'ternary':
      yield* subExpressions(expr.condition);
      yield* subExpressions(expr.then);
      yield* subExpressions(expr.else);
      return;
    default:
      return;
  }
}

/** The name a call expression calls (`guid`, `az.resourceGroup` → `resourceGroup`), if it is a call. */
export function calleeName(expr: Expr): string | undefined {
  if (expr.kind !== 'call') return undefined;
  if (expr.callee.kind === 'ident') return expr.callee.name;
  if (expr.callee.kind === 'member') return expr.callee.property;
  return undefined;
}

/** A property of an object expression, by key. */
export function propertyOf(expr: Expr | undefined, key: string): Expr | undefined {
  const target = expr?.kind === 'if' ? expr.body : expr?.kind === 'for' ? expr.body : expr;
  const object = target?.kind === 'if' ? target.body : target;
  if (object?.kind !== 'object') return undefined;
  for (const p of object.properties) if (p.kind === 'property' && p.key === key) return p.value;
  return undefined;
}
