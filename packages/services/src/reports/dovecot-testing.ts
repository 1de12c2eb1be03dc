/**
 * A real IMAP server for tests: Dovecot (Debian package `dovecot-imapd`) started in the foreground with a
 * config, users, mail and state all in a temp dir, listening on 127.0.0.1. Missing Dovecot is an error
 * naming the package, never a silent skip: CI installs it.
 *
 * With `tls`, Dovecot also speaks TLS: `port` offers STARTTLS (RFC 9051 §6.2.1) and `tlsPort` is implicit
 * TLS (RFC 8314 §3.3). The config keys are Dovecot 2.3's (Debian bookworm: `ssl_cert = <file`); another
 * version is refused at start with that reason (see checkDovecotVersion).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

import selfsigned from "selfsigned";

/** Dovecot starts in well under a second; waiting longer means the config is wrong. */
const DOVECOT_START_TIMEOUT_MS = 15_000;
/** Connect attempts are spaced by the failed connect itself (ECONNREFUSED is immediate); this bounds the loop. */
const DOVECOT_START_MAX_ATTEMPTS = 5_000;
const DOVECOT_BINARIES = ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"];
/** Diffie-Hellman parameters shipped by Debian's dovecot-core; without them 2.3 logs an error per DHE handshake. */
const DOVECOT_DH_FILE = "/usr/share/dovecot/dh.pem";

export interface DovecotTlsOptions {
  /** PEM certificate chain and key Dovecot presents. */
  cert: string;
  key: string;
}

/**
 * A self-signed certificate for `hostname` (SAN DNS) and 127.0.0.1 (SAN IP): trusted only by a client
 * given it as an extra CA, which is what the trust tests need.
 */
export function makeImapCertificate(hostname: string): DovecotTlsOptions {
  const pems = selfsigned.generate([{ name: "commonName", value: hostname }], {
    keySize: 2048,
    days: 30,
    algorithm: "sha256",
    extensions: [
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: hostname },
          { type: 7, ip: "127.0.0.1" },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

export interface StartDovecotOptions {
  tls?: DovecotTlsOptions;
}

export interface RunningDovecot {
  host: string;
  /** Plain IMAP; offers STARTTLS when started with `tls`. */
  port: number;
  /** Implicit TLS (imaps) when started with `tls`, else null. */
  tlsPort: number | null;
  username: string;
  password: string;
  stop(): Promise<void>;
}

function findDovecot(): string {
  const found = DOVECOT_BINARIES.find((p) => fs.existsSync(p));
  if (found) return found;
  try {
    return execFileSync("sh", ["-c", "command -v dovecot"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error(
      "Dovecot is not installed: the IMAP tests need a real IMAP server. Install the Debian package `dovecot-imapd` (apt-get install -y dovecot-imapd).",
    );
  }
}

/**
 * The config below is Dovecot 2.3's. 2.4 (Debian trixie) renamed most of what it uses (`ssl_server_cert_file`,
 * `mail_driver`/`mail_path`, named passdb/userdb blocks), so another version is stopped here with the reason
 * instead of as a config parse error.
 */
function checkDovecotVersion(binary: string): void {
  const version = execFileSync(binary, ["--version"], { encoding: "utf8" }).trim();
  if (!/^2\.3\./.test(version)) {
    throw new Error(
      `dovecot-testing.ts writes a Dovecot 2.3 configuration, but ${binary} is ${version}: extend the config for this version or install 2.3 (Debian bookworm's dovecot-imapd).`,
    );
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** The `ssl` settings and the imaps listener: none without TLS (the imaps listener then gets port 0, i.e. off). */
function tlsConfig(dir: string, tls: DovecotTlsOptions | undefined, tlsPort: number | null): { global: string; imaps: string } {
  if (!tls || tlsPort === null) return { global: "ssl = no", imaps: "port = 0" };
  fs.writeFileSync(path.join(dir, "cert.pem"), tls.cert);
  fs.writeFileSync(path.join(dir, "key.pem"), tls.key, { mode: 0o600 });
  // ssl_dh: 2.3 reads it at start whenever ssl is on; the Debian package ships one.
  const dh = fs.existsSync(DOVECOT_DH_FILE) ? `ssl_dh = <${DOVECOT_DH_FILE}` : "";
  return {
    // `required` refuses logins before TLS, except that Dovecot counts a client whose address equals the
    // server's (every loopback test) as secured: tests check the client's secureConnection instead.
    global: ["ssl = required", `ssl_cert = <${dir}/cert.pem`, `ssl_key = <${dir}/key.pem`, dh].join("\n"),
    imaps: `address = 127.0.0.1\n    port = ${tlsPort}\n    ssl = yes`,
  };
}

export async function startDovecot(options: StartDovecotOptions = {}): Promise<RunningDovecot> {
  const binary = findDovecot();
  checkDovecotVersion(binary);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dovecot-test-"));
  const port = await freePort();
  const tlsPort = options.tls ? await freePort() : null;
  const tls = tlsConfig(dir, options.tls, tlsPort);
  // Dovecot's unprivileged processes (login, auth) must reach the run dir.
  fs.chmodSync(dir, 0o755);
  const user = os.userInfo();
  const group = execFileSync("id", ["-gn"], { encoding: "utf8" }).trim();
  // As root (containers), login processes refuse to run as root: use the accounts the Debian package creates.
  const internalUser = user.uid === 0 ? "dovecot" : user.username;
  const loginUser = user.uid === 0 ? "dovenull" : user.username;
  // Dovecot never accesses mail as uid 0: as root, the mail belongs to nobody.
  const mailUid = user.uid === 0 ? Number(execFileSync("id", ["-u", "nobody"], { encoding: "utf8" }).trim()) : user.uid;
  const mailGid = user.uid === 0 ? Number(execFileSync("id", ["-g", "nobody"], { encoding: "utf8" }).trim()) : user.gid;
  fs.mkdirSync(path.join(dir, "mail"));
  fs.chownSync(path.join(dir, "mail"), mailUid, mailGid);
  const username = "reports";
  const password = "imap-test-password";
  fs.writeFileSync(path.join(dir, "passwd"), `${username}:{PLAIN}${password}\n`);
  // No chroot: the temp dir is not a chroot tree.
  const config = `
protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
${tls.global}
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = ${internalUser}
default_internal_group = ${user.uid === 0 ? "dovecot" : group}
default_login_user = ${loginUser}
first_valid_uid = ${Math.min(mailUid, 500)}
mail_location = maildir:${dir}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${mailUid} gid=${mailGid} home=${dir}/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    ${tls.imaps}
  }
}
service anvil {
  chroot =
  # No auth penalty: Dovecot delays each failed login from an IP by up to 15 s; tests fail logins on purpose.
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service auth {
  unix_listener auth-userdb {
    mode = 0666
  }
}
`;
  const configFile = path.join(dir, "dovecot.conf");
  fs.writeFileSync(configFile, config);
  const child: ChildProcess = spawn(binary, ["-F", "-c", configFile], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  let exited = false;
  child.once("exit", () => (exited = true));

  const deadline = Date.now() + DOVECOT_START_TIMEOUT_MS;
  for (let i = 0; ; i++) {
    if ((await canConnect(port)) && (tlsPort === null || (await canConnect(tlsPort)))) break;
    if (exited || Date.now() > deadline || i > DOVECOT_START_MAX_ATTEMPTS) {
      child.kill("SIGKILL");
      const log = fs.existsSync(path.join(dir, "dovecot.log")) ? fs.readFileSync(path.join(dir, "dovecot.log"), "utf8") : "";
      throw new Error(`Dovecot did not start on 127.0.0.1:${port}: ${stderr}${log}`);
    }
    await new Promise((r) => setImmediate(r));
  }

  return {
    host: "127.0.0.1",
    port,
    tlsPort,
    username,
    password,
    async stop() {
      if (!exited) {
        const gone = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await gone;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
