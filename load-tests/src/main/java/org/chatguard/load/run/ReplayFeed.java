package org.chatguard.load.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.chatguard.connectors.Topics;
import org.chatguard.load.gen.MessageJson;
import org.chatguard.load.replay.ReplaySchedule;
import org.chatguard.model.ChatMessage;

/**
 * A capture replayed on a {@link ReplaySchedule}. With {@code rewriteSentAt} every message carries the
 * wall-clock time it is due (what the job would see live); otherwise the capture's own sentAt,
 * shifted per loop.
 */
public final class ReplayFeed implements Feed {

    private final List<ChatMessage> capture;
    private final ReplaySchedule schedule;
    private final Topics topics;
    private final boolean rewriteSentAt;
    private final Map<String, Integer> position;
    private int loop;
    private int i;
    private long wallStartMillis;

    public ReplayFeed(List<ChatMessage> capture, ReplaySchedule schedule, Topics topics, boolean rewriteSentAt) {
        this.capture = new ArrayList<>(capture);
        this.schedule = schedule;
        this.topics = topics;
        this.rewriteSentAt = rewriteSentAt;
        position = new HashMap<>(capture.size() * 2);
        for (int p = 0; p < schedule.size(); p++) {
            String id = capture.get(schedule.captureIndex(p)).id();
            if (position.put(id, p) != null) {
                throw new IllegalArgumentException("capture has the id '" + id + "' twice; replay matches decisions by id");
            }
        }
    }

    @Override
    public void start(Instant wallStart) {
        wallStartMillis = wallStart.toEpochMilli();
    }

    @Override
    public boolean next(Slot slot) {
        if (i == schedule.size()) {
            i = 0;
            loop++;
        }
        if (loop >= schedule.loops()) {
            return false;
        }
        ChatMessage m = capture.get(schedule.captureIndex(i));
        long offset = schedule.offsetNanos(loop, i);
        Instant sentAt;
        if (rewriteSentAt) {
            sentAt = offset < 0 ? Instant.now() : Instant.ofEpochMilli(wallStartMillis + offset / 1_000_000);
        } else {
            sentAt = schedule.loopSentAt(m.sentAt(), loop);
        }
        slot.seq = (long) loop * schedule.size() + i;
        slot.offsetNanos = offset;
        slot.topic = topics.inputFor(m.kind());
        slot.key = m.conversationId();
        slot.value = MessageJson.toBytes(m, ReplaySchedule.loopId(m.id(), loop), sentAt);
        i++;
        return true;
    }

    @Override
    public long seqOf(String decisionId) {
        Integer p = position.get(decisionId);
        if (p != null) {
            return p;
        }
        int tilde = decisionId.lastIndexOf('~');
        if (tilde < 0) {
            return -1;
        }
        p = position.get(decisionId.substring(0, tilde));
        if (p == null) {
            return -1;
        }
        int l;
        try {
            l = Integer.parseInt(decisionId.substring(tilde + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
        return l > 0 && l < schedule.loops() ? (long) l * schedule.size() + p : -1;
    }

    @Override
    public long capacity() {
        return schedule.total();
    }

    @Override
    public double targetRate() {
        if (schedule.asap()) {
            return 0;
        }
        long spanNanos = schedule.offsetNanos(1, 0) - schedule.offsetNanos(0, 0);
        return spanNanos <= 0 ? 0 : schedule.size() * 1e9 / spanNanos;
    }
}
