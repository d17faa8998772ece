package org.chatguard.console.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import org.chatguard.connectors.json.EventJson;
import org.chatguard.console.Role;
import org.chatguard.model.Action;
import org.chatguard.model.Decision;
import org.chatguard.model.Evidence;
import org.chatguard.model.StaffAlert;
import org.chatguard.model.Tier;

/**
 * The console's durable store, in RocksDB (plain rocksdbjni: this process never hosts a Flink job).
 * Column families: {@code alerts} (alertId -> {@link AlertRecord}), {@code queue} (tier|status|alertId
 * index), {@code notes} (alertId|time|noteId -> {@link Note}), {@code held} (messageId ->
 * {@link HeldMessage}), {@code audit} (sequence -> {@link AuditEntry}, append-only), {@code mutes}
 * (conversationId -> the last {@link Mute} this console sent) and {@code default}
 * (consumed Kafka offsets, audit chain head).
 *
 * <p>Every change is one synchronous {@link WriteBatch}: an ingested record and its Kafka offset are
 * written together, so a restart resumes exactly after the last applied record. Applying the same
 * record twice changes nothing (an alert keeps its highest sequence; a decision is keyed by message id).
 *
 * <p>Thread-safe: writers are serialised; readers see committed state.
 */
public final class AlertStore implements IngestStore, AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    private static final byte[] AUDIT_SEQ = bytes("meta:audit.seq");
    private static final byte[] AUDIT_HEAD = bytes("meta:audit.head");
    private static final String GENESIS = "0".repeat(64);

    private final ObjectMapper json = EventJson.mapper();
    private final Clock clock;
    private final DBOptions options;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle alerts;
    private final ColumnFamilyHandle queue;
    private final ColumnFamilyHandle notes;
    private final ColumnFamilyHandle held;
    private final ColumnFamilyHandle audit;
    private final ColumnFamilyHandle mutes;
    /** Conversations as displayed: key conversation, NUL, sentAt millis (big-endian), message id. */
    private final ColumnFamilyHandle context;
    /** The same messages by time (sentAt millis, conversation, NUL, id), so retention deletes from the front. */
    private final ColumnFamilyHandle contextByTime;
    private final int contextPerConversation;
    private final WriteOptions sync = new WriteOptions().setSync(true);

    /** Messages kept per conversation for context, by default: the newest; older ones make way. */
    public static final int DEFAULT_CONTEXT_PER_CONVERSATION = 1000;

    private AlertStore(Path dir, Clock clock, int contextPerConversation) throws RocksDBException, IOException {
        this.clock = clock;
        this.contextPerConversation = contextPerConversation;
        Files.createDirectories(dir);
        List<ColumnFamilyDescriptor> cfs = new ArrayList<>();
        for (String name : List.of("default", "alerts", "queue", "notes", "held", "audit", "mutes", "context",
                "context-time")) {
            cfs.add(new ColumnFamilyDescriptor(bytes(name)));
        }
        options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        db = RocksDB.open(options, dir.toString(), cfs, handles);
        meta = handles.get(0);
        alerts = handles.get(1);
        queue = handles.get(2);
        notes = handles.get(3);
        held = handles.get(4);
        audit = handles.get(5);
        mutes = handles.get(6);
        context = handles.get(7);
        contextByTime = handles.get(8);
    }

    public static AlertStore open(Path dir) {
        return open(dir, Clock.systemUTC());
    }

    public static AlertStore open(Path dir, Clock clock) {
        return open(dir, clock, DEFAULT_CONTEXT_PER_CONVERSATION);
    }

    /** @param contextPerConversation the newest messages of each conversation kept for context (bounded store) */
    public static AlertStore open(Path dir, Clock clock, int contextPerConversation) {
        if (contextPerConversation < 1) {
            throw new IllegalArgumentException("contextPerConversation must be at least 1");
        }
        try {
            return new AlertStore(dir, clock, contextPerConversation);
        } catch (RocksDBException | IOException e) {
            throw new IllegalStateException("cannot open alert store at " + dir + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- ingest

    /**
     * Applies an alert from the pipeline and records the Kafka position it came from.
     *
     * @return whether anything changed (false for a replayed or older sequence)
     */
    @Override
    public synchronized boolean applyAlert(StaffAlert a, String topic, int partition, long offset) {
        AlertRecord old = alert(a.alertId()).orElse(null);
        try (WriteBatch b = new WriteBatch()) {
            putOffset(b, topic, partition, offset);
            boolean changed = false;
            if (old == null || a.sequence() > old.alert().sequence()) {
                Instant now = clock.instant();
                List<AlertRecord.HistoryEntry> history = new ArrayList<>(old == null ? List.of() : old.history());
                AlertStatus status = old == null ? AlertStatus.OPEN : old.status();
                if (old != null && status.closed()) {
                    status = AlertStatus.OPEN;
                    history.add(new AlertRecord.HistoryEntry(now, "reopened-by-new-evidence", a.sequence(), null));
                }
                history.add(new AlertRecord.HistoryEntry(now, old == null ? "raised" : "updated", a.sequence(), null));
                Tier tier = old == null ? a.tier() : a.tier().max(old.tier());
                boolean higher = old != null && tier.compareTo(old.tier()) > 0;
                if (higher && status == AlertStatus.ACKNOWLEDGED) {
                    // a new tier (e.g. escalated as unacknowledged) must pick it up itself
                    status = AlertStatus.OPEN;
                }
                AlertRecord rec = new AlertRecord(a, tier, status, history, old == null ? now : old.firstSeen(),
                        latest(now, a.updatedAt()), false, old == null || higher ? null : old.claimedBy(),
                        old == null || higher ? null : old.claimedByRole(), old == null || higher ? null : old.claimedAt());
                writeAlert(b, old, rec);
                changed = true;
            }
            db.write(sync, b);
            return changed;
        } catch (RocksDBException e) {
            throw failure("apply alert", e);
        }
    }

    /**
     * Applies a decision: HOLD decisions enter the held-messages queue; a follow-up decision with reason
     * {@code released-by-staff} marks a pending one released (e.g. released from another console).
     * Other decisions are not kept.
     */
    @Override
    public synchronized boolean applyDecision(Decision d, String topic, int partition, long offset) {
        try (WriteBatch b = new WriteBatch()) {
            putOffset(b, topic, partition, offset);
            boolean changed = false;
            putContext(b, d);
            HeldMessage existing = heldMessage(d.id()).orElse(null);
            if (d.action() == Action.HOLD && existing == null) {
                b.put(held, bytes(d.id()), write(new HeldMessage(d, HeldMessage.Status.PENDING, null, null, clock.instant())));
                changed = true;
            } else if (existing != null && existing.status() == HeldMessage.Status.PENDING
                    && d.reasons().contains(HeldMessages.RELEASED_REASON)) {
                b.put(held, bytes(d.id()), write(new HeldMessage(existing.decision(), HeldMessage.Status.RELEASED,
                        "(released elsewhere)", clock.instant(), existing.receivedAt())));
                changed = true;
            }
            db.write(sync, b);
            return changed;
        } catch (RocksDBException e) {
            throw failure("apply decision", e);
        }
    }

    // ---------------------------------------------------------------- conversation context

    /**
     * Keeps the decision as its conversation displayed it (a replay or a later decision for the same message,
     * e.g. a release, replaces it); at most {@code contextPerConversation} messages per conversation, the oldest
     * make way. A decision without a conversation or a time is not context.
     */
    private void putContext(WriteBatch b, Decision d) throws RocksDBException {
        if (d.conversationId() == null || d.sentAt() == null || d.id() == null) {
            return;
        }
        byte[] key = contextKey(d.conversationId(), d.sentAt().toEpochMilli(), d.id());
        boolean isNew = db.get(context, key) == null;
        b.put(context, key, write(ContextMessage.of(d)));
        b.put(contextByTime, timeKey(d.conversationId(), d.sentAt().toEpochMilli(), d.id()), new byte[0]);
        if (!isNew) {
            return;
        }
        byte[] countKey = bytes("ctxcount:" + d.conversationId());
        byte[] c = db.get(meta, countKey);
        long count = (c == null ? 0 : ByteBuffer.wrap(c).getLong()) + 1;
        if (count > contextPerConversation) {
            // the conversation's oldest message goes (it sorts first under the conversation's prefix)
            byte[] prefix = contextPrefix(d.conversationId());
            try (RocksIterator it = db.newIterator(context)) {
                it.seek(prefix);
                if (it.isValid() && startsWith(it.key(), prefix) && !java.util.Arrays.equals(it.key(), key)) {
                    ContextMessage oldest = read(it.value(), ContextMessage.class);
                    b.delete(context, it.key());
                    b.delete(contextByTime, timeKey(oldest.conversationId(), oldest.sentAt().toEpochMilli(), oldest.messageId()));
                    count--;
                }
            }
        }
        b.put(meta, countKey, ByteBuffer.allocate(8).putLong(count).array());
    }

    private static byte[] contextPrefix(String conversationId) {
        return (conversationId + "\u0000").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] contextKey(String conversationId, long sentAtMillis, String messageId) {
        byte[] p = contextPrefix(conversationId);
        byte[] id = bytes(messageId);
        return ByteBuffer.allocate(p.length + 8 + id.length).put(p).putLong(sentAtMillis ^ Long.MIN_VALUE).put(id).array();
    }

    private static byte[] timeKey(String conversationId, long sentAtMillis, String messageId) {
        byte[] rest = (conversationId + "\u0000" + messageId).getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + rest.length).putLong(sentAtMillis ^ Long.MIN_VALUE).put(rest).array();
    }

    /** A conversation's kept messages in time order (oldest first). */
    public List<ContextMessage> conversation(String conversationId) {
        List<ContextMessage> out = new ArrayList<>();
        byte[] prefix = contextPrefix(conversationId);
        try (RocksIterator it = db.newIterator(context)) {
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                out.add(read(it.value(), ContextMessage.class));
            }
        }
        return out;
    }

    /** Records that a record was consumed and skipped (unreadable): its offset only. */
    @Override
    public synchronized void skip(String topic, int partition, long offset) {
        try (WriteBatch b = new WriteBatch()) {
            putOffset(b, topic, partition, offset);
            db.write(sync, b);
        } catch (RocksDBException e) {
            throw failure("record offset", e);
        }
    }

    /** The last offset applied from a partition, or empty if none. */
    @Override
    public Optional<Long> appliedOffset(String topic, int partition) {
        try {
            byte[] v = db.get(meta, bytes("offset:" + topic + ":" + partition));
            return v == null ? Optional.empty() : Optional.of(ByteBuffer.wrap(v).getLong());
        } catch (RocksDBException e) {
            throw failure("read offset", e);
        }
    }

    private void putOffset(WriteBatch b, String topic, int partition, long offset) throws RocksDBException {
        if (topic != null) {
            b.put(meta, bytes("offset:" + topic + ":" + partition), ByteBuffer.allocate(8).putLong(offset).array());
        }
    }

    // ---------------------------------------------------------------- alerts

    public Optional<AlertRecord> alert(String alertId) {
        try {
            byte[] v = db.get(alerts, bytes(alertId));
            return v == null ? Optional.empty() : Optional.of(read(v, AlertRecord.class));
        } catch (RocksDBException e) {
            throw failure("read alert", e);
        }
    }

    /** Alerts of one tier (effective tier), optionally of one status; most recently active first. */
    public List<AlertRecord> alerts(Tier tier, AlertStatus status) {
        String prefix = tier.ordinal() + "|" + (status == null ? "" : status.ordinal() + "|");
        List<AlertRecord> out = new ArrayList<>();
        try (RocksIterator it = db.newIterator(queue)) {
            byte[] p = bytes(prefix);
            for (it.seek(p); it.isValid() && startsWith(it.key(), p); it.next()) {
                String key = new String(it.key(), StandardCharsets.UTF_8);
                alert(key.substring(key.lastIndexOf('|') + 1)).ifPresent(out::add);
            }
        }
        out.sort(Comparator.comparing(AlertRecord::lastActivity).reversed());
        return out;
    }

    /** Records a staff action on an alert: new status and/or tier, and a history line. */
    public synchronized AlertRecord recordAction(String alertId, String event, AlertStatus status, Tier tier, String staffId) {
        AlertRecord old = alert(alertId).orElseThrow(() -> new IllegalArgumentException("no such alert"));
        Instant now = clock.instant();
        List<AlertRecord.HistoryEntry> history = new ArrayList<>(old.history());
        history.add(new AlertRecord.HistoryEntry(now, event, old.alert().sequence(), staffId));
        Tier newTier = tier == null ? old.tier() : old.tier().max(tier);
        boolean higher = newTier.compareTo(old.tier()) > 0;
        AlertRecord rec = new AlertRecord(old.alert(), newTier, status == null ? old.status() : status, history,
                old.firstSeen(), now, old.evidencePurged(), higher ? null : old.claimedBy(), higher ? null : old.claimedByRole(),
                higher ? null : old.claimedAt());
        try (WriteBatch b = new WriteBatch()) {
            writeAlert(b, old, rec);
            db.write(sync, b);
            return rec;
        } catch (RocksDBException e) {
            throw failure("record action", e);
        }
    }

    /** "Being handled by": the claimant, with a history line; a later claim takes over. */
    public synchronized AlertRecord recordClaim(String alertId, String staffId, Role role) {
        AlertRecord old = alert(alertId).orElseThrow(() -> new IllegalArgumentException("no such alert"));
        Instant now = clock.instant();
        List<AlertRecord.HistoryEntry> history = new ArrayList<>(old.history());
        history.add(new AlertRecord.HistoryEntry(now, old.claimedBy() == null ? "claimed"
                : "claimed (taking over from " + old.claimedBy() + ")", old.alert().sequence(), staffId));
        AlertRecord rec = new AlertRecord(old.alert(), old.tier(), old.status().closed() ? old.status() : AlertStatus.ACKNOWLEDGED,
                history, old.firstSeen(), now, old.evidencePurged(), staffId, role, now);
        try (WriteBatch b = new WriteBatch()) {
            writeAlert(b, old, rec);
            db.write(sync, b);
            return rec;
        } catch (RocksDBException e) {
            throw failure("record claim", e);
        }
    }

    private void writeAlert(WriteBatch b, AlertRecord old, AlertRecord rec) throws RocksDBException {
        if (old != null) {
            b.delete(queue, queueKey(old));
        }
        b.put(alerts, bytes(rec.alert().alertId()), write(rec));
        b.put(queue, queueKey(rec), new byte[0]);
    }

    private static byte[] queueKey(AlertRecord r) {
        return bytes(r.tier().ordinal() + "|" + r.status().ordinal() + "|" + r.alert().alertId());
    }

    // ---------------------------------------------------------------- notes

    public synchronized Note addNote(String alertId, String authorId, Role role, String text) {
        Note n = new Note(UUID.randomUUID().toString(), alertId, authorId, role, text, clock.instant());
        try {
            db.put(notes, sync, noteKey(n), write(n));
            return n;
        } catch (RocksDBException e) {
            throw failure("add note", e);
        }
    }

    /** All notes of an alert, oldest first; callers filter by {@code AccessPolicy.canSeeNote}. */
    public List<Note> notes(String alertId) {
        List<Note> out = new ArrayList<>();
        byte[] p = bytes(alertId + "|");
        try (RocksIterator it = db.newIterator(notes)) {
            for (it.seek(p); it.isValid() && startsWith(it.key(), p); it.next()) {
                out.add(read(it.value(), Note.class));
            }
        }
        return out;
    }

    private static byte[] noteKey(Note n) {
        return bytes(n.alertId() + "|" + String.format("%020d", n.at().toEpochMilli()) + "|" + n.noteId());
    }

    // ---------------------------------------------------------------- held messages

    public Optional<HeldMessage> heldMessage(String messageId) {
        try {
            byte[] v = db.get(held, bytes(messageId));
            return v == null ? Optional.empty() : Optional.of(read(v, HeldMessage.class));
        } catch (RocksDBException e) {
            throw failure("read held message", e);
        }
    }

    public List<HeldMessage> heldMessages(HeldMessage.Status status) {
        List<HeldMessage> out = new ArrayList<>();
        try (RocksIterator it = db.newIterator(held)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                HeldMessage h = read(it.value(), HeldMessage.class);
                if (status == null || h.status() == status) {
                    out.add(h);
                }
            }
        }
        out.sort(Comparator.comparing(HeldMessage::receivedAt));
        return out;
    }

    /** Marks a pending held message released or denied; false if it is not pending (already decided). */
    public synchronized boolean decideHeld(String messageId, HeldMessage.Status outcome, String staffId) {
        HeldMessage h = heldMessage(messageId).orElse(null);
        if (h == null || h.status() != HeldMessage.Status.PENDING) {
            return false;
        }
        try {
            db.put(held, sync, bytes(messageId), write(new HeldMessage(h.decision(), outcome, staffId, clock.instant(), h.receivedAt())));
            return true;
        } catch (RocksDBException e) {
            throw failure("decide held message", e);
        }
    }

    // ---------------------------------------------------------------- mutes

    /** Records a mute this console published (replaces an earlier one of the same conversation). */
    public synchronized void recordMute(Mute m) {
        try {
            db.put(mutes, sync, bytes(m.conversationId()), write(m));
        } catch (RocksDBException e) {
            throw failure("record mute", e);
        }
    }

    /** Forgets the conversation's mute (an unmute was published). */
    public synchronized void clearMute(String conversationId) {
        try {
            db.delete(mutes, sync, bytes(conversationId));
        } catch (RocksDBException e) {
            throw failure("clear mute", e);
        }
    }

    /** The last mute this console sent for a conversation, expired or not; callers compare {@link Mute#until()}. */
    public Optional<Mute> mute(String conversationId) {
        if (conversationId == null) {
            return Optional.empty();
        }
        try {
            byte[] v = db.get(mutes, bytes(conversationId));
            return v == null ? Optional.empty() : Optional.of(read(v, Mute.class));
        } catch (RocksDBException e) {
            throw failure("read mute", e);
        }
    }

    // ---------------------------------------------------------------- audit (append-only)

    /** Appends one audit line; the only way to write the audit log (there is no update or delete). */
    public synchronized AuditEntry audit(String user, Role role, String action, String target, String reason, String outcome) {
        try {
            byte[] s = db.get(meta, AUDIT_SEQ);
            long seq = s == null ? 1 : ByteBuffer.wrap(s).getLong() + 1;
            byte[] h = db.get(meta, AUDIT_HEAD);
            String prev = h == null ? GENESIS : new String(h, StandardCharsets.UTF_8);
            Instant at = clock.instant();
            String r = role == null ? null : role.name();
            AuditEntry e = new AuditEntry(seq, at, user, r, action, target, reason, outcome, prev,
                    chainHash(seq, at, user, r, action, target, reason, outcome, prev));
            try (WriteBatch b = new WriteBatch()) {
                byte[] k = ByteBuffer.allocate(8).putLong(seq).array();
                b.put(audit, k, write(e));
                b.put(meta, AUDIT_SEQ, k);
                b.put(meta, AUDIT_HEAD, bytes(e.hash()));
                db.write(sync, b);
            }
            return e;
        } catch (RocksDBException ex) {
            throw failure("append audit", ex);
        }
    }

    /** Audit lines, newest first, at most {@code limit}, matching {@code filter}. */
    public List<AuditEntry> auditLog(int limit, Predicate<AuditEntry> filter) {
        List<AuditEntry> out = new ArrayList<>();
        try (RocksIterator it = db.newIterator(audit)) {
            for (it.seekToLast(); it.isValid() && out.size() < limit; it.prev()) {
                AuditEntry e = read(it.value(), AuditEntry.class);
                if (filter.test(e)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /**
     * Checks the whole audit chain: consecutive sequence numbers from 1, each entry's hash over its
     * fields and its predecessor's hash, the head matching the last entry.
     *
     * @return number of entries verified
     * @throws IllegalStateException naming the first broken sequence number
     */
    public long verifyAuditChain() {
        String prev = GENESIS;
        long expected = 1;
        try (RocksIterator it = db.newIterator(audit)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                AuditEntry e = read(it.value(), AuditEntry.class);
                long keySeq = ByteBuffer.wrap(it.key()).getLong();
                if (keySeq != expected || e.seq() != expected || !e.prevHash().equals(prev)
                        || !e.hash().equals(chainHash(e.seq(), e.at(), e.user(), e.role(), e.action(), e.target(),
                                e.reason(), e.outcome(), e.prevHash()))) {
                    throw new IllegalStateException("audit chain broken at entry " + expected);
                }
                prev = e.hash();
                expected++;
            }
            byte[] h = db.get(meta, AUDIT_HEAD);
            if (!(h == null ? GENESIS : new String(h, StandardCharsets.UTF_8)).equals(prev)) {
                throw new IllegalStateException("audit chain head does not match its last entry (entries removed?)");
            }
        } catch (RocksDBException e) {
            throw failure("verify audit", e);
        }
        return expected - 1;
    }

    private static String chainHash(long seq, Instant at, String user, String role, String action, String target,
            String reason, String outcome, String prev) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (String f : new String[] {prev, Long.toString(seq), at.toString(), user, role, action, target, reason, outcome}) {
                byte[] b = f == null ? new byte[] {0} : f.getBytes(StandardCharsets.UTF_8);
                d.update(ByteBuffer.allocate(4).putInt(f == null ? -1 : b.length).array());
                d.update(b);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- retention

    /**
     * Deletes what is past its retention: alerts (with their history and notes) whose last activity is
     * older than the safeguarding period, notes older than it, evidence excerpts and held messages of
     * messages sent before the chat-record period. Returns counts; never logs or returns contents.
     */
    public synchronized RetentionPolicy.Result applyRetention(RetentionPolicy policy) {
        Instant now = clock.instant();
        Instant safeguardingCutoff = now.minus(policy.safeguardingRecords());
        Instant chatCutoff = now.minus(policy.chatRecords());
        int alertsDeleted = 0;
        int notesDeleted = 0;
        int evidenceDeleted = 0;
        int heldDeleted = 0;
        int contextDeleted = 0;
        try (WriteBatch b = new WriteBatch()) {
            List<String> deletedAlerts = new ArrayList<>();
            try (RocksIterator it = db.newIterator(alerts)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    AlertRecord r = read(it.value(), AlertRecord.class);
                    if (r.lastActivity().isBefore(safeguardingCutoff)) {
                        b.delete(alerts, it.key());
                        b.delete(queue, queueKey(r));
                        deletedAlerts.add(r.alert().alertId());
                        alertsDeleted++;
                        evidenceDeleted += r.alert().evidence().size();
                        continue;
                    }
                    List<Evidence> kept = r.alert().evidence().stream()
                            .filter(e -> e.sentAt() == null || !e.sentAt().isBefore(chatCutoff)).toList();
                    if (kept.size() < r.alert().evidence().size()) {
                        evidenceDeleted += r.alert().evidence().size() - kept.size();
                        StaffAlert a = r.alert();
                        StaffAlert trimmed = new StaffAlert(a.alertId(), a.sequence(), a.tier(), a.category(), a.conversationId(),
                                a.subjectUserIds(), a.reasonCodes(), kept, a.rulePackVersion(), a.createdAt(), a.updatedAt(),
                                a.ackDueAt(), a.outsideStaffedHours());
                        b.put(alerts, it.key(), write(new AlertRecord(trimmed, r.tier(), r.status(), r.history(),
                                r.firstSeen(), r.lastActivity(), true, r.claimedBy(), r.claimedByRole(), r.claimedAt())));
                    }
                }
            }
            try (RocksIterator it = db.newIterator(notes)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    Note n = read(it.value(), Note.class);
                    if (n.at().isBefore(safeguardingCutoff) || deletedAlerts.contains(n.alertId())) {
                        b.delete(notes, it.key());
                        notesDeleted++;
                    }
                }
            }
            try (RocksIterator it = db.newIterator(held)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    HeldMessage h = read(it.value(), HeldMessage.class);
                    Instant sent = h.decision().sentAt() == null ? h.receivedAt() : h.decision().sentAt();
                    if (sent.isBefore(chatCutoff)) {
                        b.delete(held, it.key());
                        heldDeleted++;
                    }
                }
            }
            // conversation context is chat records: gone a year after the message was sent, oldest first
            byte[] cutoffKey = ByteBuffer.allocate(8).putLong(chatCutoff.toEpochMilli() ^ Long.MIN_VALUE).array();
            java.util.Map<String, Long> fewer = new java.util.HashMap<>();
            try (RocksIterator it = db.newIterator(contextByTime)) {
                for (it.seekToFirst(); it.isValid() && java.util.Arrays.compareUnsigned(it.key(), 0, 8, cutoffKey, 0, 8) < 0; it.next()) {
                    byte[] k = it.key();
                    long millis = ByteBuffer.wrap(k, 0, 8).getLong() ^ Long.MIN_VALUE;
                    String rest = new String(k, 8, k.length - 8, StandardCharsets.UTF_8);
                    int nul = rest.indexOf('\u0000');
                    String conv = rest.substring(0, nul);
                    b.delete(contextByTime, k);
                    b.delete(context, contextKey(conv, millis, rest.substring(nul + 1)));
                    fewer.merge(conv, 1L, Long::sum);
                    contextDeleted++;
                }
            }
            for (java.util.Map.Entry<String, Long> e : fewer.entrySet()) {
                byte[] countKey = bytes("ctxcount:" + e.getKey());
                byte[] c = db.get(meta, countKey);
                long left = (c == null ? 0 : ByteBuffer.wrap(c).getLong()) - e.getValue();
                if (left <= 0) {
                    b.delete(meta, countKey);
                } else {
                    b.put(meta, countKey, ByteBuffer.allocate(8).putLong(left).array());
                }
            }
            // a mute long expired says nothing any more: ids only, gone with the chat records
            try (RocksIterator it = db.newIterator(mutes)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    if (read(it.value(), Mute.class).until().isBefore(chatCutoff)) {
                        b.delete(mutes, it.key());
                    }
                }
            }
            db.write(sync, b);
        } catch (RocksDBException e) {
            throw failure("retention", e);
        }
        return new RetentionPolicy.Result(alertsDeleted, notesDeleted, evidenceDeleted, heldDeleted, contextDeleted);
    }

    // ---------------------------------------------------------------- plumbing

    private byte[] write(Object o) {
        return EventJson.toBytes(o);
    }

    private <T> T read(byte[] v, Class<T> type) {
        try {
            return json.readValue(v, type);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt " + type.getSimpleName() + " in alert store", e);
        }
    }

    private static Instant latest(Instant a, Instant b) {
        return b == null || a.isAfter(b) ? a : b;
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        if (key.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (key[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static IllegalStateException failure(String what, RocksDBException e) {
        return new IllegalStateException("alert store: " + what + " failed: " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        for (ColumnFamilyHandle h : handles) {
            h.close();
        }
        db.close();
        options.close();
        sync.close();
    }
}
