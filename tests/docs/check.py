#!/usr/bin/env python3
"""The documentation stands on its own.

* No page of docs/, the README, a pipelines/ comment, an installed header,
  nor an element's documentation (its doc blocks and the strings it shows:
  description, property blurbs, messages) points outside the repository:
  no design or specification file (frontend.md, engine.md, cir.md,
  formats.md, architecture.md, style.md), no section sign, no shared/
  directory, no path of a particular machine, no RuView design record
  (ADR-nnn; ADR-018 names the ESP32 datagram format and stays).
* Every relative link of a docs page, and every docs/<page>.md it names,
  exists.
* Every docs page that shows a launch line says how to run it (./run env,
  or a link to running.md).
* Every property of every element (and of the base classes of this
  project) has a doc block (`Gst<Type>:<property>:`).

usage: check.py SOURCE_ROOT INSTALLED_HEADER..."""
import glob
import os
import re
import sys

POINTER = re.compile(r'(?<![-\w/])(frontend|engine|cir|formats|architecture|'
                     r'style)\.md\b|§|\bshared/|/work/|\.\./shared|'
                     r'\bADR-(?!018\b)\d+')
DOC_BLOCK = re.compile(r'/\*\*.*?\*/', re.S)
STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
LINK = re.compile(r'\]\(([^)#\s]+)(?:#[^)]*)?\)')
DOCS_PAGE = re.compile(r'\bdocs/([\w-]+\.md)\b')
PSPEC = re.compile(r'g_param_spec_\w+\s*\(\s*"([a-z0-9-]+)"')
PROP_DOC = re.compile(r'^\s*\*\s*Gst\w+:([a-z0-9-]+):\s*$', re.M)


def lines_with(pattern, text):
    for n, line in enumerate(text.splitlines(), 1):
        if pattern.search(line):
            yield n, line.strip()


def main():
    root, headers = sys.argv[1], sys.argv[2:]
    failures = []

    def check_text(name, text):
        for n, line in lines_with(POINTER, text):
            failures.append(f'{name}:{n}: points outside the repository: '
                            f'{line}')

    pages = sorted(glob.glob(os.path.join(root, 'docs', '**', '*.md'),
                             recursive=True))
    for page in pages:
        rel = os.path.relpath(page, root)
        text = open(page, encoding='utf-8').read()
        check_text(rel, text)
        for target in LINK.findall(text):
            if re.match(r'[a-z]+:', target):
                continue
            if not os.path.exists(os.path.join(os.path.dirname(page),
                                               target)):
                failures.append(f'{rel}: link to {target}, which does not '
                                f'exist')
        for target in DOCS_PAGE.findall(text):
            if not os.path.exists(os.path.join(root, 'docs', target)):
                failures.append(f'{rel}: names docs/{target}, which does '
                                f'not exist')
        if 'gst-launch-1.0 ' in text and './run env' not in text \
                and 'running.md' not in text:
            failures.append(f'{rel}: shows launch lines without saying how '
                            f'to run them (./run env, docs/running.md)')

    others = [os.path.join(root, 'README.md')] + \
        sorted(glob.glob(os.path.join(root, 'pipelines', '*.txt'))) + headers
    for f in others:
        check_text(os.path.relpath(f, root), open(f, encoding='utf-8').read())

    sources = sorted(glob.glob(os.path.join(root, 'gst', '**', '*.c'),
                               recursive=True) +
                     glob.glob(os.path.join(root, 'ext', '**', '*.c'),
                               recursive=True) +
                     glob.glob(os.path.join(root, 'common', 'gst', '*.c')))
    props = 0
    for src in sources:
        rel = os.path.relpath(src, root)
        text = open(src, encoding='utf-8').read()
        for m in list(DOC_BLOCK.finditer(text)) + list(STRING.finditer(text)):
            first = text.count('\n', 0, m.start())
            for n, line in lines_with(POINTER, m.group(0)):
                failures.append(f'{rel}:{first + n}: points outside the '
                                f'repository: {line}')
        documented = set(PROP_DOC.findall(text))
        for prop in PSPEC.findall(text):
            props += 1
            if prop not in documented:
                failures.append(f'{rel}: property "{prop}" has no doc block')

    for f in failures:
        print('FAIL:', f)
    print(f'{len(pages)} pages, {len(sources)} sources, {props} properties '
          f'checked')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
