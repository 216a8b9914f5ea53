#!/usr/bin/env python3
"""Writes a synthetic corpus: N renamed copies of every statute in statutes/ that has articles,
as user statute files (for `fatiao --statutes DIR`). usage: synth.py N OUTDIR"""
import pathlib, re, sys
n, out = int(sys.argv[1]), pathlib.Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
src = pathlib.Path(__file__).resolve().parent.parent / 'statutes'
files = [f for f in sorted(src.glob('*.toml')) if '[[article]]' in f.read_text(encoding='utf-8')]
ids = [re.search(r'(?m)^id = "([^"]+)"', f.read_text(encoding='utf-8')).group(1) for f in files]
for k in range(1, n + 1):
    for f, sid in zip(files, ids):
        t = f.read_text(encoding='utf-8')
        t = re.sub(r'(?m)^id = "[^"]+"', f'id = "{sid}-syn{k}"', t, count=1)
        t = re.sub(r'(?m)^(title_zh = ")([^"]+)"', lambda m: f'{m.group(1)}{m.group(2)}（合成{k}）"', t, count=1)
        t = re.sub(r'(?m)^(short_zh = ")([^"]+)"', lambda m: f'{m.group(1)}{m.group(2)}（合成{k}）"', t, count=1)
        t = re.sub(r'(?m)^aliases = .*$', 'aliases = []', t, count=1)
        t = re.sub(r'(?m)^(supersedes|superseded_by) = .*$', '', t)
        # see-also references point at the copies of the same round
        t = re.sub(r'"([a-z0-9-]+):(\d+(?:-\d+)?)"', lambda m: f'"{m.group(1)}-syn{k}:{m.group(2)}"' if m.group(1) in ids else m.group(0), t)
        (out / f'{sid}-syn{k}.toml').write_text(t, encoding='utf-8')
print(f'{len(files) * n} statute files in {out}')
