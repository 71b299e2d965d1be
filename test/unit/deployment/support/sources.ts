import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

export const ROOT = path.resolve(__dirname, '../../../..');

export function readRepoFile(relative: string): string {
  return readFileSync(path.join(ROOT, relative), 'utf8');
}

/** Every file under `dir` (absolute) whose name passes `keep`, recursively. */
export function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, keep);
    return keep(entry.name) ? [full] : [];
  });
}

export function typescriptFiles(relativeDir: string): string[] {
  return filesUnder(path.join(ROOT, relativeDir), (name) => name.endsWith('.ts') && !name.endsWith('.d.ts'));
}

function parseSource(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
}

function visit(node: ts.Node, each: (node: ts.Node) => void): void {
  each(node);
  node.forEachChild((child) => {
    visit(child, each);
  });
}

/**
 * The environment variables the configuration validates: the properties of every class that
 * src/config/ hands to `plainToInstance(Class, env)` (EnvironmentVariables in app-config.ts). Read from
 * the source, so a variable added to the config is checked here without anyone updating a list.
 */
export function configEnvNames(): string[] {
  const names = new Set<string>();
  for (const file of typescriptFiles('src/config')) {
    const source = parseSource(file);
    const classes = new Map<string, ts.ClassDeclaration>();
    const validated: string[] = [];
    visit(source, (node) => {
      if (ts.isClassDeclaration(node) && node.name !== undefined) classes.set(node.name.text, node);
      if (
        ts.isCallExpression(node) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === 'plainToInstance' &&
        node.arguments[0] !== undefined &&
        ts.isIdentifier(node.arguments[0])
      ) {
        validated.push(node.arguments[0].text);
      }
    });
    for (const className of validated) {
      const declaration = classes.get(className);
      if (declaration === undefined) throw new Error(`${file}: class ${className} is not declared there`);
      for (const member of declaration.members) {
        if (
          ts.isPropertyDeclaration(member) &&
          (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))
        ) {
          names.add(member.name.text);
        }
      }
    }
  }
  if (names.size === 0) throw new Error('found no plainToInstance(EnvironmentVariables, …) under src/config');
  return [...names].sort();
}

/** Variables read straight from `process.env.NAME` / `process.env['NAME']` under `relativeDir`. */
export function processEnvReads(relativeDir: string): string[] {
  const names = new Set<string>();
  const isProcessEnv = (node: ts.Expression): boolean =>
    ts.isPropertyAccessExpression(node) &&
    node.name.text === 'env' &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'process';
  for (const file of typescriptFiles(relativeDir)) {
    visit(parseSource(file), (node) => {
      if (ts.isPropertyAccessExpression(node) && isProcessEnv(node.expression)) names.add(node.name.text);
      if (
        ts.isElementAccessExpression(node) &&
        isProcessEnv(node.expression) &&
        ts.isStringLiteralLike(node.argumentExpression)
      ) {
        names.add(node.argumentExpression.text);
      }
    });
  }
  return [...names].sort();
}

function packageName(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) {
    return undefined;
  }
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * npm packages a module loads at run time: value imports, re-exports, `import()` and `require()`.
 * Type-only imports are left out, since the compiler erases them.
 */
export function runtimePackageImports(file: string): string[] {
  const specifiers: string[] = [];
  visit(parseSource(file), (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.phaseModifier === ts.SyntaxKind.TypeKeyword ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((element) => element.isTypeOnly)));
      if (!typeOnly) specifiers.push(node.moduleSpecifier.text);
    }
    if (
      ts.isExportDeclaration(node) &&
      !node.isTypeOnly &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      specifiers.push(node.moduleSpecifier.text);
    }
    if (
      ts.isCallExpression(node) &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      const callee = node.expression;
      const isDynamicImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      if (isDynamicImport || isRequire) specifiers.push(node.arguments[0].text);
    }
  });
  return [...new Set(specifiers.map(packageName).filter((name) => name !== undefined))].sort();
}

/**
 * OTEL_* variables the installed OpenTelemetry SDK reads (the standard names, as this SDK version
 * implements them): every `get…FromEnv('OTEL_…')` and `process.env…OTEL_…` lookup in its built code.
 */
export function otelSdkEnvNames(): Set<string> {
  const names = new Set<string>();
  const lookup = /(?:FromEnv\)?\(|process\.env\[|process\.env\.)\s*['"`]?(OTEL_[A-Z0-9_]*[A-Z0-9])\b/g;
  const scope = path.join(ROOT, 'node_modules/@opentelemetry');
  for (const pkg of readdirSync(scope)) {
    for (const file of filesUnder(path.join(scope, pkg, 'build/src'), (name) => name.endsWith('.js'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(lookup)) {
        if (match[1] !== undefined) names.add(match[1]);
      }
    }
  }
  return names;
}

/** Repository paths (relative to the root) that a module imports by relative path, type-only imports included. */
export function relativeImports(file: string): string[] {
  const specifiers: string[] = [];
  visit(parseSource(file), (node) => {
    const specifier =
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier)
        ? node.moduleSpecifier.text
        : ts.isImportTypeNode(node) &&
            ts.isLiteralTypeNode(node.argument) &&
            ts.isStringLiteral(node.argument.literal)
          ? node.argument.literal.text
          : ts.isCallExpression(node) &&
              (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
                (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
              node.arguments[0] !== undefined &&
              ts.isStringLiteral(node.arguments[0])
            ? node.arguments[0].text
            : undefined;
    if (specifier?.startsWith('.')) {
      specifiers.push(path.relative(ROOT, path.resolve(path.dirname(file), specifier)));
    }
  });
  return [...new Set(specifiers)].sort();
}
