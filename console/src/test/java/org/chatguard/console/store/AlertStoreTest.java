package org.chatguard.console.store;

import static org.chatguard.console.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

import org.chatguard.console.Fixtures;
import org.chatguard.console.Role;
import org.chatguard.model.Category;
import org.chatguard.model.Tier;

class AlertStoreTest {

    @TempDir
    Path dir;

    @Test
    void restartKeepsAlertsNotesHeldAuditAndOffsets() {
        try (AlertStore s = AlertStore.open(dir)) {
            assertTrue(s.applyAlert(Fixtures.alert("a1", 1, Tier.COUNSELLOR, Category.SELF_HARM, T0), "staff-alerts", 0, 7));
            s.applyDecision(Fixtures.held("h1", T0), "decisions", 0, 3);
            s.addNote("a1", "coun", Role.COUNSELLOR, "spoke to the child");
            s.recordAction("a1", "acknowledge_alert", AlertStatus.ACKNOWLEDGED, null, "coun");
            s.audit("coun", Role.COUNSELLOR, "VIEW_ALERT", "a1", null, "OK");
        }
        try (AlertStore s = AlertStore.open(dir)) {
            AlertRecord a = s.alert("a1").orElseThrow();
            assertEquals(AlertStatus.ACKNOWLEDGED, a.status());
            assertEquals(List.of("raised", "acknowledge_alert"), a.history().stream().map(AlertRecord.HistoryEntry::event).toList());
            assertEquals(1, s.alerts(Tier.COUNSELLOR, AlertStatus.ACKNOWLEDGED).size());
            assertEquals(0, s.alerts(Tier.COUNSELLOR, AlertStatus.OPEN).size());
            assertEquals(1, s.notes("a1").size());
            assertEquals(HeldMessage.Status.PENDING, s.heldMessage("h1").orElseThrow().status());
            assertEquals(7L, s.appliedOffset("staff-alerts", 0).orElseThrow());
            assertEquals(3L, s.appliedOffset("decisions", 0).orElseThrow());
            assertEquals(1, s.verifyAuditChain());
        }
    }

    @Test
    void replayKeepsHighestSequenceWithoutDuplicateHistory() {
        try (AlertStore s = AlertStore.open(dir)) {
            assertTrue(s.applyAlert(Fixtures.alert("a1", 1, Tier.COUNSELLOR, Category.SELF_HARM, T0), "t", 0, 0));
            assertTrue(s.applyAlert(Fixtures.alert("a1", 3, Tier.SAFEGUARDING, Category.SELF_HARM, T0.plusSeconds(5)), "t", 0, 1));
            // replay and a late, older update: nothing changes
            assertFalse(s.applyAlert(Fixtures.alert("a1", 1, Tier.COUNSELLOR, Category.SELF_HARM, T0), "t", 0, 0));
            assertFalse(s.applyAlert(Fixtures.alert("a1", 2, Tier.COUNSELLOR, Category.SELF_HARM, T0), "t", 0, 2));
            assertFalse(s.applyAlert(Fixtures.alert("a1", 3, Tier.SAFEGUARDING, Category.SELF_HARM, T0.plusSeconds(5)), "t", 0, 3));
            AlertRecord a = s.alert("a1").orElseThrow();
            assertEquals(3, a.alert().sequence());
            assertEquals(Tier.SAFEGUARDING, a.tier());
            assertEquals(2, a.history().size());
            assertEquals(List.of(), s.alerts(Tier.COUNSELLOR, null), "moved out of the counsellor queue");
            assertEquals(1, s.alerts(Tier.SAFEGUARDING, null).size());
            // held messages: keyed by message id, decided once
            assertTrue(s.applyDecision(Fixtures.held("h1", T0), "d", 0, 0));
            assertFalse(s.applyDecision(Fixtures.held("h1", T0), "d", 0, 0));
            assertFalse(s.applyDecision(Fixtures.allow("x1", T0), "d", 0, 1), "non-HOLD decisions are not kept");
            assertTrue(s.decideHeld("h1", HeldMessage.Status.RELEASED, "mod"));
            assertFalse(s.decideHeld("h1", HeldMessage.Status.DENIED, "mod"));
            assertEquals(1, s.heldMessages(null).size());
            // resolved, then new evidence with a higher sequence: reopened
            s.recordAction("a1", "resolve_alert", AlertStatus.RESOLVED, null, "safe");
            s.applyAlert(Fixtures.alert("a1", 4, Tier.SAFEGUARDING, Category.SELF_HARM, T0.plusSeconds(9)), "t", 0, 4);
            assertEquals(AlertStatus.OPEN, s.alert("a1").orElseThrow().status());
        }
    }

    @Test
    void retentionDeletesPastTheirPeriodAndReportsCountsOnly() {
        Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);
        RetentionPolicy policy = RetentionPolicy.defaults();
        try (AlertStore s = AlertStore.open(dir, clock)) {
            s.applyAlert(Fixtures.alert("old", 1, Tier.COUNSELLOR, Category.SELF_HARM, T0), "t", 0, 0);
            s.addNote("old", "coun", Role.COUNSELLOR, "note 1");
            s.applyDecision(Fixtures.held("h-old", T0), "d", 0, 0);
            s.audit("coun", Role.COUNSELLOR, "VIEW_ALERT", "old", null, "OK");

            clock.set(T0.plus(Duration.ofDays(200)));
            s.applyAlert(Fixtures.alert("new", 1, Tier.MODERATOR, Category.PROFANITY, clock.instant()), "t", 0, 1);
            assertEquals(new RetentionPolicy.Result(0, 0, 0, 0), s.applyRetention(policy));

            // one year on: chat records (the old evidence excerpt, the held message, that message as context) go;
            // the alert and note stay
            assertEquals(1, s.conversation("conv-h").size());
            clock.set(T0.plus(Duration.ofDays(366)));
            assertEquals(new RetentionPolicy.Result(0, 0, 1, 1, 1), s.applyRetention(policy));
            assertEquals(List.of(), s.conversation("conv-h"));
            AlertRecord old = s.alert("old").orElseThrow();
            assertTrue(old.evidencePurged());
            assertEquals(List.of(), old.alert().evidence());
            assertEquals(1, s.notes("old").size());
            assertEquals(1, s.alert("new").orElseThrow().alert().evidence().size());

            // six years on: the old alert and its note go; the newer one (200 days younger) stays
            clock.set(T0.plus(policy.safeguardingRecords()).plus(Duration.ofDays(1)));
            RetentionPolicy.Result r = s.applyRetention(policy);
            assertEquals(1, r.alertsDeleted());
            assertEquals(1, r.notesDeleted());
            assertTrue(s.alert("old").isEmpty());
            assertEquals(List.of(), s.notes("old"));
            assertTrue(s.alert("new").isPresent());
            assertEquals(List.of(), s.alerts(Tier.COUNSELLOR, null));
            assertFalse(r.toString().contains("note 1"));
            // the audit log is not subject to retention
            assertEquals(1, s.verifyAuditChain());
        }
    }

    @Test
    void auditLogIsAppendOnlyAndTamperEvident() throws Exception {
        try (AlertStore s = AlertStore.open(dir)) {
            s.audit("safe", Role.SAFEGUARDING, "VIEW_ORIGINAL", "a1/m1", "police request ref 42", "SHOWN");
            s.audit("mod", Role.MODERATOR, "VIEW_ALERT", "a1", null, "DENIED");
            s.audit("admin", Role.ADMIN, "VIEW_AUDIT", "-", null, "OK");
            assertEquals(3, s.verifyAuditChain());
            List<AuditEntry> log = s.auditLog(10, e -> true);
            assertEquals(List.of(3L, 2L, 1L), log.stream().map(AuditEntry::seq).toList());
            assertEquals("police request ref 42", log.get(2).reason());
        }
        // the store's API has no way to change or remove an audit line
        for (Method m : AlertStore.class.getDeclaredMethods()) {
            String n = m.getName().toLowerCase();
            if (Modifier.isPublic(m.getModifiers()) && n.contains("audit")) {
                assertTrue(Arrays.asList("audit", "auditlog", "verifyauditchain").contains(n), "unexpected audit method " + m);
            }
        }
        try (AlertStore s = AlertStore.open(dir)) {
            assertEquals(3, s.verifyAuditChain(), "chain survives a restart");
            s.audit("safe", Role.SAFEGUARDING, "VIEW_ALERT", "a2", null, "OK");
            assertEquals(4, s.verifyAuditChain());
        }
        // editing a line behind the store's back is detected
        rewriteAudit(2, "\"DENIED\"", "\"OK\"");
        try (AlertStore s = AlertStore.open(dir)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, s::verifyAuditChain);
            assertTrue(e.getMessage().contains("entry 2"), e.getMessage());
        }
    }

    private void rewriteAudit(long seq, String from, String to) throws Exception {
        // every column family the store has (RocksDB refuses to open with some missing), the audit one by name
        List<ColumnFamilyDescriptor> cfs = new ArrayList<>();
        int auditCf = -1;
        try (org.rocksdb.Options lo = new org.rocksdb.Options()) {
            for (byte[] n : RocksDB.listColumnFamilies(lo, dir.toString())) {
                if (new String(n, StandardCharsets.UTF_8).equals("audit")) {
                    auditCf = cfs.size();
                }
                cfs.add(new ColumnFamilyDescriptor(n));
            }
        }
        List<ColumnFamilyHandle> h = new ArrayList<>();
        try (DBOptions o = new DBOptions(); RocksDB db = RocksDB.open(o, dir.toString(), cfs, h)) {
            try (RocksIterator it = db.newIterator(h.get(auditCf))) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    if (java.nio.ByteBuffer.wrap(it.key()).getLong() == seq) {
                        String v = new String(it.value(), StandardCharsets.UTF_8);
                        db.put(h.get(auditCf), it.key(), v.replace(from, to).getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            h.forEach(ColumnFamilyHandle::close);
        }
    }
}
