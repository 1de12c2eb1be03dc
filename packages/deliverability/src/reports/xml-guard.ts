/**
 * Refuses DTDs before the XML parser sees them. A DMARC report never needs one, and a DOCTYPE is how
 * entity-expansion bombs ("billion laughs") and external-entity reads (XXE) get in, so any `<!DOCTYPE`
 * or `<!ENTITY` anywhere in the text is rejected outright rather than parsed carefully.
 */
import { ReportRejection } from "./rejection.ts";

const DECLARATION = /^<!\s*(doctype|entity)/i;
/** Characters carried over between chunks so a declaration split across two chunks is still seen. */
const CARRY_CHARS = 16;

export class DoctypeGuard {
  private carry = "";

  check(text: string): void {
    const window = this.carry + text;
    // indexOf is a fast scan; the regex only looks at the few "<!" (comments, CDATA) a report has.
    for (let at = window.indexOf("<!"); at !== -1; at = window.indexOf("<!", at + 2)) {
      const match = DECLARATION.exec(window.slice(at, at + CARRY_CHARS));
      if (match) {
        const what = (match[1] ?? "").toUpperCase();
        throw new ReportRejection("doctype_forbidden", `XML contains a <!${what} declaration (DTDs are never accepted)`);
      }
    }
    this.carry = window.slice(-CARRY_CHARS);
  }
}
