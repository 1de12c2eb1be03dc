/**
 * The vocabulary every DNS check shares: what a resolver answers, what a check returns.
 * Everything here is plain data so results can be stored as JSON (jsonb) and diffed later.
 */

export type RecordType = "A" | "AAAA" | "MX" | "TXT" | "CNAME" | "PTR" | "NS" | "SOA";

export interface MxData {
  preference: number;
  exchange: string;
}

export interface SoaData {
  mname: string;
  rname: string;
  serial: number;
  minimum: number;
}

/** Record data per type: addresses and names as strings, TXT as its character-strings (RFC 1035 §3.3.14). */
export interface RecordDataMap {
  A: string;
  AAAA: string;
  MX: MxData;
  TXT: string[];
  CNAME: string;
  PTR: string;
  NS: string;
  SOA: SoaData;
}

/** Why a lookup produced no usable answer. `timeout` and `servfail` are transient (SPF temperror). */
export type DnsErrorKind = "timeout" | "servfail" | "refused" | "formerr" | "network" | "badname";

/**
 * One lookup's outcome. NXDOMAIN (the name does not exist) and NODATA (the name exists, no records of
 * this type) are kept apart: SPF treats both as void lookups, but DMARC/rDNS findings differ (RFC 2308).
 */
export type LookupResult<T extends RecordType = RecordType> =
  | { kind: "answer"; records: RecordDataMap[T][]; ttl: number; cnames: string[] }
  | { kind: "nxdomain" }
  | { kind: "nodata" }
  | { kind: "error"; error: DnsErrorKind; message: string };

/** What every check takes: an injected resolver (real upstream, loopback test server, in-memory). */
export interface DnsResolver {
  query<T extends RecordType>(name: string, type: T): Promise<LookupResult<T>>;
}

export type Severity = "critical" | "warning" | "info";

export interface Finding {
  severity: Severity;
  /** Stable machine code, e.g. `spf.too-many-lookups`; used for drift and alert rules. */
  code: string;
  message: string;
  /** What to change, in words an operator can act on. */
  fix: string;
}

/** A letter per check, worst finding wins: critical → F, warning → C, info only / none → A. */
export type Grade = "A" | "B" | "C" | "D" | "F";

/**
 * A check's grade, or null when the check could not run (status temperror: its lookups timed out, were
 * refused or failed). Unknown is its own state: a lookup that got no answer says nothing about the
 * record, so it must neither pass (A) nor count as a defect (B…F), and it is left out of the overall grade.
 */
export type MaybeGrade = Grade | null;

/**
 * Common shape of every check's result. `status` uses RFC vocabulary where one exists
 * (pass | fail | softfail | neutral | none | temperror | permerror).
 */
export interface CheckResultBase {
  check: string;
  status: CheckStatus;
  grade: MaybeGrade;
  /** Why the check could not run; set exactly when `grade` is null ("could not check: …"). */
  unknownReason?: string;
  findings: Finding[];
  /** The raw records the verdict was drawn from, as served. */
  records: string[];
}

export type CheckStatus = "pass" | "fail" | "softfail" | "neutral" | "none" | "temperror" | "permerror" | "warn";
