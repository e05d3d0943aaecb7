#!/usr/bin/env python3
"""The numeric core is linked once: every plugin and libgstruview use the one
shared libruview, which exports only its rv_* API (no BLAKE3 or other
third-party symbols), and libgstruview exports only gst_rv_* / GST_RV_*.

usage: linkage.py NM LIBRUVIEW LIBGSTRUVIEW PLUGIN..."""
import subprocess
import sys


def symbols(nm, path, dynamic):
    args = [nm, '--defined-only'] + (['-D'] if dynamic else []) + [path]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] not in ('A',):
            syms.append(parts[2])
    return syms


def main():
    nm, core, gstlib, plugins = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    failures = []
    exported = symbols(nm, core, True)
    bad = [s for s in exported if not s.startswith('rv_')]
    if bad:
        failures.append(f'{core} exports non-rv_ symbols: {bad[:10]}')
    if not any(s.startswith('rv_') for s in exported):
        failures.append(f'{core} exports no rv_ symbol')
    bad = [s for s in symbols(nm, gstlib, True)
           if not s.startswith(('gst_rv_', 'gst_buffer_add_rv_',
                                     'gst_buffer_get_rv_'))]
    if bad:
        failures.append(f'{gstlib} exports foreign symbols: {bad[:10]}')
    for lib in [gstlib] + plugins:
        copies = [s for s in symbols(nm, lib, False) if s.startswith('rv_')]
        if copies:
            failures.append(f'{lib} carries its own copy of {len(copies)} core '
                            f'functions, e.g. {copies[:5]}')
    for f in failures:
        print('FAIL:', f)
    print(f'checked {len(plugins)} plugins, {len(exported)} core exports')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
