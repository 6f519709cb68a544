#!/usr/bin/env python3
# Interleaved whole-process A/B for one-file start-up (issue 19): each round runs every variant once
# (order reversed every other round), stdout and stderr on /dev/null, CPU (user + sys) from wait4 in
# microseconds (/usr/bin/time's are 10 ms steps, 4% of a one-file run); prints wall and CPU median,
# p25 and min, and each variant's paired difference from the first (median of per-round differences).
# FRESH_HOME=dir in a variant's environment removes that folder before each of its runs (a first
# run: the history database is created), as bench/speed/startup.mjs does each round.
#
#   cd DIR-with-f.py && python3 /path/to/bench/speed/startup-ab.py 80 \
#     'base|CI=true NO_COLOR=1 TOASTY_HOME=/tmp/hb FRESH_HOME=/tmp/hb|node /work/base9/bin/toasty.js grade f.py --no-cache --no-neural' \
#     'after|CI=true NO_COLOR=1 TOASTY_HOME=/tmp/ha FRESH_HOME=/tmp/ha|node /path/to/bin/toasty.js grade f.py --no-cache --no-neural' \
#     'radon||radon cc f.py' 'node -e 0||node -e 0'
import os,sys,time,statistics as st,shlex,shutil
rounds=int(sys.argv[1]); variants=[]
for spec in sys.argv[2:]:
    label,env,cmd=spec.split('|',2)
    e=dict(os.environ); e.update(dict(kv.split('=',1) for kv in env.split() if kv))
    variants.append((label,e,shlex.split(cmd)))
res={v[0]:{'wall':[],'cpu':[]} for v in variants}
devnull=os.open('/dev/null',os.O_WRONLY)
for r in range(rounds):
    order=variants[:] if r%2==0 else variants[::-1]
    for label,env,cmd in order:
        if env.get('FRESH_HOME'): shutil.rmtree(env['FRESH_HOME'], ignore_errors=True)
        t=time.perf_counter(); pid=os.fork()
        if pid==0:
            os.dup2(devnull,1); os.dup2(devnull,2)
            os.execvpe(cmd[0],cmd,env)
        _,status,ru=os.wait4(pid,0); w=time.perf_counter()-t
        res[label]['wall'].append(w*1000); res[label]['cpu'].append((ru.ru_utime+ru.ru_stime)*1000)
base=variants[0][0]
def q(xs,p): xs=sorted(xs); return xs[int(p*(len(xs)-1))]
print(f"rounds {rounds}, load {os.getloadavg()[0]:.2f}")
for label,_,_ in variants:
    w=res[label]['wall']; c=res[label]['cpu']
    line=f"{label:28s} wall med {st.median(w):6.1f} p25 {q(w,.25):6.1f} min {min(w):6.1f} | cpu med {st.median(c):6.1f} p25 {q(c,.25):6.1f} min {min(c):6.1f}"
    if label!=base:
        dw=[a-b for a,b in zip(w,res[base]['wall'])]; dc=[a-b for a,b in zip(c,res[base]['cpu'])]
        line+=f" | paired diff vs {base}: wall {st.median(dw):+.1f} cpu {st.median(dc):+.1f} (cheaper in {sum(d<0 for d in dc)}/{len(dc)})"
    print(line)
