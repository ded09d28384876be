"""A real OpenLDAP server (Debian's slapd) for the directory sign-in tests, on loopback ports.

The tree: three role groups, a nested group (patrol sergeants are members of the supervisors' group), a user
disabled in the directory (employeeType=disabled, excluded by the user filter as a service would exclude
Active Directory's ACCOUNTDISABLE bit) and a user in no role group. TLS with a certificate signed by a CA made
for the run, so StartTLS and LDAPS are checked for real.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

SLAPD = shutil.which("slapd") or "/usr/sbin/slapd"
SLAPADD = shutil.which("slapadd") or "/usr/sbin/slapadd"
BASE = "dc=csu,dc=test"
BIND_DN = f"cn=csu-bind,ou=services,{BASE}"
BIND_PASSWORD = "bind-secret-2026"
USER_PASSWORD = "directory-pass-2026"
GROUPS = f"ou=groups,{BASE}"
OFFICERS, COORDINATORS, SUPERVISORS = (f"cn={cn},{GROUPS}" for cn in ("csu-officers", "csu-coordinators", "csu-sup"))
SERGEANTS = f"cn=patrol-sergeants,{GROUPS}"


def available() -> bool:
    return Path(SLAPD).exists() and Path(SLAPADD).exists() and shutil.which("openssl") is not None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _person(uid: str, name: str, mail: str, extra: str = "") -> str:
    return f"""dn: uid={uid},ou=people,{BASE}
objectClass: inetOrgPerson
uid: {uid}
cn: {name}
sn: {name.split()[-1]}
displayName: {name}
mail: {mail}
userPassword: {USER_PASSWORD}
{extra}

"""


def _group(dn: str, members: list[str]) -> str:
    cn = dn.split(",")[0].split("=")[1]
    lines = "".join(f"member: {m}\n" for m in members)
    return f"dn: {dn}\nobjectClass: groupOfNames\ncn: {cn}\n{lines}\n"


def _people(uid: str) -> str:
    return f"uid={uid},ou=people,{BASE}"


LDIF = (
    f"""dn: {BASE}
objectClass: dcObject
objectClass: organization
o: CSU test service
dc: csu

dn: ou=people,{BASE}
objectClass: organizationalUnit
ou: people

dn: ou=groups,{BASE}
objectClass: organizationalUnit
ou: groups

dn: ou=services,{BASE}
objectClass: organizationalUnit
ou: services

dn: {BIND_DN}
objectClass: person
objectClass: simpleSecurityObject
cn: csu-bind
sn: bind
userPassword: {BIND_PASSWORD}

"""
    + _person("dofficer", "Dana Officer", "dana@police.test")
    + _person("dcoord", "Chris Coordinator", "chris@police.test")
    + _person("dsarge", "Sam Sergeant", "sam@police.test")
    + _person("dgone", "Gail Gone", "gail@police.test", "employeeType: disabled")
    + _person("dnobody", "Nico Nogroup", "nico@police.test")
    + _group(OFFICERS, [_people("dofficer"), _people("dgone")])
    + _group(COORDINATORS, [_people("dcoord")])
    + _group(SERGEANTS, [_people("dsarge")])
    + _group(SUPERVISORS, [SERGEANTS])
)

CONF = """include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {dir}/slapd.pid
TLSCACertificateFile {dir}/ca.pem
TLSCertificateFile {dir}/server.pem
TLSCertificateKeyFile {dir}/server.key
database mdb
suffix "{base}"
rootdn "cn=admin,{base}"
rootpw admin-secret
directory {dir}/db
access to attrs=userPassword by anonymous auth by self read by * none
access to * by users read by * none
"""


@dataclass
class Directory:
    dir: Path
    ldap_port: int
    ldaps_port: int
    process: subprocess.Popen

    @property
    def ca_file(self) -> str:
        return str(self.dir / "ca.pem")

    def uri(self, tls: str = "starttls") -> str:
        if tls == "ldaps":
            return f"ldaps://127.0.0.1:{self.ldaps_port}"
        return f"ldap://127.0.0.1:{self.ldap_port}"

    def modify(self, ldif: str) -> None:
        """Change the running directory as its administrator would (ldapmodify over loopback)."""
        subprocess.run(
            ["ldapmodify", "-x", "-H", self.uri(), "-D", f"cn=admin,{BASE}", "-w", "admin-secret"],
            input=ldif.encode(),
            check=True,
            capture_output=True,
            timeout=20,
        )

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _certificates(dir: Path) -> None:
    def run(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=dir, check=True, capture_output=True, timeout=60)

    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=CSU test CA",
        "-keyout", "ca.key", "-out", "ca.pem")  # fmt: skip
    run("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key", "-out", "server.csr")
    (dir / "san.ext").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
        "-extfile", "san.ext", "-out", "server.pem")  # fmt: skip
    (dir / "server.key").chmod(0o644)


def start(dir: Path) -> Directory:
    (dir / "db").mkdir(parents=True)
    _certificates(dir)
    conf = dir / "slapd.conf"
    conf.write_text(CONF.format(dir=dir, base=BASE))
    (dir / "tree.ldif").write_text(LDIF)
    subprocess.run(
        [SLAPADD, "-f", str(conf), "-l", str(dir / "tree.ldif")], check=True, capture_output=True, timeout=60
    )
    ldap_port, ldaps_port = _free_port(), _free_port()
    urls = f"ldap://127.0.0.1:{ldap_port}/ ldaps://127.0.0.1:{ldaps_port}/"
    # -d 0: stay in the foreground (so the test owns the process) without debug output.
    process = subprocess.Popen([SLAPD, "-f", str(conf), "-h", urls, "-d", "0"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)  # fmt: skip
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"slapd exited: {process.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", ldap_port), timeout=0.5):
                return Directory(dir=dir, ldap_port=ldap_port, ldaps_port=ldaps_port, process=process)
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("slapd did not start listening within 20 s")
