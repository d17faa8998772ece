package org.chatguard.console.web;

import static org.chatguard.console.web.Html.esc;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.chatguard.console.ConsoleService;
import org.chatguard.console.ConsoleService.BadRequest;
import org.chatguard.console.store.AlertRecord;
import org.chatguard.model.Tier;

/**
 * A queue: {@code /queue?tier=T[&status=all]} (page, or JSON under {@code /api/queue}) and the JSON
 * list {@code /api/alerts?tier=T}. The service audits each list with the ids of the alerts it shows.
 */
final class QueueRoute implements Route {

    private final ConsoleService service;
    private final Layout layout;

    QueueRoute(ConsoleService service, Layout layout) {
        this.service = service;
        this.layout = layout;
    }

    /** {@code tier=ALL}: every queue the role may see in one list (by tier, then overdue first). */
    @Override
    public void handle(Request r) throws IOException {
        String t = Optional.ofNullable(r.param("tier")).orElse("SAFEGUARDING").toUpperCase(Locale.ROOT);
        show(r, t.equals("ALL") ? null : Tier.valueOf(t));
    }

    /** {@code GET /api/alerts?tier=T}: the tier is required there. */
    void list(Request r) throws IOException {
        String t = Optional.ofNullable(r.param("tier")).orElseThrow(
                () -> new BadRequest(400, "tier=MODERATOR|COUNSELLOR|SAFEGUARDING|ALL")).toUpperCase(Locale.ROOT);
        show(r, t.equals("ALL") ? null : Tier.valueOf(t));
    }

    private void show(Request r, Tier tier) throws IOException {
        boolean all = "all".equals(r.param("status"));
        ConsoleService.QueueView list = service.queue(r.subject(), tier, all);
        if (r.api()) {
            Http.sendJson(r.ex(), 200, list.alerts().stream()
                    .map(a -> JsonViews.summary(a, list.mutes().get(a.alert().conversationId()), list.now())).toList());
        } else {
            page(r, tier, all, list);
        }
    }

    private void page(Request r, Tier tier, boolean all, ConsoleService.QueueView view) throws IOException {
        List<AlertRecord> list = view.alerts();
        String name = tier == null ? "ALL" : tier.name();
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(tier == null ? "All your queues" : esc(tier) + " queue").append("</h1>");
        b.append("<p>").append(all ? "<a href=\"/queue?tier=" + name + "\">open only</a>"
                : "<a href=\"/queue?tier=" + name + "&amp;status=all\">include resolved and dismissed</a>")
                .append(" &middot; highest tier first, then overdue first (nobody acknowledged or claimed it in time)</p>");
        b.append("<table id=queue><tr><th>Alert</th><th>Tier</th><th>Category</th><th>Status</th><th>Age</th><th>Deadline</th>"
                + "<th>Being handled by</th><th>Reasons</th><th>Users</th><th>Evidence</th><th>Updated</th><th>Muted</th></tr>");
        for (AlertRecord a : list) {
            boolean overdue = a.overdueAt(view.now());
            b.append("<tr class=\"alert-row").append(overdue ? " overdue" : "").append("\" data-alert=\"")
                    .append(esc(a.alert().alertId())).append("\"><td><a class=alert-link href=\"/alerts/")
                    .append(esc(Http.enc(a.alert().alertId()))).append("\">")
                    .append(esc(a.alert().alertId())).append("</a></td>")
                    .append("<td class=\"tier-").append(a.tier()).append("\">").append(a.tier()).append("</td>")
                    .append("<td>").append(esc(a.alert().category())).append("</td>")
                    .append("<td class=\"status-").append(a.status()).append("\">").append(a.status()).append("</td>")
                    .append("<td class=age>").append(JsonViews.span(java.time.Duration.between(a.alert().createdAt(), view.now())))
                    .append(a.alert().outsideStaffedHours() ? " <span class=out-of-hours>raised out of hours</span>" : "").append("</td>")
                    .append("<td class=\"deadline").append(overdue ? " overdue" : "").append("\">")
                    .append(esc(JsonViews.deadlineText(a, view.now()))).append("</td>")
                    .append("<td class=claimed>").append(a.claimedBy() == null ? "" : esc(a.claimedBy()) + " (" + a.claimedByRole() + ")")
                    .append("</td>")
                    .append("<td>").append(esc(String.join("; ", a.alert().reasonCodes()))).append("</td>")
                    .append("<td>").append(esc(String.join(", ", a.alert().subjectUserIds()))).append("</td>")
                    .append("<td>").append(a.alert().evidence().size()).append("</td>")
                    .append("<td>").append(esc(a.lastActivity())).append("</td>")
                    .append("<td class=muted-until>").append(JsonViews.muteText(view.mutes().get(a.alert().conversationId()))).append("</td></tr>");
        }
        b.append("</table>");
        if (list.isEmpty()) {
            b.append("<p class=muted id=empty>No alerts.</p>");
        }
        layout.page(r, name + " queue", b.toString());
    }
}
