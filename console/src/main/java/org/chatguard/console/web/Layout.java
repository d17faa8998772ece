package org.chatguard.console.web;

import static org.chatguard.console.web.Html.esc;

import java.io.IOException;

import com.sun.net.httpserver.HttpExchange;

import org.chatguard.console.AccessPolicy;
import org.chatguard.console.Role;
import org.chatguard.model.Tier;

/** The page frame: header with the role's links, the ingest banner, error pages, the CSRF field. */
final class Layout {

    private final Probes probes;

    Layout(Probes probes) {
        this.probes = probes;
    }

    /** @param r null for pages before login */
    void page(HttpExchange ex, int status, String title, Request r, String body) throws IOException {
        StringBuilder b = new StringBuilder("<!doctype html><html lang=en><head><meta charset=utf-8><title>")
                .append(esc(title)).append(" - ChatGuard</title><link rel=stylesheet href=\"/static/console.css\"></head><body><header>")
                .append("<b>ChatGuard</b>");
        if (r != null && r.subject() != null) {
            Role role = r.subject().role();
            if (AccessPolicy.visibleTiers(role).size() > 1) {
                b.append("<a href=\"/queue?tier=ALL\">All queues</a>");
            }
            for (Tier t : AccessPolicy.visibleTiers(role)) {
                b.append("<a href=\"/queue?tier=").append(t).append("\">").append(t).append("</a>");
            }
            if (AccessPolicy.canSeeHeld(role)) {
                b.append("<a href=\"/held\">Held messages</a>");
            }
            if (AccessPolicy.canSeeAudit(role)) {
                b.append("<a href=\"/audit\">Audit log</a>");
            }
            b.append("<span class=who id=who>").append(esc(r.subject().user())).append(" (").append(role).append(")</span>");
            if (r.session() != null) {
                b.append("<form method=post action=/logout>").append(csrf(r)).append("<button>Log out</button></form>");
            }
        }
        b.append("</header>");
        if (r != null && r.subject() != null) {
            b.append(probes.banner());
        }
        b.append("<main>").append(body).append("</main></body></html>");
        Http.send(ex, status, "text/html; charset=utf-8", b.toString());
    }

    void page(Request r, String title, String body) throws IOException {
        page(r.ex(), 200, title, r, body);
    }

    void error(Request r, int status, String message) throws IOException {
        if (r.api()) {
            Http.sendJson(r.ex(), status, java.util.Map.of("error", message));
        } else {
            page(r.ex(), status, "Error " + status, r, "<h1>" + status + "</h1><p class=error id=error>" + esc(message) + "</p>");
        }
    }

    static String csrf(Request r) {
        return r.session() == null ? "" : "<input type=hidden name=csrf value=\"" + esc(r.session().csrf()) + "\">";
    }
}
