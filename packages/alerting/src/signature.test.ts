/**
 * One signature for every exported database-wired function of alerting: `(ctx, input)`, with an OrgContext,
 * a SystemContext or `InTx<…>` of either (services' context.ts). Before the package existed, 20 of them took
 * `(db, …)` or `(tx, …)`; this keeps the count at zero (the same check as services' signature.test.ts).
 * Functions with more parameters pass the input as the second and injected I/O only after it.
 */
import fs from "node:fs";
import path from "node:path";

import ts from "typescript";
import { expect, it } from "vitest";

const src = import.meta.dirname;

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

it("no exported function of alerting takes a database client first", () => {
  const files = sourceFiles(src);
  expect(files.length).toBeGreaterThan(40);
  const offenders: string[] = [];
  for (const file of files) {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    for (const st of sf.statements) {
      if (!(ts.canHaveModifiers(st) && (ts.getModifiers(st) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword))) continue;
      const fns: [string, ts.NodeArray<ts.ParameterDeclaration>][] = [];
      if (ts.isFunctionDeclaration(st) && st.name) fns.push([st.name.text, st.parameters]);
      if (ts.isVariableStatement(st))
        for (const d of st.declarationList.declarations)
          if (d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer)))
            fns.push([d.name.getText(sf), d.initializer.parameters]);
      for (const [name, params] of fns) if (takesClient(params[0], sf)) offenders.push(`${path.relative(src, file)}: ${name}`);
    }
  }
  expect(offenders).toEqual([]);
});
