/**
 * One signature for every exported database-wired function: `(ctx, input)` (context.ts). Issue 19 counted
 * 57 functions taking `(db, …)` beside the `(ctx, input)` verbs; this keeps the count at zero. A function
 * whose first parameter is a Db or Tx (by type or by name) fails, except the context constructors.
 */
import fs from "node:fs";
import path from "node:path";

import ts from "typescript";
import { expect, it } from "vitest";

const src = import.meta.dirname;
/** They turn a client into a context, so they are the one place a bare client is the input. */
const CONTEXT_CONSTRUCTORS = new Set(["systemContext", "accountContext"]);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.ts$/.test(e.name) && !/\.test\.ts$|testing\.ts$/.test(e.name) ? [p] : [];
  });
}

function takesClient(param: ts.ParameterDeclaration | undefined, sf: ts.SourceFile): boolean {
  if (!param) return false;
  const name = param.name.getText(sf);
  const type = param.type?.getText(sf) ?? "";
  return /^(db|tx|prisma)$/.test(name) || /^(Db|Tx|PrismaClient)\b|\| (Db|Tx)\b/.test(type);
}

it("no exported function of services takes a database client first", () => {
  const files = sourceFiles(src);
  expect(files.length).toBeGreaterThan(50);
  const offenders: string[] = [];
  for (const file of files) {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    for (const st of sf.statements) {
      if (!ts.canHaveModifiers(st) || !ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
      const fns: [string, ts.NodeArray<ts.ParameterDeclaration>][] = [];
      if (ts.isFunctionDeclaration(st) && st.name) fns.push([st.name.text, st.parameters]);
      if (ts.isVariableStatement(st))
        for (const d of st.declarationList.declarations)
          if (d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer)))
            fns.push([d.name.getText(sf), d.initializer.parameters]);
      for (const [name, params] of fns)
        if (!CONTEXT_CONSTRUCTORS.has(name) && takesClient(params[0], sf)) offenders.push(`${path.relative(src, file)}: ${name}`);
    }
  }
  expect(offenders).toEqual([]);
});
