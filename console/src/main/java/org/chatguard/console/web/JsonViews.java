package org.chatguard.console.web;

import static org.chatguard.console.web.Html.esc;

import java.util.LinkedHashMap;
import java.util.Map;

import org.chatguard.console.ConsoleService;
import org.chatguard.console.store.AlertRecord;
import org.chatguard.console.store.Mute;

/** The JSON shapes of alerts (list summary and detail), and how a mute reads on a page. */
final class JsonViews {

    private JsonViews() {
    }

    static Map<String, Object> summary(AlertRecord a, Mute mute) {
        return summary(a, mute, null);
    }

    /** @param now when the age and the overdue mark are judged; null leaves them out */
    static Map<String, Object> summary(AlertRecord a, Mute mute, java.time.Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alertId", a.alert().alertId());
        m.put("sequence", a.alert().sequence());
        m.put("tier", a.tier());
        m.put("category", a.alert().category());
        m.put("status", a.status());
        m.put("conversationId", a.alert().conversationId());
        m.put("subjectUserIds", a.alert().subjectUserIds());
        m.put("reasonCodes", a.alert().reasonCodes());
        m.put("createdAt", a.alert().createdAt());
        m.put("lastActivity", a.lastActivity());
        m.put("ackDueAt", a.alert().ackDueAt());
        m.put("outsideStaffedHours", a.alert().outsideStaffedHours());
        if (now != null) {
            m.put("ageSeconds", java.time.Duration.between(a.alert().createdAt(), now).toSeconds());
            m.put("overdue", a.overdueAt(now));
        }
        m.put("claimedBy", a.claimedBy());
        m.put("claimedByRole", a.claimedByRole());
        m.put("claimedAt", a.claimedAt());
        if (mute != null) {
            m.put("mutedBy", mute.staffId());
            m.put("mutedByRole", mute.staffRole());
            m.put("mutedUntil", mute.until());
        }
        return m;
    }

    static Map<String, Object> detail(ConsoleService.AlertView v, java.time.Instant now) {
        Map<String, Object> m = summary(v.record(), v.mute(), now);
        m.put("evidence", v.record().alert().evidence());
        m.put("evidencePurged", v.record().evidencePurged());
        m.put("history", v.record().history());
        m.put("notes", v.notes());
        return m;
    }

    static Map<String, Object> context(ConsoleService.ContextView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alertId", v.record().alert().alertId());
        m.put("conversationId", v.record().alert().conversationId());
        m.put("private", v.privateConversation());
        m.put("before", v.before());
        m.put("after", v.after());
        java.util.List<Map<String, Object>> lines = new java.util.ArrayList<>();
        for (ConsoleService.ContextLine l : v.lines()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("messageId", l.message().messageId());
            x.put("senderId", l.message().senderId());
            x.put("sentAt", l.message().sentAt());
            x.put("action", l.message().action());
            x.put("displayText", l.message().displayText());
            x.put("evidence", l.evidence());
            lines.add(x);
        }
        m.put("messages", lines);
        return m;
    }

    /** "2h 05m", "4m", "12s": an age or a time left, for people. */
    static String span(java.time.Duration d) {
        long s = Math.abs(d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m";
        }
        if (s < 86_400) {
            return (s / 3600) + "h " + String.format("%02dm", s / 60 % 60);
        }
        return (s / 86_400) + "d " + (s / 3600 % 24) + "h";
    }

    /** The deadline as a page shows it: "overdue by 1h 05m", "due in 12m", "acknowledged", or "-". */
    static String deadlineText(AlertRecord a, java.time.Instant now) {
        java.time.Instant due = a.alert().ackDueAt();
        if (due == null) {
            return "-";
        }
        if (a.overdueAt(now)) {
            return "overdue by " + span(java.time.Duration.between(due, now));
        }
        if (a.status() != org.chatguard.console.store.AlertStatus.OPEN) {
            return a.status().name().toLowerCase(java.util.Locale.ROOT);
        }
        return "due in " + span(java.time.Duration.between(now, due));
    }

    /** "who (ROLE) until when", or empty: what a mute looks like in the queue and on the alert page. */
    static String muteText(Mute m) {
        return m == null ? "" : esc(m.staffId()) + " (" + m.staffRole() + ") until " + esc(m.until());
    }
}
