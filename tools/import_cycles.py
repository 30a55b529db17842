#!/usr/bin/env python3
"""Lists pairs of modules in src/ that import each other (comments and #[cfg(test)] parts ignored). Exit 1 if any."""
import os,re,sys
root='src'
mods={}
def modpath(f):
    p=f[len(root)+1:-3].split('/')
    if p[-1] in('mod','lib','main'): p=p[:-1]
    return tuple(p)
files=[os.path.join(d,f) for d,_,fs in os.walk(root) for f in fs if f.endswith('.rs')]
allm={modpath(f):f for f in files}
def resolve(cur,path):
    parts=path.split('::')
    if parts[0]=='crate': base=(); parts=parts[1:]
    elif parts[0]=='super':
        base=cur
        while parts and parts[0]=='super': base=base[:-1]; parts=parts[1:]
    elif parts[0]=='self': base=cur; parts=parts[1:]
    else: return None
    # longest existing module prefix
    best=None
    for i in range(len(parts)+1):
        m=base+tuple(parts[:i])
        if m in allm: best=m
    return best
edges={}
for m,f in allm.items():
    src=open(f).read()
    src=src.split('#[cfg(test)]')[0]
    src='\n'.join(l for l in src.split('\n') if not l.strip().startswith('//'))
    deps=set()
    for u in re.findall(r'\b((?:crate|super|self)(?:::\w+)+)',src):
        r=resolve(m,u)
        if r is not None and r!=m and not (len(r)<len(m) and m[:len(r)]==r): deps.add(r)
    edges[m]=deps
bad=0
for a,ds in edges.items():
    for b in ds:
        if a in edges.get(b,()) and a<b:
            print('cycle:', '::'.join(a),'<->','::'.join(b)); bad+=1
print('cycles:',bad)
sys.exit(1 if bad else 0)
