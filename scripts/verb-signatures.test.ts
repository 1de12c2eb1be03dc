/**
 * One signature for every exported database-wired function of services and alerting: `(ctx, input)`,
 * with an OrgContext, a SystemContext or `InTx<…>` of either (services' context.ts). Issue 19 counted 57
 * functions taking `(db, …)` in services and 20 in alerting; this keeps both at zero. A function whose
 * first parameter is a Db or Tx (by type or by name) fails, except the context constructors. Functions
 * with more parameters pass the input second and injected I/O only after it.
 */
import fs from "node:fs";
import path from "node:path";

import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
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

/** `file: name` of each exported function (declaration or arrow) whose first parameter is a database client. */
function clientFirstExports(dir: string): string[] {
  const offenders: string[] = [];
  for (const file of sourceFiles(dir)) {
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
        if (!CONTEXT_CONSTRUCTORS.has(name) && takesClient(params[0], sf)) offenders.push(`${path.relative(ROOT, file)}: ${name}`);
    }
  }
  return offenders;
}

describe("verb signatures", () => {
  for (const [pkg, minFiles] of [
    ["services", 50],
    ["alerting", 40],
  ] as const) {
    it(`no exported function of ${pkg} takes a database client first`, () => {
      const dir = path.join(ROOT, "packages", pkg, "src");
      expect(sourceFiles(dir).length).toBeGreaterThan(minFiles);
      expect(clientFirstExports(dir)).toEqual([]);
    });
  }

  it("catches one that does", () => {
    const dir = fs.mkdtempSync(path.join(ROOT, ".data", "sig-"));
    try {
      fs.writeFileSync(path.join(dir, "verb.ts"), "export async function listThings(db: Db, orgId: string) {}\n");
      expect(clientFirstExports(dir)).toEqual([`${path.relative(ROOT, dir)}/verb.ts: listThings`]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
