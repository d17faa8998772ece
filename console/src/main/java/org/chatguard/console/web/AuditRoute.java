package org.chatguard.console.web;

import static org.chatguard.console.web.Html.esc;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.chatguard.console.ConsoleService;
import org.chatguard.console.ConsoleService.BadRequest;
import org.chatguard.console.store.AuditEntry;

/** {@code /audit}: the newest 500 audit lines (ADMIN only), page or JSON; the look is audited too. */
final class AuditRoute implements Route {

    private final ConsoleService service;
    private final Layout layout;

    AuditRoute(ConsoleService service, Layout layout) {
        this.service = service;
        this.layout = layout;
    }

    @Override
    public void handle(Request r) throws IOException {
        List<AuditEntry> log = service.auditLog(r.subject(), 500);
        if (r.api()) {
            Http.sendJson(r.ex(), 200, log);
        } else {
            page(r, log);
        }
    }

    private void page(Request r, List<AuditEntry> log) throws IOException {
        StringBuilder b = new StringBuilder("<h1>Audit log</h1><table id=audit><tr><th>#</th><th>When</th><th>Who</th><th>Role</th>"
                + "<th>What</th><th>Target</th><th>Why</th><th>Outcome</th></tr>");
        for (AuditEntry e : log) {
            b.append("<tr><td>").append(e.seq()).append("</td><td>").append(esc(e.at())).append("</td><td>").append(esc(e.user()))
                    .append("</td><td>").append(esc(e.role())).append("</td><td>").append(esc(e.action())).append("</td><td>")
                    .append(esc(e.target())).append("</td><td>").append(esc(e.reason())).append("</td><td>").append(esc(e.outcome()))
                    .append("</td></tr>");
        }
        layout.page(r, "Audit log", b.append("</table>").toString());
    }
}
