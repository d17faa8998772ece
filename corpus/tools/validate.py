#!/usr/bin/env python3
"""Validate ChatGuard corpus files against corpus/conversations spec (CORPUS.md).

Usage: python3 corpus/tools/validate.py [PATH ...]
PATH may be a directory (searched recursively for author-*.jsonl) or a messages file
author-<x>.jsonl (its labels file author-<x>.labels.jsonl is taken from beside it).
Default: corpus/conversations relative to the repository root.
Exit status 0 when there are no errors, 1 otherwise.
"""
import json, os, re, sys, datetime as dt
from collections import Counter, defaultdict

KINDS = {"CHAT", "PRIVATE_MESSAGE", "BLOG"}
CHANNELS = {"general", "bubble", "group", "private", "inbox", "blog", "comment"}
CATEGORIES = {"GROOMING", "SELF_HARM", "ABUSE_DISCLOSURE", "INSULT", "VIOLENCE", "SEXUAL", "PERSONAL_INFO"}
TIERS = {"SAFEGUARDING", "COUNSELLOR", "MODERATOR"}
MSG_FIELDS = {"id", "kind", "channel", "conversationId", "senderId", "recipientIds", "text", "sentAt"}
LABEL_FIELDS = {"conversationId", "author", "split", "harmful", "category", "tier", "actBy",
                "subjects", "shape", "note"}
TS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")

errors, warnings = [], []
def err(where, msg): errors.append(f"ERROR {where}: {msg}")
def warn(where, msg): warnings.append(f"WARN  {where}: {msg}")

def read_jsonl(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                err(f"{path}:{n}", "blank line"); continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                err(f"{path}:{n}", f"not JSON: {e}"); continue
            if not isinstance(obj, dict):
                err(f"{path}:{n}", "not a JSON object"); continue
            rows.append((n, obj))
    return rows

def collect(paths):
    files = []
    for p in paths:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                files += [os.path.join(root, x) for x in sorted(names)
                          if re.fullmatch(r"author-[a-z0-9]+\.jsonl", x)]
        else:
            files.append(p)
    return sorted(set(files))

def main(argv):
    if argv:
        paths = argv
    else:
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        paths = [os.path.join(root, "corpus", "conversations")]
    files = collect(paths)
    if not files:
        print("no author-*.jsonl files found under", paths); return 1
    all_msg_ids, all_conv_ids, all_label_ids = {}, {}, {}
    stats = Counter()
    for mpath in files:
        author = re.fullmatch(r"author-([a-z0-9]+)\.jsonl", os.path.basename(mpath)).group(1)
        split = os.path.basename(os.path.dirname(mpath))
        lpath = mpath[:-len(".jsonl")] + ".labels.jsonl"
        convs = defaultdict(list)      # conversationId -> [(line, msg)]
        order = []
        for n, m in read_jsonl(mpath):
            w = f"{mpath}:{n}"
            missing = MSG_FIELDS - m.keys()
            if missing: err(w, f"missing fields {sorted(missing)}"); continue
            extra = m.keys() - MSG_FIELDS
            if extra: warn(w, f"extra fields {sorted(extra)}")
            mid, cid = m["id"], m["conversationId"]
            if mid in all_msg_ids: err(w, f"duplicate message id {mid} (first at {all_msg_ids[mid]})")
            all_msg_ids[mid] = w
            if not re.fullmatch(rf"{author}-\d{{3}}", str(cid)):
                err(w, f"conversationId {cid!r} not of form {author}-NNN")
            if not str(mid).startswith(f"{cid}-") or not re.fullmatch(r"\d{2,}", str(mid)[len(cid)+1:]):
                err(w, f"message id {mid!r} not of form {cid}-MM")
            if m["kind"] not in KINDS: err(w, f"bad kind {m['kind']!r}")
            if m["channel"] not in CHANNELS: err(w, f"bad channel {m['channel']!r}")
            if m["kind"] == "PRIVATE_MESSAGE" and m["channel"] != "inbox": warn(w, "PRIVATE_MESSAGE not in inbox")
            if m["kind"] == "BLOG" and m["channel"] not in ("blog", "comment"): warn(w, "BLOG kind outside blog/comment")
            if m["kind"] == "CHAT" and m["channel"] in ("inbox", "blog", "comment"): warn(w, "CHAT kind in inbox/blog channel")
            if not isinstance(m["text"], str) or not (1 <= len(m["text"]) <= 600):
                err(w, f"text must be a string of 1..600 characters (got {len(m['text']) if isinstance(m['text'], str) else type(m['text']).__name__})")
            for uid in [m["senderId"]] + (m["recipientIds"] if isinstance(m["recipientIds"], list) else []):
                if not isinstance(uid, str) or not uid.startswith(f"{author}-"):
                    err(w, f"user id {uid!r} lacks author prefix {author}-")
            if not isinstance(m["recipientIds"], list) or not m["recipientIds"]:
                err(w, "recipientIds must be a non-empty list")
            elif m["senderId"] in m["recipientIds"]:
                err(w, "sender is among recipientIds")
            if not isinstance(m["sentAt"], str) or not TS.match(m["sentAt"]):
                err(w, f"sentAt {m['sentAt']!r} not ISO-8601 UTC with Z")
            if cid in convs and order[-1] != cid:
                err(w, f"conversation {cid} not contiguous in file")
            if cid not in convs:
                order.append(cid)
                if cid in all_conv_ids: err(w, f"conversation {cid} also in {all_conv_ids[cid]}")
                all_conv_ids[cid] = mpath
            convs[cid].append((n, m))
        for cid, ms in convs.items():
            w = f"{mpath} {cid}"
            if not 5 <= len(ms) <= 20: err(w, f"{len(ms)} messages (must be 5-20)")
            prev = None
            for n, m in ms:
                try:
                    t = dt.datetime.fromisoformat(m["sentAt"].replace("Z", "+00:00"))
                except (ValueError, AttributeError):
                    continue
                if prev is not None and t <= prev:
                    err(f"{mpath}:{n}", f"sentAt {m['sentAt']} not after previous message")
                prev = t
            if len({m["senderId"] for _, m in ms}) < 2: warn(w, "only one sender")
        if not os.path.exists(lpath):
            err(mpath, f"labels file {lpath} missing"); continue
        labelled = set()
        for n, l in read_jsonl(lpath):
            w = f"{lpath}:{n}"
            missing = LABEL_FIELDS - l.keys()
            if missing: err(w, f"missing fields {sorted(missing)}"); continue
            cid = l["conversationId"]
            if cid in all_label_ids: err(w, f"duplicate label for {cid}")
            all_label_ids[cid] = w
            labelled.add(cid)
            if cid not in convs: err(w, f"conversationId {cid} has no messages in {mpath}"); continue
            if l["author"] != author: err(w, f"author {l['author']!r} != {author!r}")
            if l["split"] != split: warn(w, f"split {l['split']!r} but file is under {split!r}")
            if not isinstance(l["harmful"], bool): err(w, "harmful must be true/false")
            ids = {m["id"] for _, m in convs[cid]}
            senders = {m["senderId"] for _, m in convs[cid]} | {r for _, m in convs[cid] for r in m["recipientIds"]}
            if l["harmful"]:
                if l["category"] not in CATEGORIES: err(w, f"bad category {l['category']!r}")
                if l["tier"] not in TIERS: err(w, f"bad tier {l['tier']!r}")
                if l["actBy"] is None: err(w, "harmful conversation without actBy")
                elif l["actBy"] not in all_msg_ids: err(w, f"actBy {l['actBy']} does not exist")
                elif l["actBy"] not in ids: err(w, f"actBy {l['actBy']} is not in conversation {cid}")
                if not l["subjects"]: warn(w, "harmful conversation without subjects")
                stats[("harmful", l["category"], l["tier"])] += 1
            else:
                for k in ("category", "tier", "actBy"):
                    if l[k] is not None: err(w, f"{k} must be null when not harmful")
                stats[("innocent",)] += 1
            if not isinstance(l["subjects"], list): err(w, "subjects must be a list")
            else:
                for s in l["subjects"]:
                    if s not in senders: err(w, f"subject {s} is not a participant of {cid}")
            if not isinstance(l["shape"], str) or not l["shape"]: err(w, "shape must be a non-empty string")
        for cid in convs:
            if cid not in labelled: err(f"{mpath} {cid}", "conversation has no label")
        stats["files"] += 1
        stats["conversations"] += len(convs)
        stats["messages"] += sum(len(v) for v in convs.values())
    for line in warnings: print(line)
    for line in errors: print(line)
    h = sum(v for k, v in stats.items() if isinstance(k, tuple) and k[0] == "harmful")
    i = stats[("innocent",)]
    print(f"{stats['files']} file(s), {stats['conversations']} conversations, {stats['messages']} messages; "
          f"harmful {h}, innocent {i}; {len(errors)} error(s), {len(warnings)} warning(s)")
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
