#!/usr/bin/env python3
"""perfcheck: a regression gate on the instruction counts of the core kernels.

Runs bench/rvperfcheck under callgrind (each kernel is one measured call
between client requests, see rvperfcheck.c) and compares every kernel's
instruction count with bench/perfcheck-baseline.txt.  A kernel fails when it
needs more than 3 % more instructions than its baseline.  Instruction counts
do not depend on how busy the machine is, so the gate cannot be made flaky
by other jobs; they do depend on the toolchain, so the baseline records the
one it was measured with (architecture and the CPU's AVX and FMA, compiler,
C library, valgrind, build type) and the counts are only compared on that
toolchain.  glibc's own CPU dispatch is
pinned to its baseline x86-64 routines (GLIBC_TUNABLES), so the host's CPU
features do not change which libc/libm code runs.

  tools/perfcheck.py --build BUILD_DIR            compare (exit 1 on a regression)
  tools/perfcheck.py --build BUILD_DIR --update   rewrite the baseline file;
      commit it on its own, saying why the counts changed.
"""
import argparse
import glob
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile

LIMIT = 1.03
HERE = os.path.dirname(os.path.abspath(__file__))
BASELINE = os.path.join(HERE, '..', 'bench', 'perfcheck-baseline.txt')
TUNABLES = ('glibc.cpu.hwcaps=-AVX,-AVX2,-FMA,-FMA4,-AVX512F,-AVX512VL,-AVX512BW,'
            '-AVX512DQ,-ERMS,-FSRM,-BMI1,-BMI2,-LZCNT,-MOVBE,-POPCNT,-SSSE3,-SSE4_1,-SSE4_2')


def first_line(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        return (out.stdout or out.stderr).splitlines()[0].strip()
    except (OSError, IndexError):
        return 'unknown'


def toolchain(build):
    buildtype = 'unknown'
    try:
        with open(os.path.join(build, 'meson-info', 'intro-buildoptions.json')) as f:
            for opt in json.load(f):
                if opt['name'] == 'buildtype':
                    buildtype = opt['value']
    except (OSError, ValueError, KeyError):
        pass
    cc = os.environ.get('CC', 'cc')
    # the compiler's name and version, without a distribution's revision
    m = re.match(r'(\S+).*?(\d+\.\d+(\.\d+)?)\s*$', first_line([cc, '--version']))
    compiler = '%s %s' % (m.group(1), m.group(2)) if m else 'unknown'
    libc = os.confstr('CS_GNU_LIBC_VERSION') if 'CS_GNU_LIBC_VERSION' in os.confstr_names else 'unknown'
    return ' | '.join([machine(), compiler, libc,
                       first_line(['valgrind', '--version']), buildtype])


def machine():
    """The architecture and the CPU features that choose code paths the gate
    cannot pin: the CIR kernels' AVX rows are skipped without AVX, and rvmath
    takes its FMA variants where the CPU has FMA (without, its portable ones
    call the C library's exact fma: several times the instructions)."""
    arch = platform.machine()
    flags = set()
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('flags'):
                    flags = set(line.split(':', 1)[1].split())
                    break
    except OSError:
        pass
    if os.environ.get('RV_MATH_FMA', '').startswith('0'):
        flags.discard('fma')
    return '+'.join([arch] + [f for f in ('avx', 'fma') if f in flags])


def measure(build):
    exe = os.path.join(build, 'bench', 'rvperfcheck')
    if not os.path.exists(exe):
        sys.exit('perfcheck: %s is missing (benchmarks disabled, or no valgrind headers)' % exe)
    if not shutil.which('valgrind'):
        sys.exit('perfcheck: valgrind is not installed')
    env = dict(os.environ, GLIBC_TUNABLES=TUNABLES, LD_BIND_NOW='1')
    counts = {}
    with tempfile.TemporaryDirectory(prefix='perfcheck') as tmp:
        out = os.path.join(tmp, 'cg')
        run = subprocess.run(['valgrind', '--tool=callgrind', '--instr-atstart=no',
                              '--callgrind-out-file=' + out, exe],
                             env=env, capture_output=True, text=True)
        if run.returncode != 0:
            sys.stderr.write(run.stderr)
            sys.exit('perfcheck: rvperfcheck failed under callgrind')
        for path in glob.glob(out + '.*'):
            name = total = None
            with open(path) as f:
                for line in f:
                    m = re.match(r'desc: Trigger: Client Request: (\S+)', line)
                    if m:
                        name = m.group(1)
                    m = re.match(r'summary: (\d+)', line)
                    if m:
                        total = int(m.group(1))
            if name and total is not None:
                counts[name] = total
    return counts


def read_baseline():
    tool, base = None, {}
    with open(BASELINE) as f:
        for line in f:
            line = line.rstrip('\n')
            if line.startswith('toolchain: '):
                tool = line[len('toolchain: '):]
            elif line and not line.startswith('#'):
                name, value = line.split()
                base[name] = int(value)
    return tool, base


def write_baseline(tool, counts):
    with open(BASELINE, 'w') as f:
        f.write('# ./run perfcheck: instructions (callgrind Ir) of one call of each core\n'
                '# kernel (bench/rvperfcheck.c).  A kernel fails the gate above 1.03 times\n'
                '# its count here.  Rewrite with `./run perfcheck --update` only in a\n'
                '# commit of its own that says why the counts changed.\n')
        f.write('toolchain: %s\n' % tool)
        for name in sorted(counts):
            f.write('%s %d\n' % (name, counts[name]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--build', required=True, help='meson build directory')
    ap.add_argument('--update', action='store_true', help='rewrite the baseline file')
    args = ap.parse_args()

    tool = toolchain(args.build)
    counts = measure(args.build)
    if not counts:
        sys.exit('perfcheck: no kernel was measured')
    if args.update:
        write_baseline(tool, counts)
        print('perfcheck: wrote %d kernels to %s' % (len(counts), os.path.relpath(BASELINE)))
        return 0

    base_tool, base = read_baseline()
    same = base_tool == tool
    failed = []
    print('%-34s %14s %14s %8s' % ('kernel', 'baseline', 'now', 'ratio'))
    for name in sorted(set(base) | set(counts)):
        b, n = base.get(name), counts.get(name)
        if n is None:
            print('%-34s %14d %14s %8s' % (name, b, '-', 'skipped'))
            continue
        if b is None:
            print('%-34s %14s %14d %8s' % (name, '-', n, 'new'))
            continue
        ratio = n / b
        flag = ''
        if ratio > LIMIT:
            flag = '  REGRESSION'
            failed.append(name)
        elif ratio < 1 / LIMIT:
            flag = '  (faster: update the baseline)'
        print('%-34s %14d %14d %8.4f%s' % (name, b, n, ratio, flag))
    if not same:
        print('perfcheck: toolchain differs from the baseline\'s, counts not compared\n'
              '  baseline: %s\n  here:     %s' % (base_tool, tool))
        return 0
    new = sorted(set(counts) - set(base))
    if new:
        print('perfcheck: no baseline for %s (run --update)' % ', '.join(new))
        return 1
    if failed:
        print('perfcheck: FAILED, more than %d %% more instructions: %s'
              % (round((LIMIT - 1) * 100), ', '.join(failed)))
        return 1
    print('perfcheck: %d kernels within %d %% of the baseline'
          % (len(counts), round((LIMIT - 1) * 100)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
