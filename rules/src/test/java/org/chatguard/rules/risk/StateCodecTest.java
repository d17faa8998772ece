package org.chatguard.rules.risk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.chatguard.model.Category;
import org.chatguard.model.Tier;

/**
 * The array-based codec must write and read exactly what {@link DataOutputStream}/{@link DataInputStream}
 * did, so state written before the change restores after it, and the other way round.
 */
class StateCodecTest {

    static final List<String> STRINGS = List.of("", "u-ivy", "m-1842~3", "al-5f0c2a9e41d7b3c86a12", "\u0000nul",
            "caf\u00e9", "\u00ff\u0100\u07ff\u0800", "emoji \uD83D\uDE00 ok", "lone \uD800 surrogate", "\uffff",
            "x".repeat(300), "\u20ac".repeat(200) + "\u2026");

    private static String random(Random r) {
        char[] c = new char[r.nextInt(40)];
        for (int i = 0; i < c.length; i++) {
            c[i] = switch (r.nextInt(4)) {
                case 0 -> (char) r.nextInt(0x80);
                case 1 -> (char) r.nextInt(0x800);
                case 2 -> (char) r.nextInt(0x10000);
                default -> (char) ('a' + r.nextInt(26));
            };
        }
        return new String(c);
    }

    @Test
    void writesTheSameBytesAsDataOutputStreamAndReadsThemBack() throws IOException {
        Random r = new Random(42);
        for (int round = 0; round < 500; round++) {
            ByteArrayOutputStream ref = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(ref);
            StateCodec.Out o = new StateCodec.Out(4);
            String s = round < STRINGS.size() ? STRINGS.get(round) : random(r);
            long l = r.nextLong();
            int i = r.nextInt();
            float f = r.nextFloat() * 1000;
            d.writeByte(round);
            o.writeByte(round);
            d.writeUTF(s);
            o.writeUTF(s);
            d.writeLong(l);
            o.writeLong(l);
            d.writeShort(i);
            o.writeShort(i);
            d.writeInt(i);
            o.writeInt(i);
            d.writeFloat(f);
            o.writeFloat(f);
            d.writeBoolean(round % 2 == 0);
            o.writeBoolean(round % 2 == 0);
            StateCodec.writeString(o, round % 3 == 0 ? null : s);
            d.writeBoolean(round % 3 != 0);
            if (round % 3 != 0) {
                d.writeUTF(s);
            }
            d.flush();
            byte[] expected = ref.toByteArray();
            assertArrayEquals(expected, o.toByteArray(), "bytes for " + Arrays.toString(s.chars().toArray()));

            StateCodec.In in = new StateCodec.In(expected);
            assertEquals(round & 0xFF, in.readUnsignedByte());
            assertEquals(s, in.readUTF());
            assertEquals(l, in.readLong());
            assertEquals(i & 0xFFFF, in.readUnsignedShort());
            assertEquals(i, in.readInt());
            assertEquals(f, in.readFloat());
            assertEquals(round % 2 == 0, in.readBoolean());
            assertEquals(round % 3 == 0 ? null : s, StateCodec.readString(in));
        }
    }

    @Test
    void randomBytesDecodeOrFailAsDataInputStream() {
        Random r = new Random(5);
        for (int round = 0; round < 100_000; round++) {
            byte[] b = new byte[2 + r.nextInt(12)];
            for (int i = 2; i < b.length; i++) {
                int kind = r.nextInt(4);
                b[i] = (byte) (kind == 0 ? 0x80 | r.nextInt(0x40) : kind == 1 ? 0xC0 | r.nextInt(0x40) : kind == 2 ? r.nextInt(0x80) : r.nextInt(256));
            }
            int len = b.length - 2;
            b[0] = (byte) (len >>> 8);
            b[1] = (byte) len;
            String expected;
            try {
                expected = new DataInputStream(new ByteArrayInputStream(b)).readUTF();
            } catch (IOException e) {
                expected = null;
            }
            String actual;
            try {
                actual = new StateCodec.In(b).readUTF();
            } catch (IOException e) {
                actual = null;
            }
            assertEquals(expected, actual, () -> Arrays.toString(b));
        }
    }

    @Test
    void aStringTooLongForWriteUtfIsRefusedAsBefore() {
        String huge = "\u0800".repeat(30_000);
        assertThrows(java.io.UTFDataFormatException.class, () -> new StateCodec.Out(8).writeUTF(huge));
        assertThrows(java.io.UTFDataFormatException.class,
                () -> new DataOutputStream(new ByteArrayOutputStream()).writeUTF(huge));
    }

    @Test
    void truncatedOrMalformedStateIsReportedAsCorrupt() throws IOException {
        ConversationRisk r = new ConversationRisk();
        r.participant("u-\u00e9mile", 5, RiskConfig.defaults());
        byte[] ok = r.encode();
        for (int cut = 1; cut < ok.length; cut++) {
            byte[] shorter = Arrays.copyOf(ok, cut);
            assertThrows(UncheckedIOException.class, () -> ConversationRisk.decode(shorter), "cut at " + cut);
        }
        // a bad modified-UTF-8 sequence fails as DataInputStream.readUTF failed
        byte[] bad = {0, 3, 'a', (byte) 0xC3, 'b'};
        assertThrows(java.io.UTFDataFormatException.class, () -> new DataInputStream(new ByteArrayInputStream(bad)).readUTF());
        assertThrows(java.io.UTFDataFormatException.class, () -> new StateCodec.In(bad).readUTF());
    }

    /** Conversation risk exactly as version 1 was written with {@link DataOutputStream} before the codec changed. */
    @Test
    void readsConversationRiskWrittenByTheOldCodecAndWritesTheSameBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
        out.writeLong(1_764_234_000_000L);
        int mask = 1 << Category.INSULT.ordinal() | 1 << Category.GROOMING.ordinal();
        out.writeShort(mask);
        for (Category c : Category.values()) {
            if ((mask & 1 << c.ordinal()) != 0) {
                out.writeFloat(c == Category.INSULT ? 7.5f : 3.25f);
            }
        }
        out.writeByte(2);
        for (String u : List.of("u-gary", "u-k\u00efm")) {
            out.writeUTF(u);
            out.writeByte(0b101);
            out.writeLong(1_764_233_000_000L);
            out.writeByte(ConversationRisk.FLAG_DISTRESS);
            out.writeLong(1_764_234_000_000L);
        }
        out.writeByte(1);
        out.writeUTF("u-bob");
        out.writeUTF("u-vic");
        out.writeByte(2);
        out.writeLong(1_764_233_500_000L);
        out.writeLong(1_764_233_600_000L);
        out.writeByte(2);
        out.writeUTF("m-1");
        out.writeBoolean(true);
        out.writeUTF("u-bob");
        out.writeBoolean(true);
        out.writeUTF("you are a ****** \uD83D\uDE00\u2026");
        out.writeLong(1_764_233_500_000L);
        out.writeShort(1 << Category.INSULT.ordinal());
        out.writeUTF("m-2");
        out.writeBoolean(false);
        out.writeBoolean(false);
        out.writeLong(1_764_233_600_000L);
        out.writeShort(1 << Category.GROOMING.ordinal());
        out.flush();
        byte[] old = bytes.toByteArray();

        // version 1 is read; writing always uses the current version (stages in two bytes), evidence bytes unchanged
        byte[] rewritten = ConversationRisk.decode(old).encode();
        assertEquals(2, rewritten[0], "written as version 2");
        assertEquals(old.length + 2, rewritten.length, "one more byte per sender's stages, nothing else");
        assertArrayEquals(rewritten, ConversationRisk.decode(rewritten).encode(), "version 2 re-encodes to itself");
        ConversationRisk untouched = ConversationRisk.decode(old);
        untouched.add(Category.INSULT, 1, 1_764_234_000_000L, RiskConfig.defaults());
        assertEquals(2, ConversationRisk.decode(untouched.encode()).evidence().size(), "evidence copied over unread");

        ConversationRisk r = ConversationRisk.decode(old);
        assertEquals(1_764_234_000_000L, r.updatedAtMillis);
        assertEquals(7.5, r.scores[Category.INSULT.ordinal()]);
        assertEquals(3.25, r.scores[Category.GROOMING.ordinal()]);
        assertEquals("u-k\u00efm", r.participants.get(1).userId);
        assertEquals(0b101, r.participants.get(1).stages);
        assertEquals(List.of(1_764_233_500_000L, 1_764_233_600_000L), r.pairs.get(0).times);
        assertEquals("you are a ****** \uD83D\uDE00\u2026", r.evidence().get(0).maskedExcerpt());
        assertNull(r.evidence().get(1).senderId());
        assertArrayEquals(rewritten, r.encode(), "reading the evidence does not change what is written");
    }

    /** Nine grooming stages since access and age-gap: version 1 kept eight bits and lost age-gap. */
    @Test
    void everyGroomingStageSurvivesAStateWrite() {
        ConversationRisk r = new ConversationRisk();
        RiskConfig cfg = RiskConfig.defaults();
        long t = 1_764_234_000_000L;
        ConversationRisk.Participant p = r.participant("u-max", t, cfg);
        int all = 0;
        for (GroomingStage s : GroomingStage.values()) {
            all |= s.bit();
        }
        p.stages = all;
        p.stagesAtMillis = t;
        ConversationRisk back = ConversationRisk.decode(r.encode());
        assertEquals(all, back.participants.get(0).stages, "stages " + Integer.toBinaryString(back.participants.get(0).stages));
        assertEquals(GroomingStage.values().length, GroomingStage.count(back.participants.get(0).stages));
    }

    @Test
    void alertsAndUsersRoundTrip() {
        ConversationAlerts a = new ConversationAlerts();
        a.mute(Category.INSULT, 5_000);
        a.timerAtMillis = 123;
        ConversationAlerts.OpenAlert o = new ConversationAlerts.OpenAlert(Category.SELF_HARM, "al-1");
        o.sequence = 3;
        o.tier = Tier.COUNSELLOR;
        o.rulePackVersion = "v\u00e9";
        o.subjects.add("u-ivy");
        o.reasons.add("distress building: u-ivy");
        o.ackDueMillis = 9_000;
        o.clockTier = Tier.COUNSELLOR.ordinal();
        o.acknowledged = true;
        o.outsideHours = true;
        a.deadlineTimerMillis = 8_000;
        a.open.add(o);
        ConversationAlerts back = ConversationAlerts.decode(a.encode());
        assertEquals(4, a.encode()[0], "written as version 4");
        assertEquals(9_000, back.open.get(0).ackDueMillis);
        assertEquals(Tier.COUNSELLOR.ordinal(), back.open.get(0).clockTier);
        assertTrue(back.open.get(0).acknowledged);
        assertTrue(back.open.get(0).outsideHours);
        assertEquals(8_000, back.deadlineTimerMillis);
        assertTrue(back.mutes(Category.INSULT, Tier.MODERATOR, 4_999));
        assertFalse(back.mutes(Category.INSULT, Tier.MODERATOR, 5_000), "the mute ends when it says");
        assertFalse(back.mutes(Category.PROFANITY, Tier.MODERATOR, 1), "only the named category");
        assertEquals(123, back.timerAtMillis);
        assertEquals("v\u00e9", back.open.get(0).rulePackVersion);
        assertEquals(List.of("distress building: u-ivy"), back.open.get(0).reasons);
        assertArrayEquals(a.encode(), back.encode());

        UserRisk u = new UserRisk();
        u.blocked = true;
        u.blockActionId = "sa-311";
        u.distress = 4.5;
        assertEquals("sa-311", UserRisk.decode(u.encode()).blockActionId);
        assertEquals(4.5, UserRisk.decode(u.encode()).distress);
    }

    /** Version 1 had one mute flag without an end: it reads as a mute of the site rules that ends a day after first use. */
    @Test
    void readsVersionOneAlertsWithTheirMuteAsASiteRuleMuteThatExpires() throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(b);
        out.writeByte(1);
        out.writeBoolean(true);
        out.writeLong(77);
        out.writeByte(1);
        out.writeByte(Category.GROOMING.ordinal());
        out.writeUTF("al-9");
        out.writeInt(2);
        out.writeByte(Tier.SAFEGUARDING.ordinal());
        out.writeLong(10);
        out.writeLong(20);
        out.writeBoolean(false);
        out.writeBoolean(true);
        out.writeUTF("v1");
        out.writeByte(0);
        out.writeByte(0);
        ConversationAlerts a = ConversationAlerts.decode(b.toByteArray());
        assertEquals(77, a.timerAtMillis);
        assertEquals("al-9", a.open.get(0).alertId);
        assertEquals(Tier.SAFEGUARDING, a.open.get(0).tier);
        long now = 1_764_234_000_000L;
        assertTrue(a.mutes(Category.INSULT, Tier.MODERATOR, now));
        assertFalse(a.mutes(Category.GROOMING, Tier.MODERATOR, now), "child-safety categories were never the mute's to silence");
        assertFalse(a.mutes(Category.INSULT, Tier.COUNSELLOR, now), "nor concerns above moderator");
        RiskConfig cfg = RiskConfig.defaults();
        a.pruneMutes(now, cfg);
        ConversationAlerts back = ConversationAlerts.decode(a.encode());
        assertTrue(back.mutes(Category.INSULT, Tier.MODERATOR, now + cfg.muteDuration().toMillis() - 1));
        assertFalse(back.mutes(Category.INSULT, Tier.MODERATOR, now + cfg.muteDuration().toMillis()));
        back.pruneMutes(now + cfg.muteDuration().toMillis(), cfg);
        assertFalse(back.muted());
    }

    /**
     * Version 2 (mutes with an end, no acknowledgement clocks), byte for byte as it was written: its alerts read
     * with no clock for their current tier (the console may have acknowledged them), so a restore never
     * escalates them for being unacknowledged; a clock starts when their tier next rises.
     */
    @Test
    void readsVersionTwoAlertsWithoutAClockForTheirTier() throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(b);
        out.writeByte(2);
        out.writeShort(1 << Category.INSULT.ordinal());
        out.writeLong(5_000);
        out.writeLong(77);
        out.writeByte(1);
        out.writeByte(Category.SELF_HARM.ordinal());
        out.writeUTF("al-7");
        out.writeInt(4);
        out.writeByte(Tier.COUNSELLOR.ordinal());
        out.writeLong(10);
        out.writeLong(20);
        out.writeBoolean(false);
        out.writeBoolean(true);
        out.writeUTF("v2");
        out.writeByte(1);
        out.writeUTF("u-ivy");
        out.writeByte(0);
        ConversationAlerts a = ConversationAlerts.decode(b.toByteArray());
        assertEquals(77, a.timerAtMillis);
        assertEquals(0, a.deadlineTimerMillis);
        assertTrue(a.mutes(Category.INSULT, Tier.MODERATOR, 4_999));
        ConversationAlerts.OpenAlert o = a.open.get(0);
        assertEquals("al-7", o.alertId);
        assertEquals(4, o.sequence);
        assertEquals(List.of("u-ivy"), o.subjects);
        assertEquals(0, o.ackDueMillis);
        assertEquals(Tier.COUNSELLOR.ordinal(), o.clockTier);
        org.chatguard.rules.decide.Staffing staffing = org.chatguard.rules.decide.Staffing.defaults();
        AlertClock.start(a, 1_764_234_000_000L, staffing);
        assertEquals(0, AlertClock.nextDeadline(a), "no clock for the tier it had");
        o.tier = Tier.SAFEGUARDING;
        AlertClock.start(a, 1_764_234_000_000L, staffing);
        assertTrue(o.ackDueMillis > 0, "a rise in tier starts one");
        assertArrayEquals(a.encode(), ConversationAlerts.decode(a.encode()).encode());
    }
}
