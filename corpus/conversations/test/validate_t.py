#!/usr/bin/env python3
"""Validate author T's test split: python3 validate_t.py [dir]"""
import json, sys, os, re, collections, datetime
d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
msgs_f = os.path.join(d, "author-t.jsonl"); labs_f = os.path.join(d, "author-t.labels.jsonl")
errs = []
CH = {"general":"CHAT","bubble":"CHAT","group":"CHAT","private":"CHAT","inbox":"PRIVATE_MESSAGE","blog":"BLOG","comment":"BLOG"}
CATS = {"GROOMING","SELF_HARM","ABUSE_DISCLOSURE","INSULT","VIOLENCE","SEXUAL","PERSONAL_INFO"}
TIERS = {"SAFEGUARDING","COUNSELLOR","MODERATOR"}
ids = set(); conv = collections.OrderedDict(); users = collections.defaultdict(set)
for n, line in enumerate(open(msgs_f, encoding="utf-8"), 1):
    try: m = json.loads(line)
    except Exception as e: errs.append(f"msg line {n}: bad JSON {e}"); continue
    for k in ("id","kind","channel","conversationId","senderId","recipientIds","text","sentAt"):
        if k not in m: errs.append(f"{m.get('id')}: missing {k}")
    if m["id"] in ids: errs.append(f"dup id {m['id']}")
    ids.add(m["id"]); cid = m["conversationId"]
    if not re.fullmatch(r"t-\d{3}", cid): errs.append(f"{m['id']}: bad conversationId")
    if not m["id"].startswith(cid + "-"): errs.append(f"{m['id']}: id not in conversation")
    if CH.get(m["channel"]) != m["kind"]: errs.append(f"{m['id']}: kind/channel mismatch")
    if not (1 <= len(m["text"]) <= 600): errs.append(f"{m['id']}: text length {len(m['text'])}")
    if not m["senderId"].startswith("t-"): errs.append(f"{m['id']}: sender prefix")
    if m["senderId"] in m["recipientIds"]: errs.append(f"{m['id']}: sender in recipients")
    try: t = datetime.datetime.strptime(m["sentAt"], "%Y-%m-%dT%H:%M:%SZ")
    except Exception: errs.append(f"{m['id']}: bad sentAt"); continue
    if cid in conv and conv[cid] and t <= conv[cid][-1][1]: errs.append(f"{m['id']}: sentAt not increasing")
    if cid in conv and list(conv).index(cid) != len(conv) - 1: errs.append(f"{m['id']}: conversation not contiguous")
    conv.setdefault(cid, []).append((m["id"], t)); users[cid].add(m["senderId"]); users[cid].update(m["recipientIds"])
for cid, ms in conv.items():
    if not (5 <= len(ms) <= 20): errs.append(f"{cid}: {len(ms)} messages")
labs = {}
for n, line in enumerate(open(labs_f, encoding="utf-8"), 1):
    try: l = json.loads(line)
    except Exception as e: errs.append(f"label line {n}: bad JSON {e}"); continue
    cid = l.get("conversationId")
    if cid in labs: errs.append(f"dup label {cid}")
    labs[cid] = l
    if cid not in conv: errs.append(f"label {cid}: no such conversation"); continue
    if l.get("author") != "t" or l.get("split") != "test": errs.append(f"{cid}: author/split")
    if l["harmful"]:
        if l["category"] not in CATS: errs.append(f"{cid}: category {l['category']}")
        if l["tier"] not in TIERS: errs.append(f"{cid}: tier {l['tier']}")
        if l["actBy"] not in [i for i, _ in conv[cid]]: errs.append(f"{cid}: actBy {l['actBy']} not in conversation")
        if not l["subjects"] or any(s not in users[cid] for s in l["subjects"]): errs.append(f"{cid}: subjects {l['subjects']}")
    else:
        if l["category"] or l["tier"] or l["actBy"] or l["subjects"]: errs.append(f"{cid}: innocent with category/tier/actBy/subjects")
    if not l.get("shape"): errs.append(f"{cid}: no shape")
for cid in conv:
    if cid not in labs: errs.append(f"{cid}: no label")
h = sum(1 for l in labs.values() if l["harmful"])
print(f"{len(conv)} conversations, {len(ids)} messages, {h} harmful, {len(labs)-h} innocent")
print("by category/tier:", dict(collections.Counter((l["category"], l["tier"]) for l in labs.values() if l["harmful"])))
print("by family:", dict(collections.Counter(l["shape"].split("/")[0] for l in labs.values())))
if errs:
    print(f"FAIL: {len(errs)} problems"); [print(" ", e) for e in errs[:50]]; sys.exit(1)
print("OK")
