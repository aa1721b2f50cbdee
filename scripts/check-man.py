#!/usr/bin/env python3
# check-man.py: the manual pages of man/ against the code they describe, and against groff's warnings.
"""Usage: python3 scripts/check-man.py [TOPDIR]

man/tcpfsm.7 describes, each in an entry of a fixed form, what the code
has; the code is read by scripts/check-interface.py's code_*() methods.
Both ways: what the code has needs its entry, and an entry needs its
thing in the code.

  sysctls            .IR NAME " (integer; default: D; LO to HI)", or
                     .IR NAME " (string; default: NAME)" for a name
                     module/netns.c: name, default, bounds
  module parameters  .IR NAME " (module parameter; default: D; LO to HI)"
                     module/main.c: name, default, range
  states             .BR NAME " (N, SS-NAME)"
                     enum tcpfsm_state; SS-NAME as tools/tcpfsm-stat.c
                     prints it
  socket options     .BR TCPFSM_X " (" TCP_X ", N; get, set)"
                     the case labels of the get/setsockopt handlers, the
                     header's numbers, interface.rst's Linux names
  counters           .B Name (.IB FROM _ TO for the transitions)
                     what module/proc.c prints in /proc/net/tcpfsm_stat
  errnos             .B EXXX, under ERRORS: every -EXXX of module/*.c (but
                     EBADMSG and ENOIOCTLCMD, which never leave the
                     kernel as such) and every
                     errno Documentation/interface.rst names; no other

man/NAME.1 documents tools/NAME.c: every short and long option of its
getopt_long() call is a tag of an entry under OPTIONS, and every option
tagged there is one the program takes.

Every page: a .TH line with the file's name and section, no warning from
"groff -man -ww -z" (nor from "man --warnings -l" when man-db is
installed), and a NAME line lexgrog reads (when installed).

Prints each difference and exits 1, or prints "ok: ..." and exits 0.
Python 3 standard library only; groff is needed (Debian: groff-base).
"""
import errno
import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

MAN = "man"
PAGE7 = "man/tcpfsm.7"
STAT = "tools/tcpfsm-stat.c"
# EBADMSG: a malformed segment, dropped inside; ENOIOCTLCMD: an ioctl
# left to the core, which answers it (ENOTTY for one nobody knows).
INTERNAL_ERRNOS = {"EBADMSG", "ENOIOCTLCMD"}


def load_interface(here):
    sys.dont_write_bytecode = True      # no __pycache__ in scripts/
    spec = importlib.util.spec_from_file_location(
        "check_interface", here / "check-interface.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def unescape(text):
    """Roff text as read: \\- is -, font changes and \\& go."""
    text = re.sub(r"\\f(\[[^]]*\]|\(..|.)", "", text)
    return text.replace("\\-", "-").replace("\\&", "").replace("\\ ", " ")


def sections(lines):
    """{".SH title": [(line number, text)]} of a page."""
    out, cur = {}, None
    for n, ln in enumerate(lines, 1):
        m = re.match(r'^\.SH\s+"?([^"]*)"?\s*$', ln)
        if m:
            cur = m.group(1).strip()
            out[cur] = []
        elif cur:
            out[cur].append((n, ln))
    return out


def tags(body):
    """[(line number, tag line)] of the .TP entries in @body."""
    out = []
    for k, (n, ln) in enumerate(body):
        if ln.strip() == ".TP" and k + 1 < len(body):
            out.append(body[k + 1])
    return out


class Man:
    def __init__(self, top, iface):
        self.top = Path(top)
        self.errors = []
        self.counts = {}
        self.iface = iface

    def diff(self, where, msg):
        self.errors.append(f"{where}: {msg}")

    def read(self, rel):
        try:
            return (self.top / rel).read_text()
        except OSError as e:
            self.diff(rel, f"cannot read: {e.strerror}")
            return ""

    def both_ways(self, what, code, page, where_code):
        """Names in @code ({name: location}) and @page ({name: line})."""
        for name, loc in code.items():
            if name not in page:
                self.diff(loc or where_code, f"{what} {name} is not in {PAGE7}")
        for name, n in page.items():
            if name not in code:
                self.diff(f"{PAGE7}:{n}", f"{what} {name} is not in "
                          f"{where_code}")

    # ---- tcpfsm(7) ----

    def check_page7(self):
        text = self.read(PAGE7)
        self.lines = text.splitlines()
        self.secs = sections(self.lines)
        self.check_sysctls()
        self.check_params()
        self.check_states()
        self.check_sockopts()
        self.check_counters()
        self.check_errnos()

    def entries(self, regex):
        """{first group: (line number, match)} of lines matching @regex."""
        out = {}
        for n, ln in enumerate(self.lines, 1):
            m = re.match(regex, ln)
            if m:
                if m.group(1) in out:
                    self.diff(f"{PAGE7}:{n}", f"{m.group(1)} described twice")
                out[m.group(1)] = (n, m)
        return out

    def check_sysctls(self):
        code = self.iface.code_sysctls()
        if not code:
            self.diff("module/netns.c", "no sysctl found in the code")
            return
        # An integer with its range, or a string (a name) with no range.
        page = self.entries(r'^\.IR\s+(\w+)\s+"\s*\((?:integer; default: '
                            r'(-?\d+); (-?\d+) to (-?\d+)|string; default: '
                            r'(\w+))\)"\s*$')
        self.both_ways("sysctl", {k: f"module/netns.c:{v[3]}"
                                  for k, v in code.items()},
                       {k: v[0] for k, v in page.items()}, "module/netns.c")
        for name, (n, m) in page.items():
            if name not in code:
                continue
            dflt, lo, hi, line, dline = code[name]
            if m.group(5) is not None:
                page_vals = (m.group(5), "-", "-")
            else:
                page_vals = (m.group(2), m.group(3), m.group(4))
            for what, d, c in zip(("default", "min", "max"), page_vals,
                                  (dflt, lo, hi)):
                if d != c:
                    self.diff(f"{PAGE7}:{n}", f"sysctl {name}: {what} {d} here, "
                              f"{c} in module/netns.c:"
                              f"{dline if what == 'default' else line}")
        self.counts["sysctls"] = len(code)

    def check_params(self):
        code = self.iface.code_module_params()
        if not code:
            self.diff("module/main.c", "no module parameter found in the code")
            return
        page = self.entries(r'^\.IR\s+(\w+)\s+"\s*\(module parameter; '
                            r'default: (-?\d+); ([^;)]+)\)"\s*$')
        self.both_ways("module parameter",
                       {k: f"module/main.c:{v[3]}" for k, v in code.items()},
                       {k: v[0] for k, v in page.items()}, "module/main.c")
        for name, (n, m) in page.items():
            if name not in code:
                continue
            dflt, _, rng, _ = code[name]
            if m.group(2) != str(dflt):
                self.diff(f"{PAGE7}:{n}", f"module parameter {name} defaults "
                          f"to {m.group(2)} here, {dflt} in module/main.c")
            lo_hi = unescape(m.group(3)).replace(" to ", "..").replace(" ", "")
            if lo_hi != rng.replace(" ", ""):
                self.diff(f"{PAGE7}:{n}", f"module parameter {name}: range "
                          f"{unescape(m.group(3))} here, {rng} in module/main.c")
        self.counts["module parameters"] = len(code)

    def check_states(self):
        code = self.iface.code_states()
        if not code:
            return
        ss = dict(re.findall(r'\[\s*TCPFSM_(\w+)\s*\]\s*=\s*"([^"]*)"',
                             self.read(STAT)))
        page = self.entries(r'^\.BR\s+([A-Z][A-Z0-9_]*)\s+"\s*\((\d+), '
                            r'([^)]*)\)"\s*$')
        names = {k[len("TCPFSM_"):]: (v, line) for k, (v, line) in code.items()}
        self.both_ways("state", {k: f"{self.iface_uapi()}:{v[1]}"
                                 for k, v in names.items()},
                       {k: v[0] for k, v in page.items()}, self.iface_uapi())
        for name, (n, m) in page.items():
            if name not in names:
                continue
            if m.group(2) != str(names[name][0]):
                self.diff(f"{PAGE7}:{n}", f"state {name} is {m.group(2)} here, "
                          f"{names[name][0]} in {self.iface_uapi()}")
            shown = unescape(m.group(3))
            if ss.get(name) != shown:
                self.diff(f"{PAGE7}:{n}", f"state {name} shows as {shown} here, "
                          f"{ss.get(name)} in {STAT}")
        self.counts["states"] = len(names)

    def iface_uapi(self):
        return "include/uapi/linux/tcpfsm.h"

    def check_sockopts(self):
        code = self.iface.code_sockopts()
        if not code:
            self.diff("module/", "no socket option found in the handlers")
            return
        # '.BR TCPFSM_X " (" TCP_X ", N; get, set)"', or for an option of
        # tcpfsm's own, which Linux has not: '.BR TCPFSM_X " (N; get)"'.
        page = self.entries(r'^\.BR\s+(TCPFSM_\w+)\s+"\s*\((?:"\s+(\w+)\s+",\s*)?'
                            r'(\d+);\s*([a-z, ]+)\)"\s*$')
        uapi = self.iface_uapi()
        self.both_ways("socket option", {k: f"{uapi}:{v[1]}"
                                         for k, v in code.items()},
                       {k: v[0] for k, v in page.items()},
                       "the get/setsockopt handlers of module/")
        linux = {}
        rows = self.iface.table("interface-sockopts", 4)
        for _, cs in rows or []:
            linux[cs[0]] = cs[1]
        for name, (n, m) in page.items():
            if name not in code:
                continue
            number, _, access = code[name]
            if m.group(3) != str(number):
                self.diff(f"{PAGE7}:{n}", f"{name} is {m.group(3)} here, "
                          f"{number} in {uapi}")
            got = ", ".join(a.strip() for a in m.group(4).split(","))
            if got != access:
                self.diff(f"{PAGE7}:{n}", f"{name}: '{got}' here, the handlers "
                          f"take '{access}'")
            if name in linux and linux[name] != (m.group(2) or "-"):
                self.diff(f"{PAGE7}:{n}", f"{name} is Linux's {m.group(2) or '-'} "
                          f"here, {linux[name]} in Documentation/interface.rst")
        self.counts["socket options"] = len(code)

    def check_counters(self):
        code = self.iface.code_counters()
        if not code:
            return
        fn, line, printed = code
        # The entries of the list under ".I /proc/net/tcpfsm_stat".
        try:
            k = self.lines.index(".I /proc/net/tcpfsm_stat")
            start = self.lines.index(".RS", k)
            end = self.lines.index(".RE", start)
        except ValueError:
            self.diff(PAGE7, "no .RS list of counters after "
                      "'.I /proc/net/tcpfsm_stat'")
            return
        page = {}
        body = [(n + 1, self.lines[n]) for n in range(start, end)]
        for n, tag in tags(body):
            m = re.match(r"^\.B\s+([A-Z][A-Za-z]+)\s*$", tag)
            if m:
                page[m.group(1)] = n
            elif re.match(r"^\.IB\s+FROM\s+_\s+TO\s*$", tag):
                page["FROM_TO"] = n
            else:
                self.diff(f"{PAGE7}:{n}", f"counter entry '{tag}' is not "
                          f"'.B Name'")
        self.both_ways("counter", {c: f"module/proc.c:{line}" for c in printed},
                       page, f"what {fn}() prints")
        self.counts["counters"] = len(printed)

    def check_errnos(self):
        errors = self.secs.get("ERRORS")
        if errors is None:
            self.diff(PAGE7, "no ERRORS section")
            return
        page = {}
        for n, tag in tags(errors):
            m = re.match(r"^\.B\s+(E[A-Z0-9]+)\s*$", tag)
            if not m:
                self.diff(f"{PAGE7}:{n}", f"ERRORS entry '{tag}' is not "
                          f"'.B EXXX'")
                continue
            page[m.group(1)] = n
        code = {}
        for path in sorted((self.top / "module").glob("*.c")):
            src = path.read_text()
            for m in re.finditer(r"-(E[A-Z0-9]{2,})\b", src):
                if m.group(1) not in INTERNAL_ERRNOS:
                    code.setdefault(m.group(1), f"module/{path.name}:"
                                    f"{src.count(chr(10), 0, m.start()) + 1}")
        doc = self.iface.doc
        named = {e for e in re.findall(r"\b(E[A-Z0-9]{2,})\b", doc)
                 if hasattr(errno, e)}
        for e in sorted(named):
            code.setdefault(e, "Documentation/interface.rst")
        for e, n in page.items():
            if not hasattr(errno, e):
                self.diff(f"{PAGE7}:{n}", f"{e} is not an errno")
        self.both_ways("errno", code, page, "module/*.c or "
                       "Documentation/interface.rst")
        self.counts["errnos"] = len(code)

    # ---- the tools' pages ----

    def check_tool(self, page_rel):
        name = Path(page_rel).stem
        src_rel = f"tools/{name}.c"
        src = self.read(src_rel)
        if not src:
            return
        call = re.search(r'getopt_long\s*\([^,]+,[^,]+,\s*"([^"]*)"', src)
        shorts = set(re.findall(r"(\w):?:?", call.group(1))) if call else set()
        longs = set(re.findall(r'\{\s*"([\w-]+)"\s*,\s*\w+_argument\s*,', src))
        if not call or not longs:
            self.diff(src_rel, "no getopt_long() call or struct option table")
            return
        lines = self.read(page_rel).splitlines()
        opts = sections(lines).get("OPTIONS")
        if opts is None:
            self.diff(page_rel, "no OPTIONS section")
            return
        pshort, plong = {}, {}
        for n, tag in tags(opts):
            t = unescape(tag)
            for lng in re.findall(r"--([\w-]+)", t):
                plong[lng] = n
            for sh in re.findall(r"(?<![\w-])-(\w)\b", t):
                pshort[sh] = n
        for what, code, page in (("option -", shorts, pshort),
                                 ("option --", longs, plong)):
            for o in sorted(code - set(page)):
                self.diff(page_rel, f"{what}{o} of {src_rel} is not under "
                          f"OPTIONS")
            for o in sorted(set(page) - code):
                self.diff(f"{page_rel}:{page[o]}", f"{what}{o} is not an "
                          f"option of {src_rel}")
        self.counts["tool options"] = self.counts.get("tool options", 0) + \
            len(shorts) + len(longs)

    # ---- every page ----

    def check_roff(self, page_rel):
        path = self.top / page_rel
        text = self.read(page_rel)
        th = re.search(r"^\.TH\s+(\S+)\s+(\S+)", text, re.M)
        if not th:
            self.diff(page_rel, "no .TH line")
        elif (th.group(1).lower(), th.group(2)) != (path.stem.lower(),
                                                    path.suffix[1:]):
            self.diff(page_rel, f".TH {th.group(1)} {th.group(2)} does not "
                      f"name {path.name}")
        if not shutil.which("groff"):
            self.diff(page_rel, "groff is not installed (Debian: groff-base)")
            return
        runs = [["groff", "-man", "-ww", "-z", "-Tutf8", str(path)]]
        if shutil.which("man"):
            runs.append(["man", "--warnings", "-l", "-Tutf8", str(path)])
        for cmd in runs:
            p = subprocess.run(cmd, capture_output=True, text=True,
                               env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                                    "MANPAGER": "cat", "PAGER": "cat"})
            msg = p.stderr.strip()
            if p.returncode or msg:
                self.diff(page_rel, f"{' '.join(cmd[:3])}: "
                          f"{msg or f'exit status {p.returncode}'}")
        if shutil.which("lexgrog"):
            p = subprocess.run(["lexgrog", str(path)], capture_output=True,
                               text=True)
            if p.returncode:
                self.diff(page_rel, f"lexgrog cannot read its NAME section: "
                          f"{(p.stdout + p.stderr).strip()}")


def main():
    here = Path(__file__).resolve().parent
    top = Path(sys.argv[1]) if len(sys.argv) > 1 else here.parent
    mod = load_interface(here)
    iface = mod.Interface(top)
    iface.load()
    c = Man(top, iface)
    pages = sorted(p.relative_to(top).as_posix()
                   for p in (top / MAN).glob("*.[1-8]"))
    if PAGE7 not in pages:
        c.diff(PAGE7, "missing")
    else:
        c.check_page7()
    for p in pages:
        c.check_roff(p)
        if p.endswith(".1"):
            c.check_tool(p)
    # And what check-interface.py's readers found wrong, if anything.
    errors = c.errors + iface.errors
    if errors:
        for e in errors:
            print(e)
        print(f"{len(errors)} difference(s) between man/ and the code")
        return 1
    parts = [f"{v} {k}" for k, v in c.counts.items()]
    print(f"ok: man/ ({len(pages)} pages) matches the code: {', '.join(parts)}; "
          f"no groff warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
