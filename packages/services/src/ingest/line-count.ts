/**
 * Lines the correlator will count in `text`: non-empty lines (a CR before the LF is dropped), and a last
 * line without a newline unless it is only whitespace. Acknowledged lines must equal processed lines.
 */
export function countLogLines(text: Buffer): number {
  let n = 0;
  let pos = 0;
  for (let nl = text.indexOf(10, pos); nl >= 0; nl = text.indexOf(10, pos)) {
    const end = nl > pos && text[nl - 1] === 13 ? nl - 1 : nl;
    if (end > pos) n++;
    pos = nl + 1;
  }
  if (pos < text.length && text.toString("latin1", pos).trim() !== "") n++;
  return n;
}
