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
        if (mute != null) {
            m.put("mutedBy", mute.staffId());
            m.put("mutedByRole", mute.staffRole());
            m.put("mutedUntil", mute.until());
        }
        return m;
    }

    static Map<String, Object> detail(ConsoleService.AlertView v) {
        Map<String, Object> m = summary(v.record(), v.mute());
        m.put("evidence", v.record().alert().evidence());
        m.put("evidencePurged", v.record().evidencePurged());
        m.put("history", v.record().history());
        m.put("notes", v.notes());
        return m;
    }

    /** "who (ROLE) until when", or empty: what a mute looks like in the queue and on the alert page. */
    static String muteText(Mute m) {
        return m == null ? "" : esc(m.staffId()) + " (" + m.staffRole() + ") until " + esc(m.until());
    }
}
