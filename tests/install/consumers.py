#!/usr/bin/env python3
"""The installed API, used the way an application uses it.

`meson install` into a staging directory, then:
  * every installed header of gst/ruview/ is reachable from the umbrella
    ruview.h, and none names a header that is not installed (the core's);
  * docs/examples/rvread.c is compiled with nothing but
    `pkg-config --cflags --libs gstreamer-ruview-1.0 gstreamer-app-1.0`
    against the staged files, and run with the staged plugins;
  * docs/examples/rvread.py is run with only the staged typelib;
each reads the metas of a real chain from an appsink while the same run
writes rvmetaconvert's JSON through a tee, and every value each program
printed must equal the JSON's.

usage: consumers.py MESON BUILD_ROOT SOURCE_ROOT CC GI_PYTHON|- SYSTEM_PLUGINS_DIR
(exit 77 = skipped, with the reason)"""
import glob
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

LAUNCH = ("csisrc num-buffers=1600 ! rvphasealign ! rvmultistaticfuse ! "
          "rvcirgate ! rvtomography ! rvposetrack ! "
          "rvwitness ! tee name=t "
          "t. ! queue ! appsink name=sink sync=false "
          "t. ! queue ! rvmetaconvert detail=full ! filesink location={json}")


def f32(x):
    return struct.unpack('f', struct.pack('f', x))[0]


def install(meson, build, stage):
    shutil.rmtree(stage, ignore_errors=True)
    subprocess.run([meson, 'install', '-C', build, '--destdir', stage,
                    '--no-rebuild', '--quiet'], check=True,
                   stdout=subprocess.DEVNULL)
    pcs = glob.glob(os.path.join(stage, '**', 'gstreamer-ruview-1.0.pc'),
                    recursive=True)
    if len(pcs) != 1:
        raise SystemExit(f'FAIL: {len(pcs)} gstreamer-ruview-1.0.pc installed')
    return os.path.dirname(pcs[0])


def pkg_config(pcdir, *args):
    env = dict(os.environ, PKG_CONFIG_PATH=pcdir)
    return subprocess.run(['pkg-config'] + list(args), env=env, check=True,
                          capture_output=True, text=True).stdout.split()


def check_headers(pcdir, failures):
    incdir = pkg_config(pcdir, '--variable=includedir',
                        'gstreamer-ruview-1.0')[0]
    hdir = os.path.join(incdir, 'gstreamer-1.0', 'gst', 'ruview')
    installed = sorted(os.listdir(hdir))
    umbrella = open(os.path.join(hdir, 'ruview.h')).read()
    for h in installed:
        if h != 'ruview.h' and f'<gst/ruview/{h}>' not in umbrella:
            failures.append(f'ruview.h does not include gst/ruview/{h}')
        for inc in re.findall(r'#include\s+[<"]([^>"]+)[>"]',
                              open(os.path.join(hdir, h)).read()):
            if inc.startswith('gst/ruview/') and \
                    os.path.basename(inc) not in installed:
                failures.append(f'{h} includes {inc}, which is not installed')
            if inc.startswith('ruview/'):
                failures.append(f'{h} includes the core header {inc}')
    return installed


def compare(name, lines, docs, failures):
    """every value a program printed equals rvmetaconvert's"""
    if len(lines) != len(docs) or len(docs) < 70:
        failures.append(f'{name}: {len(lines)} cycles printed, '
                        f'{len(docs)} JSON documents')
        return
    persons = occupied = 0
    for got, doc in zip(lines, docs):
        at = f'{name} pts {doc["pts_ns"]}'
        wit, q, g, c = doc['witness'], doc['quality'], doc['gate'], doc['cir']
        want = {
            'pts_ns': doc['pts_ns'],
            'witness': wit['witness'],
            'class': wit['effective_class'],
            'penalized_coherence': f32(q['penalized_coherence']),
            'weights': [f32(x) for x in q['per_node_weights']],
            'decision': g['decision'],
            'coherence_score': f32(g['coherence_score']),
            'dominant_tap': c['dominant_tap_idx'],
            'num_taps': c['num_taps'],
        }
        if 'taps' in c:
            want['tap'] = [f32(x) for x in c['taps'][c['dominant_tap_idx']]]
        occ = doc.get('occupancy')
        if occ:
            want.update(dims=occ['dims'], bounds=occ['bounds'],
                        occupied=occ['occupied_count'],
                        densities=occ['densities'])
            occupied += 1
        want['persons'] = [{
            'id': p['id'], 'lifecycle': p['lifecycle'],
            'keypoints': [[k['x'], k['y'], k['z']] for k in p['keypoints']],
            'bbox': [p['bbox'][k] for k in ('x', 'y', 'width', 'height')]}
            for p in doc['pose']['persons']]
        persons += len(want['persons']) > 0
        for key in ('penalized_coherence', 'coherence_score'):
            got[key] = f32(got[key])
        got['weights'] = [f32(x) for x in got.get('weights', [])]
        if 'tap' in got:
            got['tap'] = [f32(x) for x in got['tap']]
        for key, value in want.items():
            if got.get(key) != value:
                failures.append(f'{at}: {key} is {got.get(key)!r}, '
                                f'the JSON says {value!r}')
                return
    if occupied < 30 or persons < 10:
        failures.append(f'{name}: only {occupied} cycles with occupancy and '
                        f'{persons} with persons')


def run(name, cmd, env, json_path, failures):
    if os.path.exists(json_path):
        os.unlink(json_path)
    r = subprocess.run(cmd + [LAUNCH.format(json=json_path)], env=env,
                       capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        failures.append(f'{name} exited {r.returncode}: {r.stderr.strip()}')
        return
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    docs = [json.loads(x) for x in open(json_path)]
    compare(name, lines, docs, failures)
    print(f'{name}: {len(lines)} cycles agree with rvmetaconvert')


def main():
    # a directory of its own, outside the build tree (whose plugins the
    # other tests find by scanning it)
    with tempfile.TemporaryDirectory(prefix='rv-install-') as work:
        return consumers(sys.argv[1:7], work)


def consumers(args, work):
    meson, build, src, cc, gi_python, sys_plugins = args
    stage = os.path.join(work, 'stage')
    failures = []

    pcdir = install(meson, build, stage)
    headers = check_headers(pcdir, failures)
    print(f'installed headers: {" ".join(headers)}')
    cflags = pkg_config(pcdir, '--cflags', '--libs', 'gstreamer-ruview-1.0',
                        'gstreamer-app-1.0')
    if not any(f.startswith('-I' + stage) for f in cflags):
        failures.append(f'pkg-config does not point into the staged '
                        f'install: {cflags}')
    libdir = pkg_config(pcdir, '--variable=libdir', 'gstreamer-ruview-1.0')[0]
    plugins = pkg_config(pcdir, '--variable=pluginsdir',
                         'gstreamer-ruview-1.0')[0]
    env = dict(os.environ,
               GST_PLUGIN_PATH_1_0=plugins,
               GST_PLUGIN_SYSTEM_PATH_1_0=sys_plugins,
               GST_REGISTRY_1_0=os.path.join(work, 'registry.bin'),
               LD_LIBRARY_PATH=libdir,
               GI_TYPELIB_PATH=os.path.join(libdir, 'girepository-1.0'))
    for var in ('GST_PLUGIN_PATH', 'GST_PLUGIN_LOADING_WHITELIST'):
        env.pop(var, None)

    # with --prefix=/usr, Debian's GStreamer and GObject Introspection find
    # the plugins and the typelib without any setting (docs/running.md)
    prefix = pkg_config(pcdir, '--variable=prefix', 'gstreamer-ruview-1.0')[0]
    gst_plugins = subprocess.run(
        ['pkg-config', '--variable=pluginsdir', 'gstreamer-1.0'], check=True,
        capture_output=True, text=True).stdout.strip()
    ours = os.path.relpath(plugins, os.path.realpath(prefix))
    if os.path.join('/usr', ours) != gst_plugins:
        failures.append(f'plugins install to <prefix>/{ours}, GStreamer '
                        f'looks in {gst_plugins}')
    if not os.path.isdir(os.path.join(plugins)) or not os.listdir(plugins):
        failures.append(f'no plugin installed in {plugins}')

    exe = os.path.join(work, 'rvread')
    subprocess.run([cc, os.path.join(src, 'docs', 'examples', 'rvread.c'),
                    '-o', exe, '-Wall', '-Werror'] + cflags, check=True)
    run('rvread (C)', [exe], env, os.path.join(work, 'c.jsonl'), failures)

    typelib = os.path.join(libdir, 'girepository-1.0',
                           'GstRuview-1.0.typelib')
    if not os.path.exists(typelib):
        print('rvread.py: this build has no typelib (introspection '
              'disabled): not run')
    elif gi_python == '-':
        failures.append('the typelib is built but no python3 has gi '
                        '(install python3-gi)')
    else:
        run('rvread.py (typelib)', [gi_python, os.path.join(
            src, 'docs', 'examples', 'rvread.py')], env,
            os.path.join(work, 'py.jsonl'), failures)

    for f in failures:
        print('FAIL:', f)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
