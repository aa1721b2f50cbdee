#!/usr/bin/env python3
# check-interface.py: compares the labelled tables of Documentation/interface.rst with the code they describe.
"""Usage: python3 scripts/check-interface.py [TOPDIR]

Documentation/interface.rst is the interface contract.  Its tables that
follow a label ``.. _interface-...:`` are read here and compared, both
ways, with the code:

  interface-constants            numeric #defines of include/uapi/linux/tcpfsm.h
  interface-sockopts             the option #defines of that header (every
                                 numeric #define is in one of these two
                                 tables), the get/set cases of the
                                 setsockopt/getsockopt handlers in module/,
                                 and Linux's TCP_* numbers when
                                 <linux/tcp.h> is installed
  interface-module-parameters    module/main.c: names, defaults, ranges
  interface-struct-NAME          every struct of the header: members,
                                 types, offsets, and "``struct NAME`` is N
                                 bytes" in the text
  interface-states               enum tcpfsm_state, and the state names
                                 that module/proc.c and module/trace.h print
  interface-stat-counters        the counters module/proc.c prints in
                                 /proc/net/tcpfsm_stat, in order
  interface-proc-formats         the header and row formats of
                                 /proc/net/tcpfsm in module/proc.c
  interface-sysctls              module/netns.c: tcpfsm_sysctl_defaults and
                                 the bounds of tcpfsm_sysctls (a default
                                 "&ops" is the .name of that ops table in
                                 module/, as the sysctl prints it)
  interface-ca-states            enum tcpfsm_ca_state of module/cong.h
                                 (tcpi_ca_state, the tracepoint), and the
                                 names module/trace.h prints for it
  interface-trace-EVENT          every TRACE_EVENT of module/trace.h and its
                                 fields; that user space can parse the
                                 format: every enum name in a
                                 __print_symbolic() is exported by
                                 TRACE_DEFINE_ENUM(), and no TP_printk()
                                 argument takes an address (a unary '&',
                                 which libtraceevent cannot parse)

Prints each difference and exits 1, or prints "ok: ..." and exits 0.
Tables are reST simple tables: a row per line, a continuation line leaves
the first column empty; ``literal`` markup in a cell is ignored.  Python 3
standard library only.
"""
import ast
import os
import re
import sys
from pathlib import Path

DOC = "Documentation/interface.rst"
UAPI = "include/uapi/linux/tcpfsm.h"
MAIN = "module/main.c"
NETNS = "module/netns.c"
PROC = "module/proc.c"
TRACE = "module/trace.h"
INTERNAL_H = "module/tcpfsm.h"
CONG_H = "module/cong.h"

# Kernel constants the code may use as bounds or values.
KERNEL_CONSTANTS = {
    "AF_UNSPEC": 0,
    "NULL": None,
    "SYSCTL_NEG_ONE": -1,
    "SYSCTL_ZERO": 0,
    "SYSCTL_ONE": 1,
    "SYSCTL_TWO": 2,
    "SYSCTL_THREE": 3,
    "SYSCTL_FOUR": 4,
    "SYSCTL_ONE_HUNDRED": 100,
    "SYSCTL_TWO_HUNDRED": 200,
    "SYSCTL_ONE_THOUSAND": 1000,
    "SYSCTL_THREE_THOUSAND": 3000,
    "SYSCTL_INT_MAX": 2147483647,
    "INT_MAX": 2147483647,
    "SYSCTL_MAXOLDUID": 65535,
    "USEC_PER_MSEC": 1000,
    "MSEC_PER_SEC": 1000,
}

# Sizes (and alignments) of the types a uapi struct may use.
TYPE_SIZES = {
    "__u8": 1, "__s8": 1, "char": 1, "unsigned char": 1, "signed char": 1,
    "__u16": 2, "__s16": 2, "__be16": 2, "__le16": 2, "short": 2,
    "unsigned short": 2, "__kernel_sa_family_t": 2, "sa_family_t": 2,
    "__u32": 4, "__s32": 4, "__be32": 4, "__le32": 4, "int": 4,
    "unsigned int": 4, "unsigned": 4,
    "__u64": 8, "__s64": 8, "__be64": 8, "__le64": 8, "__aligned_u64": 8,
}


class Checker:
    def __init__(self, top):
        self.top = Path(top)
        self.errors = []
        self.counts = {}

    # ---- reporting ----

    def diff(self, where, msg):
        self.errors.append(f"{where}: {msg}")

    def read(self, rel):
        path = self.top / rel
        try:
            return path.read_text()
        except OSError as e:
            self.diff(rel, f"cannot read: {e.strerror}")
            return ""


# ---------------------------------------------------------------- C source

def strip_c_comments(src):
    """The source with comments blanked (newlines kept, strings intact)."""
    out = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c == "/" and src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif c == "/" and src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            out.append(src[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def line_of(src, pos):
    return src.count("\n", 0, pos) + 1


def c_defines(src):
    """{name: (value text, line)} of the object-like #defines."""
    defs = {}
    for m in re.finditer(r"^[ \t]*#[ \t]*define[ \t]+(\w+)(?![\w(])[ \t]*(.*)$",
                         src, re.M):
        defs[m.group(1)] = (m.group(2).strip(), line_of(src, m.start()))
    return defs


def c_eval(expr, env, depth=0):
    """An integer C expression; names from env (recursively).  None if not."""
    if expr is None:
        return None
    expr = expr.strip()
    if not expr or depth > 20:
        return None
    expr = re.sub(r"\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]+\b", r"\1", expr)
    expr = re.sub(r"\(\s*(?:unsigned\s+|signed\s+)?(?:int|long|short|char|"
                  r"u8|u16|u32|u64|s32|s64|__u32|__u16|__u8)\s*\)", "", expr)
    expr = expr.replace("&&", " and ").replace("||", " or ")
    try:
        tree = ast.parse(expr, mode="eval")
    except SyntaxError:
        return None

    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in env:
                v = env[node.id]
                if isinstance(v, int) or v is None:
                    if v is None:
                        raise ValueError
                    return v
                r = c_eval(v, env, depth + 1)
                if r is None:
                    raise ValueError
                return r
            raise ValueError
        if isinstance(node, ast.UnaryOp):
            v = ev(node.operand)
            if isinstance(node.op, ast.USub):
                return -v
            if isinstance(node.op, ast.UAdd):
                return v
            if isinstance(node.op, ast.Invert):
                return ~v
        if isinstance(node, ast.BinOp):
            a, b = ev(node.left), ev(node.right)
            ops = {ast.Add: lambda: a + b, ast.Sub: lambda: a - b,
                   ast.Mult: lambda: a * b,
                   ast.Div: lambda: int(a / b), ast.FloorDiv: lambda: a // b,
                   ast.LShift: lambda: a << b, ast.RShift: lambda: a >> b,
                   ast.BitOr: lambda: a | b, ast.BitAnd: lambda: a & b}
            f = ops.get(type(node.op))
            if f:
                return f()
        raise ValueError

    try:
        return ev(tree)
    except (ValueError, ZeroDivisionError, RecursionError):
        return None


def braced(src, start):
    """(body, end) of the {...} block whose '{' is at or after start."""
    i = src.find("{", start)
    if i < 0:
        return None, start
    depth = 0
    for j in range(i, len(src)):
        if src[j] == "{":
            depth += 1
        elif src[j] == "}":
            depth -= 1
            if depth == 0:
                return src[i + 1:j], j
    return None, start


def initializer(src, name):
    """(text, offset) of the initializer braces of variable @name."""
    m = re.search(r"\b" + re.escape(name) + r"\s*(\[[^\]]*\]\s*)*=\s*\{", src)
    if not m:
        return None, 0
    body, _ = braced(src, m.end() - 1)
    return body, m.end()


def c_enum(src, name):
    """[(member, value, line)] of enum @name, values computed."""
    m = re.search(r"\benum\s+" + re.escape(name) + r"\s*\{", src)
    if not m:
        return None
    body, _ = braced(src, m.end() - 1)
    out, nxt = [], 0
    pos = m.end()
    for part in body.split(","):
        ent = part.strip()
        if ent:
            mm = re.match(r"(\w+)\s*(?:=\s*(.+))?$", ent, re.S)
            if mm:
                val = nxt
                if mm.group(2):
                    env = {k: v for k, v, _ in out}
                    v = c_eval(mm.group(2), env)
                    val = v if v is not None else nxt
                out.append((mm.group(1), val,
                            line_of(src, pos + part.find(mm.group(1)))))
                nxt = val + 1
        pos += len(part) + 1
    return out


def c_strings(text):
    """The string literals of @text, adjacent ones joined, as in the source."""
    lits = []
    for m in re.finditer(r'"((?:[^"\\\n]|\\.)*)"(\s*"(?:[^"\\\n]|\\.)*")*',
                         text):
        lits.append("".join(re.findall(r'"((?:[^"\\\n]|\\.)*)"',
                                       m.group(0))))
    return lits


def symbolic(src, macro):
    """[(enum name, printed name)] of the __print_symbolic() that the
    function-like macro @macro of @src expands to."""
    m = re.search(r"#\s*define\s+" + re.escape(macro) + r"\s*\(", src)
    if not m:
        return []
    end = m.end()
    while True:
        nl = src.find("\n", end)
        if nl < 0 or src[nl - 1] != "\\":
            break
        end = nl + 1
    body = src[m.end():nl if nl >= 0 else len(src)]
    return re.findall(r"\{\s*(\w+)\s*,\s*\"([^\"]*)\"\s*\}", body)


def functions(src, name_re):
    """[(name, body, offset)] of function definitions whose name matches."""
    out = []
    for m in re.finditer(r"^[A-Za-z_][\w \t\*]*?\b(" + name_re +
                         r")\s*\([^;{]*\)\s*\{", src, re.M):
        body, _ = braced(src, m.end() - 1)
        if body is not None:
            out.append((m.group(1), body, m.end()))
    return out


# ---------------------------------------------------------------- reST

def rst_cell(text):
    return re.sub(r"``(.*?)``", r"\1", text).strip()


def rst_table(lines, label):
    """(header, rows, line) of the simple table after '.. _label:'.

    rows: [(line number, [cells])]; or a string saying what is wrong."""
    want = f".. _{label}:"
    try:
        i = next(k for k, ln in enumerate(lines) if ln.strip() == want)
    except StopIteration:
        return f"no label '{want}'"
    i += 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    border = re.compile(r"^=+( +=+)+\s*$")
    if i >= len(lines) or not border.match(lines[i]):
        return f"line {i + 1}: no simple table after '{want}'"
    cols = [(m.start(), m.end()) for m in re.finditer(r"=+", lines[i])]
    borders, header, rows, start = 0, None, [], i + 1

    def cells(ln):
        out = []
        for k, (a, b) in enumerate(cols):
            last = k == len(cols) - 1
            out.append(rst_cell(ln[a:] if last else ln[a:cols[k + 1][0]]))
        return out

    for k in range(i, len(lines)):
        ln = lines[k]
        if border.match(ln):
            borders += 1
            if borders == 3:
                return header, rows, start
            continue
        if not ln.strip():
            continue
        for c, (a, b) in enumerate(cols[:-1]):
            gap = ln[b:cols[c + 1][0]]
            if gap.strip():
                return (f"line {k + 1}: text crosses the boundary of "
                        f"column {c + 1}")
        if borders == 1:
            if header is None:
                header = cells(ln)
            continue
        cs = cells(ln)
        if not cs[0] and rows:
            prev = rows[-1][1]
            for c, t in enumerate(cs):
                if t:
                    prev[c] = (prev[c] + " " + t).strip()
        else:
            rows.append((k + 1, cs))
    return f"line {start}: table after '{want}' does not end"


# ---------------------------------------------------------------- checks

class Interface(Checker):
    def load(self):
        """Reads the contract and the header; the code_*() methods need it."""
        self.doc = self.read(DOC)
        self.lines = self.doc.splitlines()
        self.uapi = strip_c_comments(self.read(UAPI))
        self.udefs = c_defines(self.uapi)
        self.env = dict(KERNEL_CONSTANTS)
        self.env.update({k: v for k, (v, _) in self.udefs.items()})

    def run(self):
        self.load()
        self.check_constants_and_options()
        self.check_module_parameters()
        self.check_structs()
        self.check_states()
        self.check_counters()
        self.check_proc_formats()
        self.check_sysctls()
        self.check_ca_states()
        self.check_trace()

    def table(self, label, ncols):
        """The rows of a labelled table, or None (reported) if unreadable."""
        t = rst_table(self.lines, label)
        if isinstance(t, str):
            self.diff(DOC, t)
            return None
        header, rows, _ = t
        if header is None or len(header) < ncols:
            self.diff(DOC, f"table '{label}' needs {ncols} columns")
            return None
        return rows

    def doc_line(self, n):
        return f"{DOC}:{n}"

    # ---- what the code says, read here and by scripts/check-man.py ----

    def code_numeric(self):
        """{name: (value, line)} of the header's numeric #defines."""
        numeric = {}
        for name, (val, line) in self.udefs.items():
            v = c_eval(val, self.env)
            if v is not None:
                numeric[name] = (v, line)
        return numeric

    def code_sockopt_access(self):
        """{"get": names, "set": names}: the case labels of the handlers."""
        access = {"get": set(), "set": set()}
        found = {"get": False, "set": False}
        for path in sorted((self.top / "module").glob("*.c")):
            src = strip_c_comments(path.read_text())
            for kind in ("get", "set"):
                for _, body, _ in functions(src, r"\w*" + kind + r"sockopt\w*"):
                    found[kind] = True
                    access[kind].update(re.findall(r"\bcase\s+(\w+)\s*:", body))
        for kind in ("get", "set"):
            if not found[kind]:
                self.diff("module/", f"no {kind}sockopt handler found")
        return access

    def code_sockopts(self):
        """{name: (number, line, "get, set")}: the options the handlers take."""
        numeric = self.code_numeric()
        access = self.code_sockopt_access()
        return {name: (numeric[name][0], numeric[name][1],
                       ", ".join(k for k in ("get", "set") if name in access[k]))
                for name in sorted(access["get"] | access["set"])
                if name in numeric}

    # (a) constants and socket options: the numeric #defines of the header
    def check_constants_and_options(self):
        numeric = self.code_numeric()
        documented = {}
        consts = self.table("interface-constants", 2)
        opts = self.table("interface-sockopts", 4)
        if consts is None or opts is None:
            return
        for n, cs in consts:
            documented.setdefault(cs[0], []).append((n, cs[1], "constants"))
        for n, cs in opts:
            documented.setdefault(cs[0], []).append((n, cs[2], "sockopts"))
        for name, ents in documented.items():
            for n, val, where in ents[1:]:
                self.diff(self.doc_line(n), f"{name} documented twice")
            n, val, where = ents[0]
            if name not in numeric:
                self.diff(self.doc_line(n),
                          f"{name} ({where} table) is not a numeric #define "
                          f"of {UAPI}")
                continue
            code, line = numeric[name]
            if str(code) != val:
                self.diff(self.doc_line(n),
                          f"{name} is {val} here, {code} in {UAPI}:{line}")
        for name, (code, line) in sorted(numeric.items(), key=lambda x: x[1][1]):
            if name not in documented:
                self.diff(f"{UAPI}:{line}",
                          f"#define {name} {code} is in neither the constants "
                          f"nor the socket options table of {DOC}")
        self.counts["constants"] = sum(
            1 for e in documented.values() if e[0][2] == "constants")
        self.counts["socket options"] = len(opts)

        # Access: the case labels of the handlers.
        access = self.code_sockopt_access()
        for n, cs in opts:
            want = {a.strip() for a in cs[3].split(",") if a.strip()}
            have = {k for k in ("get", "set") if cs[0] in access[k]}
            if want - {"get", "set"}:
                self.diff(self.doc_line(n),
                          f"{cs[0]}: access must be 'get', 'set' or both")
            elif want != have:
                self.diff(self.doc_line(n),
                          f"{cs[0]}: access '{', '.join(sorted(want))}' here, "
                          f"the handlers in module/ take "
                          f"'{', '.join(sorted(have)) or 'none'}'")
        documented_opts = {cs[0] for _, cs in opts}
        for kind in ("get", "set"):
            for name in sorted(access[kind]):
                if name in numeric and name not in documented_opts and \
                        name not in documented:
                    self.diff("module/", f"{kind}sockopt takes {name}, "
                              f"which {DOC} does not list")

        # Linux's numbers, when its header is installed.
        linux = None
        for h in ("/usr/include/linux/tcp.h", "/usr/include/netinet/tcp.h"):
            if os.path.exists(h):
                linux = {k: c_eval(v, {}) for k, (v, _) in
                         c_defines(strip_c_comments(Path(h).read_text())).items()}
                self.counts["Linux header"] = h
                break
        if linux:
            for n, cs in opts:
                lname = cs[1]
                if lname in ("", "-"):
                    continue
                if lname not in linux:
                    self.diff(self.doc_line(n), f"{lname} is not in "
                              f"{self.counts['Linux header']}")
                elif str(linux[lname]) != cs[2]:
                    self.diff(self.doc_line(n),
                              f"{lname} is {linux[lname]} in Linux, "
                              f"{cs[2]} here")

    def code_module_params(self):
        """{name: (default or None, its line, "LO..HI" or "-", the
        module_param line)} of module/main.c."""
        src = strip_c_comments(self.read(MAIN))
        params = {}
        for m in re.finditer(r"\bmodule_param_named\s*\(\s*(\w+)\s*,\s*(\w+)\s*,",
                             src):
            params[m.group(1)] = (m.group(2), line_of(src, m.start()))
        for m in re.finditer(r"\bmodule_param\s*\(\s*(\w+)\s*,", src):
            params[m.group(1)] = (m.group(1), line_of(src, m.start()))
        out = {}
        for name, (var, pline) in params.items():
            m = re.search(r"\b(?:unsigned\s+)?(?:int|long|bool|ushort|uint)\s+" +
                          re.escape(var) + r"\s*=\s*([^;]+);", src)
            code = c_eval(m.group(1), self.env) if m else 0
            lo = hi = None
            for c in re.finditer(r"\b" + re.escape(var) +
                                 r"\s*(<=|<|>=|>)\s*([\w+\- ]+?)\s*(?=\|\||\)|&&)",
                                 src):
                op, bound = c.group(1), c.group(2).strip()
                v = c_eval(bound, self.env)
                if op in ("<=", "<"):
                    add = 1 if op == "<=" else 0
                    lo = str(v + add) if v is not None else \
                        (f"{bound}+1" if add else bound)
                else:
                    sub = 1 if op == ">=" else 0
                    hi = str(v - sub) if v is not None else \
                        (f"{bound}-1" if sub else bound)
            code_range = f"{lo}..{hi}" if lo is not None or hi is not None \
                else "-"
            out[name] = (code, line_of(src, m.start()) if m else pline,
                         code_range, pline)
        return out

    # (e) module parameters: names, defaults, ranges
    def check_module_parameters(self):
        raw = self.read(MAIN)
        params = self.code_module_params()
        rows = self.table("interface-module-parameters", 3)
        if rows is None:
            return
        seen = set()
        for n, cs in rows:
            name = cs[0]
            seen.add(name)
            if name not in params:
                self.diff(self.doc_line(n),
                          f"module parameter {name} is not in {MAIN}")
                continue
            code, dline, code_range, pline = params[name]
            if code is None:
                self.diff(f"{MAIN}:{pline}",
                          f"cannot compute the default of {name}")
            elif str(code) != cs[1]:
                self.diff(self.doc_line(n), f"{name} defaults to {cs[1]} here, "
                          f"{code} in {MAIN}:{dline}")
            d = re.search(r"MODULE_PARM_DESC\s*\(\s*" + re.escape(name) +
                          r"\s*,[^;]*?default\s+(-?\d+)", raw)
            if d and code is not None and d.group(1) != str(code):
                self.diff(f"{MAIN}:{line_of(raw, d.start())}",
                          f"MODULE_PARM_DESC of {name} says default "
                          f"{d.group(1)}, the variable is {code}")
            doc_range = cs[2].replace(" ", "") if len(cs) > 3 else "-"
            if len(cs) > 3 and doc_range != code_range.replace(" ", ""):
                self.diff(self.doc_line(n), f"{name}: range {cs[2]} here, "
                          f"{code_range} in {MAIN}")
        for name, (_, _, _, line) in params.items():
            if name not in seen:
                self.diff(f"{MAIN}:{line}",
                          f"module parameter {name} is not in {DOC}")
        self.counts["module parameters"] = len(rows)

    # struct layouts of the header
    def check_structs(self):
        structs = {}
        for m in re.finditer(r"\bstruct\s+(\w+)\s*\{", self.uapi):
            body, _ = braced(self.uapi, m.end() - 1)
            members, off, align = [], 0, 1
            for mm in re.finditer(r"([A-Za-z_][\w ]*?)\s+(\w+)\s*"
                                  r"(?:\[\s*(\w+)\s*\])?\s*;", body):
                typ = " ".join(mm.group(1).split())
                size = TYPE_SIZES.get(typ)
                count = 1
                if mm.group(3):
                    count = c_eval(mm.group(3), self.env)
                if size is None or count is None:
                    self.diff(f"{UAPI}:{line_of(self.uapi, m.start())}",
                              f"struct {m.group(1)}: cannot size '{typ}'")
                    members = None
                    break
                off = (off + size - 1) // size * size
                align = max(align, size)
                shown = f"{typ}[{mm.group(3)}]" if mm.group(3) else typ
                members.append((mm.group(2), shown, off))
                off += size * count
            if members is not None:
                size = (off + align - 1) // align * align
                structs[m.group(1)] = (members, size,
                                       line_of(self.uapi, m.start()))
        labels = {m.group(1) for m in re.finditer(
            r"^\.\. _interface-struct-(\w+):", self.doc, re.M)}
        for name in sorted(labels - set(structs)):
            self.diff(DOC, f"interface-struct-{name}: no struct {name} in {UAPI}")
        for name, (members, size, line) in structs.items():
            if name not in labels:
                self.diff(f"{UAPI}:{line}", f"struct {name} has no "
                          f"interface-struct-{name} table in {DOC}")
                continue
            rows = self.table(f"interface-struct-{name}", 3)
            if rows is None:
                continue
            doc = [(n, cs[0], " ".join(cs[1].split()), cs[2]) for n, cs in rows]
            for k in range(max(len(doc), len(members))):
                if k >= len(doc):
                    mem, typ, off = members[k]
                    self.diff(f"{UAPI}:{line}", f"struct {name}: member {mem} "
                              f"({typ}, offset {off}) is not in {DOC}")
                    continue
                n, dmem, dtyp, doff = doc[k]
                if k >= len(members):
                    self.diff(self.doc_line(n), f"struct {name}: no member "
                              f"{dmem} in {UAPI}")
                    continue
                mem, typ, off = members[k]
                if (dmem, dtyp, doff) != (mem, typ, str(off)):
                    self.diff(self.doc_line(n),
                              f"struct {name}: '{dmem} {dtyp} {doff}' here, "
                              f"'{mem} {typ} {off}' in {UAPI}")
            m = re.search(r"``struct " + re.escape(name) +
                          r"``\s+is\s+(\d+)\s+bytes", self.doc)
            if not m:
                self.diff(DOC, f"no \"``struct {name}`` is {size} bytes\"")
            elif m.group(1) != str(size):
                self.diff(self.doc_line(line_of(self.doc, m.start())),
                          f"struct {name} is {m.group(1)} bytes here, "
                          f"{size} by {UAPI}")
        self.counts["structs"] = len(structs)

    def code_states(self):
        """{TCPFSM_NAME: (number, line)} of enum tcpfsm_state, or None."""
        enum = c_enum(self.uapi, "tcpfsm_state")
        if enum is None:
            self.diff(UAPI, "no enum tcpfsm_state")
            return None
        return {name: (val, line) for name, val, line in enum
                if not re.search(r"_MAX|_NR_", name)}

    # (c) states: the enum, and the names proc.c and trace.h print
    def check_states(self):
        code = self.code_states()
        if code is None:
            return
        rows = self.table("interface-states", 2)
        if rows is None:
            return
        names = {}
        for n, cs in rows:
            cname = "TCPFSM_" + cs[0]
            names[cname] = cs[0]
            if cname not in code:
                self.diff(self.doc_line(n), f"state {cs[0]}: no {cname} in "
                          f"enum tcpfsm_state")
            elif str(code[cname][0]) != cs[1]:
                self.diff(self.doc_line(n), f"state {cs[0]} is {cs[1]} here, "
                          f"{code[cname][0]} in {UAPI}:{code[cname][1]}")
        for cname, (val, line) in code.items():
            if cname not in names:
                self.diff(f"{UAPI}:{line}", f"state {cname} = {val} is not "
                          f"in {DOC}")
        self.counts["states"] = len(rows)
        self.state_names = names

        proc = strip_c_comments(self.read(PROC))
        body, off = initializer(proc, "tcpfsm_state_names")
        if body is None:
            self.diff(PROC, "no tcpfsm_state_names[]")
        else:
            got = dict(re.findall(r"\[\s*(\w+)\s*\]\s*=\s*\"([^\"]*)\"", body))
            self.compare_state_names(got, f"{PROC}:{line_of(proc, off)}",
                                     "tcpfsm_state_names")
        trace = strip_c_comments(self.read(TRACE))
        got = dict(symbolic(trace, "tcpfsm_show_state"))
        if got:
            self.compare_state_names(got, TRACE, "the tracepoint's state names")

    def compare_state_names(self, got, where, what):
        for cname, name in self.state_names.items():
            if cname not in got:
                self.diff(where, f"{what}: no name for {cname}")
            elif got[cname] != name:
                self.diff(where, f"{what}: {cname} prints as '{got[cname]}', "
                          f"{DOC} says '{name}'")
        for cname in got:
            if cname not in self.state_names:
                self.diff(where, f"{what}: {cname} is not a documented state")

    def code_counters(self):
        """(function, its line, [names in the order printed]) of
        /proc/net/tcpfsm_stat, "FROM_TO" for the transitions; or None."""
        proc = strip_c_comments(self.read(PROC))
        internal = strip_c_comments(self.read(INTERNAL_H))
        arrays = {}
        for m in re.finditer(r"\b(\w+)\s*\[\s*(\w*)\s*\]\s*=\s*\{", proc):
            body, _ = braced(proc, m.end() - 1)
            ents = re.findall(r"\[\s*(\w+)\s*\]\s*=\s*\"([A-Za-z]\w*)\"", body)
            if ents and m.group(1) != "tcpfsm_state_names":
                arrays[m.group(1)] = ents
        printed = []
        shows = [f for f in functions(proc, r"\w+") if
                 re.search(r"\bseq_printf\b", f[1]) and
                 (re.search(r"seq_printf\s*\([^;]*\"[A-Za-z]\w* %", f[1]) or
                  any(re.search(r"\b" + a + r"\s*\[", f[1]) for a in arrays))]
        if not shows:
            self.diff(PROC, "no function printing /proc/net/tcpfsm_stat found")
            return None
        name, body, off = shows[0]
        events = []
        for a, ents in arrays.items():
            for m in re.finditer(r"\b" + a + r"\s*\[", body):
                order = {n: k for k, n in enumerate(self.enum_members(internal,
                                                                     ents))}
                names = [s for e, s in sorted(ents, key=lambda x:
                                              order.get(x[0], 1 << 30))]
                events.append((m.start(), names))
                break
        for m in re.finditer(r"\bseq_printf\s*\(\s*\w+\s*,\s*\"([A-Za-z]\w*) %",
                             body):
            events.append((m.start(), [m.group(1)]))
        transitions = re.search(r"\"%s_%s %", body)
        if transitions:
            events.append((transitions.start(), ["FROM_TO"]))
        for _, names in sorted(events):
            printed.extend(names)
        return name, line_of(proc, off), printed

    # (d) the counters of /proc/net/tcpfsm_stat, in the order printed
    def check_counters(self):
        code = self.code_counters()
        if code is None:
            return
        name, line, printed = code
        rows = self.table("interface-stat-counters", 2)
        if rows is None:
            return
        doc = [cs[0] for _, cs in rows]
        where = f"{PROC}:{line}"
        if doc != printed:
            missing = [c for c in printed if c not in doc]
            extra = [c for c in doc if c not in printed]
            if missing:
                self.diff(where, f"{name}() prints {', '.join(missing)}, "
                          f"not in {DOC}")
            if extra:
                self.diff(DOC, f"counters {', '.join(extra)} are not printed "
                          f"by {PROC}")
            if not missing and not extra:
                self.diff(DOC, f"counters in the order {', '.join(doc)}; "
                          f"{PROC} prints {', '.join(printed)}")
        self.counts["counters"] = len([c for c in doc if c != "FROM_TO"])

    @staticmethod
    def enum_members(src, ents):
        """The member order of the enum that holds the first index of ents."""
        first = ents[0][0]
        for m in re.finditer(r"\benum\s+(\w+)\s*\{", src):
            body, _ = braced(src, m.end() - 1)
            members = re.findall(r"^\s*(\w+)\s*(?:=[^,]*)?,?", body, re.M)
            if first in members:
                return members
        return [e for e, _ in ents]

    # the formats of /proc/net/tcpfsm
    def check_proc_formats(self):
        want = ".. _interface-proc-formats:"
        try:
            i = next(k for k, ln in enumerate(self.lines) if ln.strip() == want)
        except StopIteration:
            self.diff(DOC, f"no label '{want}'")
            return
        fmts = []
        for k in range(i + 1, len(self.lines)):
            ln = self.lines[k]
            m = re.match(r"^\s+(\w+)\s+\"(.*)\"\s*$", ln)
            if m:
                fmts.append((k + 1, m.group(1), m.group(2)))
            elif fmts and not ln.strip():
                break
            elif ln.strip() and not ln.strip().startswith("::") and fmts:
                break
        if not fmts:
            self.diff(self.doc_line(i + 1), "no formats after the label")
            return
        proc = strip_c_comments(self.read(PROC))
        lits = set()
        for m in re.finditer(r"\bseq_(?:printf|puts)\s*\(\s*\w+\s*,", proc):
            end = proc.find(";", m.end())
            call = proc[m.end():end]
            s = c_strings(call)
            if s:
                lits.add(s[0])
        for n, key, fmt in fmts:
            if fmt not in lits:
                self.diff(self.doc_line(n), f"{key} format \"{fmt}\" is not "
                          f"printed by {PROC}")
        self.counts["/proc formats"] = len(fmts)

    def code_sysctls(self):
        """{name: (default, min, max, line, default's line)} of
        module/netns.c, the values as strings ("-" for no bound, "?" for
        one not computed); or None."""
        raw = self.read(NETNS)
        src = strip_c_comments(raw)
        env = dict(self.env)
        for path in (INTERNAL_H, NETNS):
            for k, (v, _) in c_defines(strip_c_comments(self.read(path))
                                       if path != NETNS else src).items():
                env.setdefault(k, v)
        for m in re.finditer(r"\bstatic\s+(?:const\s+)?(?:unsigned\s+)?int\s+"
                             r"(\w+)\s*(?:=\s*([^;]+))?;", src):
            env[m.group(1)] = c_eval(m.group(2), env) if m.group(2) else 0
        body, off = initializer(src, "tcpfsm_sysctl_defaults")
        if body is None:
            self.diff(NETNS, "no tcpfsm_sysctl_defaults")
            return None
        defaults = {}
        for m in re.finditer(r"\.(\w+)\s*=\s*([^,]+)", body):
            val = c_eval(m.group(2), env)
            ref = re.fullmatch(r"&\s*(\w+)", m.group(2).strip())
            if val is None and ref:
                val = self.ops_name(ref.group(1))
            defaults[m.group(1)] = (val, line_of(src, off + m.start()))
        tbody, toff = initializer(src, "tcpfsm_sysctls")
        if tbody is None:
            self.diff(NETNS, "no tcpfsm_sysctls[]")
            return None
        entries = {}
        for m in re.finditer(r"\b\w+\s*\(\s*(\w+)\s*,\s*([^,()]+)\s*,"
                             r"\s*([^,()]+)\s*[,)]", tbody):
            entries[m.group(1)] = (m.group(2), m.group(3),
                                   line_of(src, toff + m.start()))
        for m in re.finditer(r"\{\s*\"(\w+)\"\s*,\s*offsetof\s*\([^)]*\)\s*,"
                             r"\s*([^,}]+)\s*,\s*([^,}]+)", tbody):
            entries[m.group(1)] = (m.group(2), m.group(3),
                                   line_of(src, toff + m.start()))

        def bound(expr):
            expr = expr.strip()
            if expr in ("NULL", "0"):
                return "-"
            v = c_eval(expr.lstrip("&").strip(), env)
            return "?" if v is None else str(v)

        out = {}
        for name, (lo, hi, line) in entries.items():
            dflt = defaults.get(name, (0, line))
            out[name] = (str(dflt[0]), bound(lo), bound(hi), line, dflt[1])
        return out

    # (b) sysctls: names, defaults, bounds
    def check_sysctls(self):
        entries = self.code_sysctls()
        if entries is None:
            return
        rows = self.table("interface-sysctls", 4)
        if rows is None:
            return
        seen = set()
        for n, cs in rows:
            name = cs[0]
            seen.add(name)
            if name not in entries:
                self.diff(self.doc_line(n), f"sysctl {name} is not in "
                          f"tcpfsm_sysctls[] ({NETNS})")
                continue
            dflt, lo, hi, line, dline = entries[name]
            doc = tuple(cs[1:4])
            for what, d, c, ln in (("default", doc[0], dflt, dline),
                                   ("min", doc[1], lo, line),
                                   ("max", doc[2], hi, line)):
                if d != c:
                    self.diff(self.doc_line(n), f"sysctl {name}: {what} {d} "
                              f"here, {c} in {NETNS}:{ln}")
        for name, (_, _, _, line, _) in entries.items():
            if name not in seen:
                self.diff(f"{NETNS}:{line}", f"sysctl {name} is not in {DOC}")
        self.counts["sysctls"] = len(rows)

    def ops_name(self, sym):
        """The .name of the initialized table @sym in module/*.c, or None."""
        for path in sorted((self.top / "module").glob("*.c")):
            src = strip_c_comments(path.read_text())
            body, _ = initializer(src, sym)
            if body is not None:
                m = re.search(r"\.name\s*=\s*\"(\w+)\"", body)
                if m:
                    return m.group(1)
        return None

    # the loss recovery states: cong.h's enum, the names trace.h prints
    def check_ca_states(self):
        cong = strip_c_comments(self.read(CONG_H))
        enum = c_enum(cong, "tcpfsm_ca_state")
        if enum is None:
            self.diff(CONG_H, "no enum tcpfsm_ca_state")
            return
        code = {name: (val, line) for name, val, line in enum}
        rows = self.table("interface-ca-states", 3)
        if rows is None:
            return
        printed = dict(symbolic(strip_c_comments(self.read(TRACE)),
                                "tcpfsm_show_ca_state"))
        seen = set()
        for n, cs in rows:
            cname = "TCPFSM_CA_" + cs[0].upper()
            seen.add(cname)
            if cname not in code:
                self.diff(self.doc_line(n), f"ca state {cs[0]}: no {cname} "
                          f"in enum tcpfsm_ca_state ({CONG_H})")
                continue
            if str(code[cname][0]) != cs[1]:
                self.diff(self.doc_line(n), f"ca state {cs[0]} is {cs[1]} "
                          f"here, {code[cname][0]} in {CONG_H}:"
                          f"{code[cname][1]}")
            if printed.get(cname) != cs[2]:
                self.diff(self.doc_line(n), f"ca state {cs[0]} prints as "
                          f"'{cs[2]}' here, '{printed.get(cname)}' in {TRACE}")
        for cname, (val, line) in code.items():
            if cname not in seen:
                self.diff(f"{CONG_H}:{line}", f"ca state {cname} = {val} is "
                          f"not in {DOC}")
        self.counts["ca states"] = len(rows)

    # the tracepoints: events and their fields
    def check_trace(self):
        src = strip_c_comments(self.read(TRACE))
        # What user space can parse: enum names exported, no '&' argument.
        defined = set(re.findall(r"\bTRACE_DEFINE_ENUM\s*\(\s*(\w+)\s*\)",
                                 src))
        enums = set()
        for path in (UAPI, CONG_H):
            text = strip_c_comments(self.read(path))
            for m in re.finditer(r"\benum\s+\w+\s*\{", text):
                body, _ = braced(text, m.end() - 1)
                enums.update(re.findall(r"^\s*(\w+)\s*(?:=[^,]*)?,?", body,
                                        re.M))
        for m in re.finditer(r"\{\s*(\w+)\s*,\s*\"[^\"]*\"\s*\}", src):
            if m.group(1) in enums and m.group(1) not in defined:
                self.diff(f"{TRACE}:{line_of(src, m.start())}",
                          f"{m.group(1)} is printed by name without "
                          f"TRACE_DEFINE_ENUM({m.group(1)})")
        for m in re.finditer(r"\bTP_printk\s*\(", src):
            depth, k = 1, m.end()
            while k < len(src) and depth:
                depth += {"(": 1, ")": -1}.get(src[k], 0)
                k += 1
            args = re.sub(r'"(?:[^"\\]|\\.)*"', '""', src[m.end():k - 1])
            for a in re.finditer(r"(?:^|[,(])\s*&", args):
                self.diff(f"{TRACE}:{line_of(src, m.start() + a.start())}",
                          "TP_printk() takes an address (unary '&'), which "
                          "libtraceevent cannot parse")
        system = re.search(r"#\s*define\s+TRACE_SYSTEM\s+(\w+)", src)
        system = system.group(1) if system else "?"
        events = {}
        for m in re.finditer(r"\bTRACE_EVENT\s*\(\s*(\w+)\s*,", src):
            e = re.search(r"TP_STRUCT__entry\s*\(", src[m.end():])
            fields = []
            if e:
                start = m.end() + e.end()
                depth, k = 1, start
                while k < len(src) and depth:
                    depth += {"(": 1, ")": -1}.get(src[k], 0)
                    k += 1
                for f in re.finditer(r"__(field|field_struct|array|string)\s*"
                                     r"\(([^()]*)\)", src[start:k]):
                    args = [a.strip() for a in f.group(2).split(",")]
                    if f.group(1) in ("field", "field_struct"):
                        fields.append((args[-1], " ".join(args[0].split())))
                    elif f.group(1) == "array":
                        fields.append((args[1], f"{args[0]}[{args[2]}]"))
                    else:
                        fields.append((args[0], "string"))
            events[m.group(1)] = (fields, line_of(src, m.start()))
        labels = set(re.findall(r"^\.\. _interface-trace-(\w+):", self.doc,
                                re.M))
        for name in sorted(labels - set(events)):
            self.diff(DOC, f"interface-trace-{name}: no such event in {TRACE}")
        nfields = 0
        for name, (fields, line) in events.items():
            if f"``{system}:{name}``" not in self.doc:
                self.diff(f"{TRACE}:{line}", f"event {system}:{name} is not "
                          f"named in {DOC}")
            if name not in labels:
                self.diff(f"{TRACE}:{line}", f"event {name} has no "
                          f"interface-trace-{name} table in {DOC}")
                continue
            rows = self.table(f"interface-trace-{name}", 2)
            if rows is None:
                continue
            doc = [(n, cs[0], " ".join(cs[1].split())) for n, cs in rows]
            if [(f, t) for _, f, t in doc] != fields:
                self.diff(self.doc_line(doc[0][0] if doc else 1),
                          f"{name} fields here: "
                          f"{', '.join(f'{t} {f}' for _, f, t in doc)}; in "
                          f"{TRACE}:{line}: "
                          f"{', '.join(f'{t} {f}' for f, t in fields)}")
            nfields += len(fields)
        self.counts["tracepoints"] = len(events)
        self.counts["trace fields"] = nfields


def main():
    top = sys.argv[1] if len(sys.argv) > 1 else \
        Path(__file__).resolve().parent.parent
    c = Interface(top)
    c.run()
    if c.errors:
        for e in c.errors:
            print(e)
        print(f"{len(c.errors)} difference(s) between {DOC} and the code")
        return 1
    linux = c.counts.pop("Linux header", None)
    parts = [f"{v} {k}" for k, v in c.counts.items()]
    print(f"ok: {DOC} matches the code: {', '.join(parts)}" +
          (f"; Linux option numbers checked against {linux}" if linux else
           "; Linux option numbers not checked (no <linux/tcp.h>)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
