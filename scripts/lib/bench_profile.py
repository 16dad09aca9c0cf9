#!/usr/bin/env python3
"""scripts/bench --profile: where a no-op ipv6-reconcile run spends its instructions and its memory,
against the replay engine (scripts/lib/replay_engine.py) serving the answers scripts/bench
recorded, at each size given.

valgrind --tool=callgrind counts instructions (repeatable, unlike times on a shared machine); the
run's phases are read from the inclusive costs of their functions, and the hottest functions from
the exclusive ones, demangled with swift-demangle. valgrind --tool=massif gives the heap at its
peak, by allocation site. Prints Markdown tables on stdout.
Usage: bench_profile.py --tool BINARY_WITH_DEBUG_INFO --recordings DIR --workdir DIR [--sizes 300,10000]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

LIB = os.path.dirname(os.path.abspath(__file__))

# (label, regex on the demangled function name, indent): inclusive costs, the largest match.
PHASES = [
    ("whole process", None, 0),
    ("outside main.swift (loader, runtime start-up, static initializers, exit)", "OUTSIDE_MAIN", 1),
    ("main.swift", r"^ipv6_reconcile_main$", 1),
    ("GET /_ping (negotiate)", r"DockerEngineClient\.negotiate\(", 2),
    ("GET /containers/json (listContainers)", r"DockerEngineClient\.listContainers\(withLabel:\)$", 2),
    ("GET /networks (listNetworks)", r"DockerEngineClient\.listNetworks\(\)$", 2),
    ("  of which HTTP transport (EngineTransport.perform)", r"EngineTransport\.perform\(", 3),
    ("  of which JSONDecoder.decode (both lists)", r"^JSONDecoder\.decode<A>\(_:from:\)$", 3),
    ("Plan.init", r"^Plan\.init\(observation:policy:\)$", 2),
    ("  of which IPv6TextParser.address (address text parsing)", r"IPv6TextParser\.address\(ofBytes:\)$", 3),
    ("  of which NetworkLabel.references (label splitting)", r"NetworkLabel\.references\(in:\)$", 3),
    ("  of which Plan.resolvingConflicts", r"Plan\.resolvingConflicts\(", 3),
    ("  of which NetworkPrefix.of (subnet per pair)", r"NetworkPrefix\.of\(", 3),
    ("  of which NetworkResolver.resolve", r"NetworkResolver\.resolve\(", 3),
    ("  of which MD5", r"\bMD5\.", 3),
    ("  of which sorting", r"^(specialized )?(Plan\.init.*closure|.*MutableCollection.*sort|.*_merge|.*_insertionSort|.*Sequence\.sorted)", 3),
    ("report and state file (RunOutcome, TextReport, logConditions)", r"^(RunOutcome\.init|TextReport\.lines|logConditions)", 2),
    ("across all phases: swift_getGenericMetadata", r"^_?swift_getGenericMetadata", 1),
    ("across all phases: malloc + free", "MALLOC", 1),
    ("across all phases: swift_retain + swift_release", "RC", 1),
]

LINE = re.compile(r"^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.*)$")


def annotate(path, inclusive, demangle):
    """[(Ir, file, function)] from callgrind_annotate, demangled."""
    text = subprocess.run(["callgrind_annotate", "--auto=no", f"--inclusive={'yes' if inclusive else 'no'}", "--threshold=100", path],
                          capture_output=True, text=True, check=True).stdout
    if demangle:
        text = subprocess.run([demangle, "--simplified"], input=text, capture_output=True, text=True, check=True).stdout
    rows = []
    started = False
    for line in text.splitlines():
        if "file:function" in line:
            started = True
            continue
        match = LINE.match(line) if started else None
        if not match:
            continue
        ir = int(match.group(1).replace(",", ""))
        rest = re.sub(r" \[[^\]]*\]$", "", match.group(2))
        if rest == "PROGRAM TOTALS":
            continue
        file, _, function = rest.partition(":")
        rows.append((ir, file, function))
    return rows


def total_ir(path):
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise RuntimeError(f"no totals in {path}")


GENERIC_FRAME = re.compile(r"swift_slowAlloc|swift_allocObject|_ContiguousArrayBuffer|Array\.append|Array\.init|Array\.reserve|"
                           r"__DataStorage|\bData\.|closure #|withUnsafeBytes|AbsOriFnName|partial apply|heap allocation|"
                           r"malloc|realloc|calloc|_copySequenceContents|_copyContents|String\.|_StringGuts|_StringObject")


def massif_peak(path, demangle):
    """(peak bytes, [(bytes, holder, callers)]) at the peak snapshot: every leaf allocation stack,
    named by its first frame that is not the allocator, the runtime or a standard container."""
    text = subprocess.run(["ms_print", "--threshold=0.5", path], capture_output=True, text=True, check=True).stdout
    if demangle:
        text = subprocess.run([demangle, "--simplified"], input=text, capture_output=True, text=True, check=True).stdout
    peak = re.search(r"Detailed snapshots: \[[^\]]*?(\d+) \(peak\)", text)
    if not peak:
        return None, []
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"^\s+{peak.group(1)}\s+[\d,]+\s+[\d,]+", line))
    total = int(lines[start].split()[2].replace(",", ""))
    nodes = []
    for line in lines[start + 1:]:
        if line.startswith("---") or re.match(r"^\s+\d+\s+[\d,]+\s+[\d,]+", line):
            break
        match = re.match(r"^([| ]*)->\s*[\d.]+% \(([\d,]+)B\) (?:0x[0-9A-Fa-f]+: )?(.*)$", line)
        if match:
            name = re.sub(r" \((in )?/[^()]*\)$| \(<compiler-generated>:\d+\)$", "", match.group(3))
            nodes.append((len(match.group(1)) // 2, int(match.group(2).replace(",", "")), name))
    held = {}
    stack = []
    for index, (depth, size, name) in enumerate(nodes):
        del stack[depth:]
        stack.append(name)
        if index + 1 < len(nodes) and nodes[index + 1][0] > depth:
            continue  # not a leaf
        if "below ms_print's threshold" in name:
            continue
        frames = [f for f in stack if not GENERIC_FRAME.search(f)]
        if not frames:
            continue
        holder = frames[0]
        callers = " ← ".join(frames[1:3])
        key = (holder, callers)
        held[key] = held.get(key, 0) + size
    return total, sorted(((size, holder, callers) for (holder, callers), size in held.items()), reverse=True)


def start_replay(size, args, work):
    sock = os.path.join(work, f"profile-replay-{size}.sock")
    log = os.path.join(work, f"profile-replay-{size}.log")
    process = subprocess.Popen([sys.executable, os.path.join(LIB, "replay_engine.py"), sock,
                                os.path.join(args.recordings, "recorded-containers.json"),
                                os.path.join(args.recordings, "recorded-networks.json"), str(size), log],
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True)
    ready = process.stdout.readline().split()
    if not ready or ready[0] != "ready":
        process.kill()
        raise RuntimeError(f"the replay engine for {size} containers did not start")
    return process, sock, int(ready[1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", required=True)
    parser.add_argument("--recordings", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--sizes", default="300,10000")
    args = parser.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    demangle = shutil.which("swift-demangle")
    for size in (int(s) for s in args.sizes.split(",")):
        process, sock, body = start_replay(size, args, args.workdir)
        try:
            base = [args.tool, "--host", "unix://" + sock, "--lock-file", os.path.join(args.workdir, "lock"),
                    "--state-file", os.path.join(args.workdir, "state")]
            cg_out = os.path.join(args.workdir, f"callgrind.{size}.out")
            print(f"bench: callgrind, {size} containers", file=sys.stderr, flush=True)
            run = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={cg_out}"] + base,
                                 capture_output=True, text=True)
            if run.returncode != 0 or run.stdout.strip():
                raise RuntimeError(f"the profiled run exited {run.returncode}: {run.stdout[-300:]} {run.stderr[-300:]}")
            ms_out = os.path.join(args.workdir, f"massif.{size}.out")
            print(f"bench: massif, {size} containers", file=sys.stderr, flush=True)
            subprocess.run(["valgrind", "--tool=massif", f"--massif-out-file={ms_out}"] + base,
                           capture_output=True, text=True, check=True)
        finally:
            process.terminate()
            process.wait()

        total = total_ir(cg_out)
        inclusive = annotate(cg_out, True, demangle)
        exclusive = annotate(cg_out, False, demangle)
        names = [(ir, fn) for ir, _, fn in inclusive if not fn.endswith("'2")]

        def cost(pattern):
            if pattern is None:
                return total
            if pattern == "OUTSIDE_MAIN":
                main_ir = max((ir for ir, fn in names if fn == "ipv6_reconcile_main"), default=0)
                return total - main_ir
            if pattern == "MALLOC":
                return sum(ir for ir, _, fn in exclusive if fn in ("malloc", "free", "_int_free", "_int_malloc", "malloc_consolidate", "realloc", "_int_realloc", "unlink_chunk.constprop.0", "cfree"))
            if pattern == "RC":
                return sum(ir for ir, _, fn in exclusive if re.match(r"^swift_(retain|release|bridgeObjectRetain|bridgeObjectRelease)$|doDecrementSlow|swift_deallocObject|swift_deallocClassInstance", fn))
            regex = re.compile(pattern)
            return max((ir for ir, fn in names if regex.search(fn)), default=0)

        print()
        print(f"Profile of a no-op run, replay engine with {size:,} containers (containers response {body / (1 << 20):.2f} MiB): "
              f"callgrind, {total:,} instructions ({total / size:,.0f} per container)")
        print()
        print("| phase (inclusive) | instructions | share | per container |")
        print("|---|---:|---:|---:|")
        for label, pattern, indent in PHASES:
            ir = cost(pattern)
            print(f"| {'&nbsp;' * 2 * indent}{label} | {ir:,} | {100 * ir / total:.1f}% | {ir / size:,.0f} |")
        print()
        print("| hottest functions (exclusive) | instructions | share |")
        print("|---|---:|---:|")
        for ir, file, fn in sorted(exclusive, reverse=True)[:15]:
            where = "" if file == "???" else f" ({os.path.basename(file)})"
            print(f"| `{fn[:110]}`{where} | {ir:,} | {100 * ir / total:.1f}% |")
        peak, sites = massif_peak(ms_out, demangle)
        if peak:
            print()
            print(f"| heap at its peak (massif): {peak / (1 << 20):.1f} MiB, by allocation site | MiB | share |")
            print("|---|---:|---:|")
            for nbytes, holder, callers in sites[:8]:
                print(f"| `{holder[:80]}`{' ← ' + callers[:120] if callers else ''} | {nbytes / (1 << 20):.1f} | {100 * nbytes / peak:.1f}% |")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
