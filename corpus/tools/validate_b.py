#!/usr/bin/env python3
"""Validate author B's dev corpus files against corpus/CORPUS spec rules."""
import json, sys, re, collections, datetime as dt, os
D = os.path.join(os.path.dirname(__file__), '..', 'conversations', 'dev')
KIND = {'general':'CHAT','bubble':'CHAT','group':'CHAT','private':'CHAT','inbox':'PRIVATE_MESSAGE','blog':'BLOG','comment':'BLOG'}
CATS = {'GROOMING','SELF_HARM','ABUSE_DISCLOSURE','INSULT','VIOLENCE','SEXUAL','PERSONAL_INFO'}
TIERS = {'SAFEGUARDING','COUNSELLOR','MODERATOR'}
errs = []
def err(s): errs.append(s)
msgs = []; ids = set(); byconv = collections.defaultdict(list)
for n, line in enumerate(open(os.path.join(D, 'author-b.jsonl'), encoding='utf-8'), 1):
    try: m = json.loads(line)
    except Exception as e: err(f'msg line {n}: bad json {e}'); continue
    for k in ('id','kind','channel','conversationId','senderId','recipientIds','text','sentAt'):
        if k not in m: err(f'{n}: missing {k}')
    if m['id'] in ids: err(f'dup id {m["id"]}')
    ids.add(m['id'])
    if not re.fullmatch(r'b-\d{3}', m['conversationId']): err(f'{m["id"]}: bad conv id')
    if not m['id'].startswith(m['conversationId'] + '-'): err(f'{m["id"]}: id/conv mismatch')
    if KIND.get(m['channel']) != m['kind']: err(f'{m["id"]}: kind/channel {m["kind"]}/{m["channel"]}')
    if not (1 <= len(m['text']) <= 600): err(f'{m["id"]}: text length {len(m["text"])}')
    if not m['senderId'].startswith('b-') or any(not r.startswith('b-') for r in m['recipientIds']): err(f'{m["id"]}: user id prefix')
    if m['senderId'] in m['recipientIds'] or not m['recipientIds']: err(f'{m["id"]}: recipients')
    if not re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ', m['sentAt']): err(f'{m["id"]}: sentAt format')
    byconv[m['conversationId']].append(m)
for c, ms in byconv.items():
    if not 5 <= len(ms) <= 20: err(f'{c}: {len(ms)} messages')
    ts = [m['sentAt'] for m in ms]
    if any(a >= b for a, b in zip(ts, ts[1:])): err(f'{c}: sentAt not increasing')
labs = {}
for n, line in enumerate(open(os.path.join(D, 'author-b.labels.jsonl'), encoding='utf-8'), 1):
    try: l = json.loads(line)
    except Exception as e: err(f'label line {n}: bad json {e}'); continue
    c = l['conversationId']
    if c in labs: err(f'dup label {c}')
    labs[c] = l
    if c not in byconv: err(f'label {c}: no conversation')
    if l.get('author') != 'b' or l.get('split') != 'dev': err(f'{c}: author/split')
    if l['harmful']:
        if l['category'] not in CATS or l['tier'] not in TIERS: err(f'{c}: category/tier')
        if l['actBy'] not in ids or not l['actBy'].startswith(c + '-'): err(f'{c}: actBy {l["actBy"]}')
        if not l['subjects']: err(f'{c}: no subjects')
        users = {m['senderId'] for m in byconv.get(c, [])} | {r for m in byconv.get(c, []) for r in m['recipientIds']}
        for s in l['subjects']:
            if s not in users: err(f'{c}: subject {s} not in conversation')
    else:
        if l['category'] or l['tier'] or l['actBy']: err(f'{c}: innocent with category/tier/actBy')
    if not l.get('shape'): err(f'{c}: no shape')
for c in byconv:
    if c not in labs: err(f'{c}: no label')
# stats
cnt = collections.Counter(); 
for l in labs.values():
    cnt['harmful' if l['harmful'] else 'innocent'] += 1
print(f'{len(byconv)} conversations, {len(ids)} messages, {dict(cnt)}')
for k in ('category', 'tier'):
    print(k, dict(collections.Counter(str(l[k]) for l in labs.values())))
print('shapes', dict(collections.Counter(l['shape'].split('/')[0] for l in labs.values())))
if errs:
    print('\n'.join(errs)); print(f'FAIL: {len(errs)} errors'); sys.exit(1)
print('OK')
