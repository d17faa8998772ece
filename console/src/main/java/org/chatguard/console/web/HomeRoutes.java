package org.chatguard.console.web;

import org.chatguard.console.AccessPolicy;
import org.chatguard.console.ConsoleService;
import org.chatguard.console.ConsoleService.BadRequest;
import org.chatguard.console.Role;
import org.chatguard.console.auth.Sessions;

/** {@code /} (each role's first page) and {@code /logout}. */
final class HomeRoutes {

    private HomeRoutes() {
    }

    static Route home() {
        return r -> {
            if (r.subject().role() == Role.ADMIN) {
                throw new Route.Redirect("/audit");
            }
            throw new Route.Redirect("/queue?tier=" + AccessPolicy.visibleTiers(r.subject().role()).get(0));
        };
    }

    static Route logout(ConsoleService service, Sessions sessions) {
        return r -> {
            if (r.get()) {
                throw new BadRequest(405, "use the logout button");
            }
            sessions.end(r.session() == null ? null : r.session().id());
            service.audit(r.subject(), "LOGOUT", "-", null, "OK");
            r.ex().getResponseHeaders().add("Set-Cookie", Sessions.COOKIE + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict");
            throw new Route.Redirect("/login");
        };
    }
}
