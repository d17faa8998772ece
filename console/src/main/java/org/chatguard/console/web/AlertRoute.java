package org.chatguard.console.web;

import static org.chatguard.console.web.Html.esc;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.chatguard.console.ConsoleService;
import org.chatguard.console.ConsoleService.BadRequest;
import org.chatguard.console.AccessPolicy;
import org.chatguard.console.Role;
import org.chatguard.console.store.AlertRecord;
import org.chatguard.console.store.Note;
import org.chatguard.model.Evidence;
import org.chatguard.model.StaffAction;

/**
 * {@code /alerts/{id}}: the alert page (or JSON detail), and its POSTs: {@code action(s)}, {@code notes},
 * {@code original} (the audited Safeguarding view of what was said). {@code GET /api/alerts} is the
 * tier's list ({@link QueueRoute#list}).
 */
final class AlertRoute implements Route {

    private final ConsoleService service;
    private final Layout layout;
    private final QueueRoute queue;

    AlertRoute(ConsoleService service, Layout layout, QueueRoute queue) {
        this.service = service;
        this.layout = layout;
        this.queue = queue;
    }

    @Override
    public void handle(Request r) throws IOException {
        if (r.parts().size() == 1 && r.api() && r.get()) {
            queue.list(r);
            return;
        }
        if (r.parts().size() < 2) {
            throw new BadRequest(404, "not found");
        }
        String id = r.part(1);
        String sub = r.part(2);
        if (r.get() && sub.isEmpty()) {
            ConsoleService.AlertView v = service.alert(r.subject(), id);
            if (r.api()) {
                Http.sendJson(r.ex(), 200, JsonViews.detail(v, v.now()));
            } else {
                page(r, v, null);
            }
        } else if (r.get() && sub.equals("context")) {
            ConsoleService.ContextView c = service.context(r.subject(), id);
            if (r.api()) {
                Http.sendJson(r.ex(), 200, JsonViews.context(c));
            } else {
                contextPage(r, c);
            }
        } else if (!r.get() && sub.equals("claim")) {
            AlertRecord rec = service.claim(r.subject(), id);
            if (r.api()) {
                Http.sendJson(r.ex(), 200, JsonViews.summary(rec, null));
            } else {
                throw new Redirect("/alerts/" + Http.enc(id));
            }
        } else if (!r.get() && (sub.equals("action") || sub.equals("actions"))) {
            act(r, id);
        } else if (!r.get() && sub.equals("notes")) {
            Note n = service.addNote(r.subject(), id, r.param("text"));
            if (r.api()) {
                Http.sendJson(r.ex(), 200, n);
            } else {
                throw new Redirect("/alerts/" + Http.enc(id));
            }
        } else if (!r.get() && sub.equals("original")) {
            original(r, id);
        } else {
            throw new BadRequest(404, "not found");
        }
    }

    private void act(Request r, String id) throws IOException {
        StaffAction.Type type = StaffAction.Type.valueOf(Optional.ofNullable(r.param("type")).orElse("").toUpperCase(Locale.ROOT));
        AlertRecord rec = service.act(r.subject(), id, type, r.param("userId"), r.param("note"));
        if (r.api()) {
            Http.sendJson(r.ex(), 200, JsonViews.summary(rec, null));
        } else {
            throw new Redirect(AccessPolicy.canSeeTier(r.subject().role(), rec.tier())
                    ? "/alerts/" + Http.enc(id) : "/queue?tier=" + r.subject().role().tier());
        }
    }

    private void original(Request r, String id) throws IOException {
        String messageId = r.param("messageId");
        Optional<String> text = service.original(r.subject(), id, messageId, r.param("reason"));
        if (r.api()) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("messageId", messageId);
            m.put("found", text.isPresent());
            m.put("text", text.orElse(null));
            Http.sendJson(r.ex(), 200, m);
        } else {
            page(r, service.alert(r.subject(), id), new String[] {messageId, text.orElse(null)});
        }
    }

    private void page(Request r, ConsoleService.AlertView v, String[] original) throws IOException {
        AlertRecord a = v.record();
        String id = a.alert().alertId();
        String base = "/alerts/" + esc(Http.enc(id));
        StringBuilder b = new StringBuilder();
        b.append("<h1>Alert <span id=alert-id>").append(esc(id)).append("</span></h1>");
        b.append("<div class=box><p>Tier <b class=\"tier-").append(a.tier()).append("\">").append(a.tier()).append("</b>")
                .append(" &middot; category <b>").append(esc(a.alert().category())).append("</b>")
                .append(" &middot; status <b id=status>").append(a.status()).append("</b>")
                .append(" &middot; conversation ").append(esc(a.alert().conversationId()))
                .append(" &middot; about <b id=subjects>").append(esc(String.join(", ", a.alert().subjectUserIds()))).append("</b>")
                .append(" &middot; evidence from <b id=senders>").append(esc(String.join(", ", a.senders()))).append("</b></p>")
                .append("<p>Raised ").append(esc(a.alert().createdAt())).append(", updated ").append(esc(a.alert().updatedAt()))
                .append(" (sequence ").append(a.alert().sequence()).append(", rule pack ").append(esc(a.alert().rulePackVersion())).append(")</p>")
                .append("<p>Age <b id=age>").append(JsonViews.span(java.time.Duration.between(a.alert().createdAt(), v.now())))
                .append("</b> &middot; acknowledgement deadline <b id=deadline class=\"").append(a.overdueAt(v.now()) ? "overdue" : "")
                .append("\">").append(esc(JsonViews.deadlineText(a, v.now()))).append("</b>")
                .append(a.alert().ackDueAt() == null ? "" : " (" + esc(a.alert().ackDueAt()) + "; unacknowledged alerts go one tier up)")
                .append(a.alert().outsideStaffedHours() ? " &middot; <b class=out-of-hours id=out-of-hours>raised outside staffed hours</b>" : "")
                .append("</p><p>Being handled by <b id=claimed>")
                .append(a.claimedBy() == null ? "nobody yet" : esc(a.claimedBy()) + " (" + a.claimedByRole() + ") since " + esc(a.claimedAt()))
                .append("</b></p>")
                .append("<h2>Reasons</h2><ul id=reasons>");
        for (String c : a.alert().reasonCodes()) {
            b.append("<li>").append(esc(c)).append("</li>");
        }
        b.append("</ul></div>");
        if (v.mute() != null) {
            b.append("<p class=mute id=mute>Conversation muted by ").append(JsonViews.muteText(v.mute())).append(
                    ". Only ").append(esc(v.mute().category())).append(" concerns at or below that tier are held back;"
                    + " anything more serious still raises an alert.</p>");
        }
        b.append("<h2>Evidence</h2><p class=muted>The words that raised the concern; personal details (phone numbers, e-mail and"
                + " street addresses, handles) are always masked, swearing by default.</p>");
        if (a.evidencePurged()) {
            b.append("<p class=muted>Some evidence was deleted by retention (chat records are kept one year).</p>");
        }
        b.append("<table id=evidence><tr><th>Message</th><th>Sender</th><th>Masked excerpt</th><th>Sent</th>")
                .append(v.canViewOriginal() ? "<th>Original text</th>" : "").append("</tr>");
        for (Evidence e : a.alert().evidence()) {
            b.append("<tr><td>").append(esc(e.messageId())).append("</td><td>").append(esc(e.senderId())).append("</td><td>")
                    .append(esc(e.maskedExcerpt())).append("</td><td>").append(esc(e.sentAt())).append("</td>");
            if (v.canViewOriginal()) {
                b.append("<td><form method=post action=\"").append(base).append("/original\">").append(Layout.csrf(r))
                        .append("<input type=hidden name=messageId value=\"").append(esc(e.messageId())).append("\">")
                        .append("<input type=text name=reason required minlength=10 placeholder=\"Why you need to see exactly what was said\">")
                        .append("<button>Show exactly what was said</button></form></td>");
            }
            b.append("</tr>");
        }
        b.append("</table>");
        if (v.canSeeContext()) {
            b.append("<p><a id=context-link href=\"").append(base).append("/context\">Read the conversation around the evidence</a>")
                    .append(v.privateConversation() ? " (private conversation)" : "").append("</p>");
        } else {
            b.append("<p class=muted id=context-private>This is a private conversation: its context is for counsellors and the"
                    + " Safeguarding Team only.</p>");
        }
        if (original != null) {
            b.append("<h2>Original text of ").append(esc(original[0])).append("</h2>");
            b.append(original[1] == null ? "<p class=error>Not found on the input topics (past retention?).</p>"
                    : "<div class=original id=original>" + esc(original[1]) + "</div>");
            b.append("<p class=muted>This view was recorded in the audit log with your name, the time and your reason.</p>");
        }
        b.append("<h2>Actions</h2><div class=\"actions box\">");
        Role role = r.subject().role();
        if (AccessPolicy.canAct(role, a.tier(), StaffAction.Type.ACKNOWLEDGE_ALERT) && !a.status().closed()
                && !r.subject().user().equals(a.claimedBy())) {
            b.append("<form method=post action=\"").append(base).append("/claim\">").append(Layout.csrf(r))
                    .append("<button id=do-claim>").append(a.claimedBy() == null ? "Claim: I am handling this" : "Take over from "
                            + esc(a.claimedBy())).append("</button></form>");
        }
        for (StaffAction.Type t : new StaffAction.Type[] {StaffAction.Type.ACKNOWLEDGE_ALERT, StaffAction.Type.ESCALATE_ALERT,
                StaffAction.Type.MUTE_CONVERSATION, StaffAction.Type.UNMUTE_CONVERSATION}) {
            if (AccessPolicy.canAct(role, a.tier(), t)) {
                b.append(actionForm(r, base, t, null, null));
            }
        }
        // the subjects and the evidence senders: a pile-on is about the child, its senders are in the evidence
        for (String u : a.people()) {
            b.append(actionForm(r, base, StaffAction.Type.BLOCK_USER, u, null));
            b.append(actionForm(r, base, StaffAction.Type.UNBLOCK_USER, u, null));
        }
        b.append("</div><div class=\"actions box\">");
        for (StaffAction.Type t : new StaffAction.Type[] {StaffAction.Type.RESOLVE_ALERT, StaffAction.Type.DISMISS_ALERT}) {
            if (AccessPolicy.canAct(role, a.tier(), t)) {
                String form = actionForm(r, base, t, null, "note");
                if (t == StaffAction.Type.RESOLVE_ALERT && !ConsoleService.ABOUT_THE_CHILD.contains(a.alert().category())) {
                    // whose violation staff confirm: the job lowers that user's trust (README "Trust")
                    form = form.replace("<button id=\"do-RESOLVE_ALERT\"", authorSelect(a) + " <button id=\"do-RESOLVE_ALERT\"");
                }
                b.append(form);
            }
        }
        b.append("</div>");
        b.append("<h2>Notes</h2><ul id=notes>");
        for (Note n : v.notes()) {
            b.append("<li><b>").append(esc(n.authorId())).append("</b> (").append(n.authorRole()).append(", ").append(esc(n.at()))
                    .append("): ").append(esc(n.text())).append("</li>");
        }
        b.append("</ul><form method=post action=\"").append(base).append("/notes\">").append(Layout.csrf(r))
                .append("<textarea name=text required></textarea> <button>Add note</button></form>");
        b.append("<h2>History</h2><ul id=history>");
        for (AlertRecord.HistoryEntry h : a.history()) {
            b.append("<li>").append(esc(h.at())).append(" ").append(esc(h.event())).append(" (seq ").append(h.sequence()).append(")")
                    .append(h.staffId() == null ? "" : " by " + esc(h.staffId())).append("</li>");
        }
        b.append("</ul>");
        layout.page(r, "Alert " + id, b.toString());
    }

    private void contextPage(Request r, ConsoleService.ContextView c) throws IOException {
        AlertRecord a = c.record();
        String id = a.alert().alertId();
        StringBuilder b = new StringBuilder();
        b.append("<h1>Conversation around alert <a href=\"/alerts/").append(esc(Http.enc(id))).append("\">").append(esc(id))
                .append("</a></h1><p>Conversation ").append(esc(a.alert().conversationId()))
                .append(c.privateConversation() ? " (private)" : "").append(": up to ").append(c.before()).append(" messages before and ")
                .append(c.after()).append(" after each evidence message, as the site showed them. Evidence is marked. This view is recorded"
                        + " in the audit log.</p>");
        b.append("<table id=context><tr><th>Sent</th><th>Sender</th><th>Shown as</th><th>Evidence</th><th>Message</th></tr>");
        for (ConsoleService.ContextLine l : c.lines()) {
            b.append("<tr class=\"").append(l.evidence() ? "evidence" : "context").append("\" data-message=\"")
                    .append(esc(l.message().messageId())).append("\"><td>").append(esc(l.message().sentAt())).append("</td><td>")
                    .append(esc(l.message().senderId())).append("</td><td>").append(esc(l.message().action())).append("</td><td>")
                    .append(l.evidence() ? "evidence" : "").append("</td><td>").append(esc(l.message().displayText())).append("</td></tr>");
        }
        b.append("</table>");
        if (c.lines().isEmpty()) {
            b.append("<p class=muted id=no-context>No messages of this conversation are kept (older than a year, or from before"
                    + " the console started).</p>");
        }
        layout.page(r, "Context of " + id, b.toString());
    }

    /** Violation by: the alert's people, the evidence's one sender preselected, or no one. */
    private static String authorSelect(AlertRecord a) {
        String preset = ConsoleService.violationAuthor(a, null);
        StringBuilder b = new StringBuilder("<label>Violation by <select name=userId id=resolve-author><option value=\"\"")
                .append(preset == null ? " selected" : "").append(">no one</option>");
        for (String u : a.people()) {
            b.append("<option value=\"").append(esc(u)).append('"').append(u.equals(preset) ? " selected" : "").append('>')
                    .append(esc(u)).append("</option>");
        }
        return b.append("</select></label>").toString();
    }

    private static String actionForm(Request r, String base, StaffAction.Type t, String user, String noteField) {
        String label = switch (t) {
            case ACKNOWLEDGE_ALERT -> "Acknowledge";
            case ESCALATE_ALERT -> "Escalate to next tier";
            case RESOLVE_ALERT -> "Resolve";
            case DISMISS_ALERT -> "Dismiss";
            case BLOCK_USER -> "Block " + user;
            case UNBLOCK_USER -> "Unblock " + user;
            case MUTE_CONVERSATION -> "Mute conversation";
            case UNMUTE_CONVERSATION -> "Unmute conversation";
            default -> t.name();
        };
        StringBuilder b = new StringBuilder("<form method=post action=\"").append(base).append("/action\">").append(Layout.csrf(r))
                .append("<input type=hidden name=type value=").append(t.name()).append(">");
        if (user != null) {
            b.append("<input type=hidden name=userId value=\"").append(esc(user)).append("\">");
        }
        if (noteField != null) {
            b.append("<input type=text name=note required id=\"note-").append(t.name()).append("\" placeholder=\"Note (required)\"> ");
        }
        return b.append("<button id=\"do-").append(t.name()).append(user == null ? "" : "-" + esc(user)).append("\">")
                .append(esc(label)).append("</button></form>").toString();
    }
}
