import sys,json
t=sys.stdin.read(); i=t.index('{'); j=t.rindex('}'); d=json.loads(t[i:j+1])
print({k:d[k] for k in ['outer','est','median','inner','limit','cert','ref','notes']})
print([ (p['target'],p['range'],p['reached'],p['boxes'],p.get('stoppedBy')) for p in d['passes']]); print(t[j+1:])
