/**
 * Bounce classifier accuracy on the shared Sisimai corpus, split by MTA family into a tuning part and a
 * held-out part (packages/deliverability/src/classify/holdout.ts). Run: npx tsx bench/bounces/index.ts
 * [--misses] — the misses are listed for the tuning part only; the held-out part is reported as totals.
 */
import fs from "node:fs";
import path from "node:path";

import { type ExpectedBounce, familyOf, partOf, rate, scoreCorpus } from "../../packages/deliverability/src/classify/holdout.ts";

const CORPUS = path.resolve(import.meta.dirname, "../../../shared/corpus/bounces");

const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, "expected.json"), "utf8")) as Record<string, ExpectedBounce>;
const score = await scoreCorpus(expected, (file) => fs.readFileSync(path.join(CORPUS, file)));

const families = (part: "tune" | "heldout") => [...new Set(Object.keys(expected).map(familyOf))].filter((f) => partOf(f) === part).sort();
const pct = (ok: number, total: number) => `${(rate(ok, total) * 100).toFixed(1)}%`;

for (const part of ["tune", "heldout"] as const) {
  const s = score[part];
  console.log(
    `${part}: ${families(part).length} families, ${s.files} files, ${s.recipients} recipients — reason ${pct(s.reasonOk, s.recipients)}, class ${pct(s.classOk, s.recipients)}`,
  );
  console.log(`  families: ${families(part).join(" ")}`);
}
const all = {
  recipients: score.tune.recipients + score.heldout.recipients,
  reasonOk: score.tune.reasonOk + score.heldout.reasonOk,
  classOk: score.tune.classOk + score.heldout.classOk,
};
console.log(
  `whole corpus: ${all.recipients} recipients — reason ${pct(all.reasonOk, all.recipients)}, class ${pct(all.classOk, all.recipients)}`,
);
if (process.argv.includes("--misses")) {
  for (const m of score.tune.misses)
    console.log(`  miss ${m.file}#${m.index}: reason ${m.gotReason} (want ${m.wantReason}), class ${m.gotClass} (want ${m.wantClass})`);
}
