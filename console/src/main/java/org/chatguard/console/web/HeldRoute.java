package org.chatguard.console.web;

import static org.chatguard.console.web.Html.esc;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.chatguard.console.ConsoleService;
import org.chatguard.console.ConsoleService.BadRequest;
import org.chatguard.console.store.HeldMessage;

/** {@code /held}: the held-messages queue (page or JSON) and {@code /held/{id}/release|deny}. */
final class HeldRoute implements Route {

    private final ConsoleService service;
    private final Layout layout;

    HeldRoute(ConsoleService service, Layout layout) {
        this.service = service;
        this.layout = layout;
    }

    @Override
    public void handle(Request r) throws IOException {
        List<String> parts = r.parts();
        if (r.get() && parts.size() == 1) {
            List<HeldMessage> list = service.held(r.subject(), !"all".equals(r.param("status")));
            if (r.api()) {
                Http.sendJson(r.ex(), 200, list);
            } else {
                page(r, list);
            }
        } else if (!r.get() && parts.size() == 3 && (parts.get(2).equals("release") || parts.get(2).equals("deny"))) {
            HeldMessage h = service.decideHeld(r.subject(), parts.get(1), parts.get(2).equals("release"));
            if (r.api()) {
                Http.sendJson(r.ex(), 200, h);
            } else {
                throw new Redirect("/held");
            }
        } else {
            throw new BadRequest(404, "not found");
        }
    }

    private void page(Request r, List<HeldMessage> list) throws IOException {
        StringBuilder b = new StringBuilder("<h1>Held messages</h1><p class=muted>The site shows nothing for these until "
                + "released; released messages are shown as below (masked spans stay masked).</p>");
        b.append("<table id=held><tr><th>Message</th><th>Kind</th><th>Conversation</th><th>Sender</th><th>Categories</th>"
                + "<th>Would show</th><th>Status</th><th></th></tr>");
        for (HeldMessage h : list) {
            String base = "/held/" + esc(Http.enc(h.decision().id()));
            b.append("<tr><td>").append(esc(h.decision().id())).append("</td><td>").append(esc(h.decision().kind()))
                    .append("</td><td>").append(esc(h.decision().conversationId())).append("</td><td>").append(esc(h.decision().senderId()))
                    .append("</td><td>").append(esc(h.decision().categories())).append("</td><td>").append(esc(h.decision().displayText()))
                    .append("</td><td>").append(h.status()).append(h.decidedBy() == null ? "" : " by " + esc(h.decidedBy())).append("</td><td class=actions>");
            if (h.status() == HeldMessage.Status.PENDING) {
                b.append("<form method=post action=\"").append(base).append("/release\">").append(Layout.csrf(r)).append("<button>Approve</button></form>")
                        .append("<form method=post action=\"").append(base).append("/deny\">").append(Layout.csrf(r)).append("<button>Deny</button></form>");
            }
            b.append("</td></tr>");
        }
        b.append("</table><p><a href=\"/held?status=all\">include decided</a></p>");
        layout.page(r, "Held messages", b.toString());
    }
}
