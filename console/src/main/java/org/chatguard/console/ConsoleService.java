package org.chatguard.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.chatguard.console.store.AlertRecord;
import org.chatguard.model.Category;
import org.chatguard.console.store.AlertStatus;
import org.chatguard.console.store.AlertStore;
import org.chatguard.console.store.AuditEntry;
import org.chatguard.console.store.ContextMessage;
import org.chatguard.console.store.HeldMessage;
import org.chatguard.console.store.HeldMessages;
import org.chatguard.console.store.Mute;
import org.chatguard.console.store.Note;
import org.chatguard.model.Evidence;
import org.chatguard.model.StaffAction;
import org.chatguard.model.Tier;

/**
 * What staff can do, with the access rules and the audit applied in one place: both the web pages and
 * the JSON API go through here. Every refusal throws {@link Forbidden} after writing an audit line;
 * every look at evidence and every action is audited too.
 */
public final class ConsoleService {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleService.class);

    /** Who is asking. */
    public record Subject(String user, Role role) {
    }

    /** Refused by the access rules (HTTP 403). Already audited when thrown. */
    public static final class Forbidden extends RuntimeException {
        public Forbidden(String what) {
            super(what);
        }
    }

    /** A request that cannot be carried out as asked (HTTP 400/404/409). */
    public static final class BadRequest extends RuntimeException {
        public final int status;

        public BadRequest(int status, String what) {
            super(what);
            this.status = status;
        }
    }

    /**
     * An alert as one role may see it: notes already filtered.
     *
     * @param mute the conversation's mute sent from this console while it lasts, else null
     */
    public record AlertView(AlertRecord record, List<Note> notes, boolean canViewOriginal, Mute mute, boolean canSeeContext,
            boolean privateConversation, Instant now) {
    }

    /**
     * A queue as one role may see it, with the conversations' current mutes (by conversation id): by tier
     * (SAFEGUARDING first), then overdue first (most overdue first), then by deadline, oldest first.
     *
     * @param now the time the ages, deadlines and overdue marks were judged at
     */
    public record QueueView(List<AlertRecord> alerts, java.util.Map<String, Mute> mutes, Instant now) {
    }

    /** One message around an alert's evidence, as the site displayed it. */
    public record ContextLine(ContextMessage message, boolean evidence) {
    }

    /**
     * The conversation around an alert's evidence: up to {@code before} messages before each evidence message and
     * {@code after} after it, in time order.
     */
    public record ContextView(AlertRecord record, List<ContextLine> lines, boolean privateConversation, int before, int after) {
    }

    /** How much conversation an alert page shows around each evidence message. */
    public record ContextWindow(int before, int after) {
        public static final ContextWindow DEFAULT = new ContextWindow(10, 5);

        public ContextWindow {
            if (before < 0 || after < 0 || before > 100 || after > 100) {
                throw new IllegalArgumentException("context window: 0..100 messages before and after");
            }
        }
    }

    private final AlertStore store;
    private final StaffActionSink sink;
    private final OriginalTextSource originals;
    private final Clock clock;
    private final Duration muteDuration;
    private final ContextWindow window;

    public ConsoleService(AlertStore store, StaffActionSink sink, OriginalTextSource originals, Clock clock) {
        this(store, sink, originals, clock, ConsoleApp.DEFAULT_MUTE);
    }

    /** @param muteDuration how long a mute sent from here lasts (its {@code until} is now plus this) */
    public ConsoleService(AlertStore store, StaffActionSink sink, OriginalTextSource originals, Clock clock, Duration muteDuration) {
        this(store, sink, originals, clock, muteDuration, ContextWindow.DEFAULT);
    }

    /** @param window messages shown before and after each evidence message on the context view */
    public ConsoleService(AlertStore store, StaffActionSink sink, OriginalTextSource originals, Clock clock, Duration muteDuration,
            ContextWindow window) {
        this.store = store;
        this.sink = sink;
        this.originals = originals;
        this.clock = clock;
        this.muteDuration = muteDuration;
        this.window = window;
    }

    /** Audits and throws: the single exit for every refusal. */
    public Forbidden deny(Subject s, String action, String target) {
        store.audit(s == null ? null : s.user(), s == null ? null : s.role(), action, target, null, "DENIED");
        return new Forbidden(action);
    }

    /** A login attempt: the name as typed (bounded by the caller), the role when it succeeded. */
    public void auditLogin(String user, Role role, String outcome) {
        store.audit(user, role, "LOGIN", "-", null, outcome);
    }

    /** Something the console itself did (retention): no user, no role. */
    public void auditSystem(String action, String target, String reason, String outcome) {
        store.audit("system", null, action, target, reason, outcome);
    }

    public void audit(Subject s, String action, String target, String reason, String outcome) {
        store.audit(s.user(), s.role(), action, target, reason, outcome);
    }

    // ------------------------------------------------------------ alerts

    /**
     * One queue (page or JSON list). A list shows every alert's reason codes and user ids, so the view is
     * audited with the ids of the alerts shown, like a look at one alert.
     */
    public QueueView queue(Subject s, Tier tier, boolean includeClosed) {
        if (tier == null) {
            return queueAll(s, includeClosed);
        }
        if (!AccessPolicy.canSeeTier(s.role(), tier)) {
            throw deny(s, "VIEW_QUEUE", tier.name());
        }
        return view(s, tier.name(), store.alerts(tier, null), includeClosed);
    }

    /** Every queue the role may see, in one list: by tier (SAFEGUARDING first), then overdue first. */
    public QueueView queueAll(Subject s, boolean includeClosed) {
        List<Tier> tiers = AccessPolicy.visibleTiers(s.role());
        if (tiers.isEmpty()) {
            throw deny(s, "VIEW_QUEUE", "ALL");
        }
        List<AlertRecord> all = new java.util.ArrayList<>();
        for (Tier t : tiers) {
            all.addAll(store.alerts(t, null));
        }
        return view(s, "ALL", all, includeClosed);
    }

    private QueueView view(Subject s, String which, List<AlertRecord> all, boolean includeClosed) {
        Instant now = clock.instant();
        List<AlertRecord> shown = (includeClosed ? all : all.stream().filter(a -> !a.status().closed()).toList())
                .stream().sorted(queueOrder(now)).toList();
        audit(s, "VIEW_QUEUE", which + " " + ids(shown.stream().map(a -> a.alert().alertId()).toList()), null, "OK");
        java.util.Map<String, Mute> mutes = new java.util.HashMap<>();
        for (AlertRecord a : shown) {
            activeMute(a.alert().conversationId()).ifPresent(m -> mutes.put(m.conversationId(), m));
        }
        return new QueueView(shown, mutes, now);
    }

    /** Tier (highest first), overdue first, then the earliest deadline, then the oldest. */
    static java.util.Comparator<AlertRecord> queueOrder(Instant now) {
        return java.util.Comparator.<AlertRecord, Integer>comparing(a -> -a.tier().ordinal())
                .thenComparing(a -> a.overdueAt(now) ? 0 : 1)
                .thenComparing(a -> a.alert().ackDueAt(), java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()))
                .thenComparing(AlertRecord::firstSeen);
    }

    public AlertView alert(Subject s, String alertId) {
        AlertRecord r = visibleAlert(s, alertId, "VIEW_ALERT");
        audit(s, "VIEW_ALERT", alertId, null, "OK");
        List<Note> notes = store.notes(alertId).stream().filter(n -> AccessPolicy.canSeeNote(s.role(), n.authorRole())).toList();
        boolean isPrivate = store.conversation(r.alert().conversationId()).stream().anyMatch(ContextMessage::isPrivate);
        return new AlertView(r, notes, AccessPolicy.canViewOriginal(s.role(), r.tier()),
                activeMute(r.alert().conversationId()).orElse(null), AccessPolicy.canSeeContext(s.role(), r.tier(), isPrivate),
                isPrivate, clock.instant());
    }

    /**
     * The conversation around an alert's evidence, as the site displayed it, with senders and which messages are
     * the evidence. A private conversation only to COUNSELLOR and above (a moderator judges public chat; what
     * children say to each other in private is for the care tiers). Audited with the ids of the messages shown.
     */
    public ContextView context(Subject s, String alertId) {
        AlertRecord r = visibleAlert(s, alertId, "VIEW_CONTEXT");
        List<ContextMessage> all = store.conversation(r.alert().conversationId());
        boolean isPrivate = all.stream().anyMatch(ContextMessage::isPrivate);
        if (!AccessPolicy.canSeeContext(s.role(), r.tier(), isPrivate)) {
            throw deny(s, "VIEW_CONTEXT", alertId);
        }
        java.util.Set<String> evidence = new java.util.HashSet<>();
        r.alert().evidence().forEach(e -> evidence.add(e.messageId()));
        boolean[] keep = new boolean[all.size()];
        for (int i = 0; i < all.size(); i++) {
            if (evidence.contains(all.get(i).messageId())) {
                for (int j = Math.max(0, i - window.before()); j <= Math.min(all.size() - 1, i + window.after()); j++) {
                    keep[j] = true;
                }
            }
        }
        List<ContextLine> lines = new java.util.ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (keep[i]) {
                lines.add(new ContextLine(all.get(i), evidence.contains(all.get(i).messageId())));
            }
        }
        audit(s, "VIEW_CONTEXT", alertId + " " + ids(lines.stream().map(l -> l.message().messageId()).toList()), null, "OK");
        return new ContextView(r, lines, isPrivate, window.before(), window.after());
    }

    /**
     * "I am handling this": acknowledges the alert to the job (its clock stops for this tier) and records who
     * is on it, for everyone who can see the alert. Someone else may take it over by claiming it in turn.
     */
    public AlertRecord claim(Subject s, String alertId) {
        AlertRecord r = visibleAlert(s, alertId, "CLAIM_ALERT");
        if (!AccessPolicy.canAct(s.role(), r.tier(), StaffAction.Type.ACKNOWLEDGE_ALERT) || r.status().closed()) {
            throw deny(s, "CLAIM_ALERT", alertId);
        }
        StaffAction action = new StaffAction("sa-" + UUID.randomUUID(), StaffAction.Type.ACKNOWLEDGE_ALERT, null,
                r.alert().conversationId(), alertId, r.alert().category(), s.user(), null, clock.instant());
        publish(s, "CLAIM_ALERT", alertId, () -> sink.publish(action, s.role().tier(), null));
        AlertRecord updated = store.recordClaim(alertId, s.user(), s.role());
        audit(s, "CLAIM_ALERT", alertId, null, "OK " + action.actionId());
        LOG.info("staff action {} claim on alert {} by {}", action.actionId(), alertId, s.user());
        return updated;
    }

    /** The conversation's mute from this console while it lasts (the job stops applying it at {@code until} too). */
    private Optional<Mute> activeMute(String conversationId) {
        return store.mute(conversationId).filter(m -> m.activeAt(clock.instant()));
    }

    private static String ids(List<String> ids) {
        return "[" + String.join(",", ids) + "]";
    }

    private AlertRecord visibleAlert(Subject s, String alertId, String action) {
        if (s.role() == Role.ADMIN) {
            throw deny(s, action, alertId);
        }
        AlertRecord r = store.alert(alertId).orElse(null);
        if (r == null) {
            // same answer as a refusal for alerts the role could not see anyway: no probing for ids
            throw deny(s, action, alertId);
        }
        if (!AccessPolicy.canSeeTier(s.role(), r.tier())) {
            throw deny(s, action, alertId);
        }
        return r;
    }

    /**
     * Carries out an alert action: publishes it to {@code staff-actions}, then records status/tier, the
     * history line and the note (notes stay in the console; the topic carries ids only).
     */
    public AlertRecord act(Subject s, String alertId, StaffAction.Type type, String userId, String note) {
        String auditAction = "ACTION_" + type.name();
        AlertRecord r = visibleAlert(s, alertId, auditAction);
        if (!AccessPolicy.canAct(s.role(), r.tier(), type)) {
            throw deny(s, auditAction, alertId);
        }
        String text = note == null || note.isBlank() ? null : note.strip();
        if ((type == StaffAction.Type.RESOLVE_ALERT || type == StaffAction.Type.DISMISS_ALERT) && text == null) {
            throw new BadRequest(400, "a note is required to resolve or dismiss an alert");
        }
        String user = null;
        if (type == StaffAction.Type.BLOCK_USER || type == StaffAction.Type.UNBLOCK_USER) {
            user = userId != null ? userId : r.alert().subjectUserIds().isEmpty() ? null : r.alert().subjectUserIds().get(0);
            if (user == null || !r.people().contains(user)) {
                throw new BadRequest(400, "the user must be one of the alert's subjects or evidence senders");
            }
        } else if (type == StaffAction.Type.RESOLVE_ALERT) {
            // no userId: the default author; an empty one (the form's "no one"): nobody
            user = userId != null && userId.isBlank() ? null : violationAuthor(r, userId);
        }
        AlertStatus status = switch (type) {
            case ACKNOWLEDGE_ALERT -> AlertStatus.ACKNOWLEDGED;
            case RESOLVE_ALERT -> AlertStatus.RESOLVED;
            case DISMISS_ALERT -> AlertStatus.DISMISSED;
            case ESCALATE_ALERT -> AlertStatus.OPEN;
            default -> null;
        };
        Tier tier = type == StaffAction.Type.ESCALATE_ALERT ? Tier.values()[r.tier().ordinal() + 1] : null;
        Instant now = clock.instant();
        Instant until = type == StaffAction.Type.MUTE_CONVERSATION ? now.plus(muteDuration) : null;
        StaffAction action = new StaffAction("sa-" + UUID.randomUUID(), type, user, r.alert().conversationId(), alertId,
                r.alert().category(), s.user(), null, now);
        publish(s, auditAction, alertId, () -> sink.publish(action, s.role().tier(), until));
        if (type == StaffAction.Type.MUTE_CONVERSATION) {
            store.recordMute(new Mute(r.alert().conversationId(), r.alert().category(), s.user(), s.role(), alertId,
                    action.actionId(), now, until));
        } else if (type == StaffAction.Type.UNMUTE_CONVERSATION) {
            store.clearMute(r.alert().conversationId());
        }
        if (text != null) {
            store.addNote(alertId, s.user(), s.role(), text);
        }
        AlertRecord updated = store.recordAction(alertId, type.name().toLowerCase(Locale.ROOT)
                + (user == null ? "" : " " + user), status, tier, s.user());
        audit(s, auditAction, alertId, null, "OK " + action.actionId());
        LOG.info("staff action {} {} on alert {} by {}", action.actionId(), type, alertId, s.user());
        return updated;
    }

    public Note addNote(Subject s, String alertId, String text) {
        visibleAlert(s, alertId, "ADD_NOTE");
        if (text == null || text.isBlank()) {
            throw new BadRequest(400, "empty note");
        }
        Note n = store.addNote(alertId, s.user(), s.role(), text.strip());
        audit(s, "ADD_NOTE", alertId, null, "OK " + n.noteId());
        return n;
    }

    /**
     * The original, unmasked text of one evidence message: Safeguarding Team only, only on explicit
     * request, with a reason; who, when and why go to the audit log before the text is returned.
     */
    public Optional<String> original(Subject s, String alertId, String messageId, String reason) {
        AlertRecord r = visibleAlert(s, alertId, "VIEW_ORIGINAL");
        if (!AccessPolicy.canViewOriginal(s.role(), r.tier())) {
            throw deny(s, "VIEW_ORIGINAL", alertId + "/" + messageId);
        }
        Evidence e = r.alert().evidence().stream().filter(x -> x.messageId().equals(messageId)).findFirst()
                .orElseThrow(() -> new BadRequest(404, "no such evidence on this alert"));
        if (reason == null || reason.strip().length() < 10) {
            throw new BadRequest(400, "give a reason (at least 10 characters) for viewing the original text");
        }
        audit(s, "VIEW_ORIGINAL", alertId + "/" + messageId, reason.strip(), "REQUESTED");
        Optional<String> text = originals.find(messageId, r.alert().conversationId(), e.senderId(), e.sentAt());
        audit(s, "VIEW_ORIGINAL", alertId + "/" + messageId, reason.strip(), text.isPresent() ? "SHOWN" : "NOT_FOUND");
        return text;
    }

    // ------------------------------------------------------------ held messages

    public List<HeldMessage> held(Subject s, boolean pendingOnly) {
        if (!AccessPolicy.canSeeHeld(s.role())) {
            throw deny(s, "VIEW_HELD", "-");
        }
        List<HeldMessage> list = store.heldMessages(pendingOnly ? HeldMessage.Status.PENDING : null);
        // the list shows senders and what each message would show: audited with the ids shown
        audit(s, "VIEW_HELD", ids(list.stream().map(h -> h.decision().id()).toList()), null, "OK");
        return list;
    }

    /** Concerns about the child who wrote them: resolving one confirms no violation, so it names nobody. */
    public static final java.util.Set<Category> ABOUT_THE_CHILD = java.util.EnumSet.of(Category.SELF_HARM,
            Category.ABUSE_DISCLOSURE);

    /**
     * Who a resolved alert confirms a violation by, put in the action's {@code userId} so the job lowers that
     * user's trust: the user staff named (one of the alert's people), else the evidence's one sender; nobody when
     * the senders are several and none was named, or when the concern is about the child (self-harm, abuse
     * disclosure). Subjects are not authors (a pile-on's subject is the child piled on).
     */
    public static String violationAuthor(AlertRecord r, String named) {
        if (ABOUT_THE_CHILD.contains(r.alert().category())) {
            if (named != null) {
                throw new BadRequest(400, "a " + r.alert().category() + " concern confirms no violation: name nobody");
            }
            return null;
        }
        if (named != null) {
            if (!r.people().contains(named)) {
                throw new BadRequest(400, "the user must be one of the alert's subjects or evidence senders");
            }
            return named;
        }
        List<String> senders = r.senders();
        return senders.size() == 1 ? senders.get(0) : null;
    }

    /** Release (to the site) or deny a held message: staff action, then for release the follow-up decision. */
    public synchronized HeldMessage decideHeld(Subject s, String messageId, boolean release) {
        String auditAction = release ? "RELEASE_HELD" : "DENY_HELD";
        if (!AccessPolicy.canSeeHeld(s.role())) {
            throw deny(s, auditAction, messageId);
        }
        HeldMessage h = store.heldMessage(messageId).orElseThrow(() -> new BadRequest(404, "no such held message"));
        if (h.status() != HeldMessage.Status.PENDING) {
            throw new BadRequest(409, "already " + h.status().name().toLowerCase(Locale.ROOT));
        }
        StaffAction action = new StaffAction("sa-" + UUID.randomUUID(),
                release ? StaffAction.Type.RELEASE_HELD : StaffAction.Type.DENY_HELD, h.decision().senderId(),
                h.decision().conversationId(), null, h.decision().categories().isEmpty() ? null : h.decision().categories().get(0),
                s.user(), null, clock.instant(), messageId);
        publish(s, auditAction, messageId, () -> {
            sink.publish(action, s.role().tier(), null);
            if (release) {
                sink.publishDecision(HeldMessages.releaseDecision(h.decision(), clock.instant()));
            }
        });
        store.decideHeld(messageId, release ? HeldMessage.Status.RELEASED : HeldMessage.Status.DENIED, s.user());
        audit(s, auditAction, messageId, null, "OK " + action.actionId());
        return store.heldMessage(messageId).orElseThrow();
    }

    /** Publishing failed: nothing is recorded as done, the attempt is audited, staff are told to retry. */
    private void publish(Subject s, String auditAction, String target, Runnable send) {
        try {
            send.run();
        } catch (IllegalStateException e) {
            audit(s, auditAction, target, null, "FAILED publish");
            LOG.warn("staff action {} on {} not published: {}", auditAction, target, e.getMessage());
            throw new BadRequest(503, "Kafka did not accept the action; nothing was changed. Please try again.");
        }
    }

    // ------------------------------------------------------------ audit

    public List<AuditEntry> auditLog(Subject s, int limit) {
        if (!AccessPolicy.canSeeAudit(s.role())) {
            throw deny(s, "VIEW_AUDIT", "-");
        }
        List<AuditEntry> out = store.auditLog(limit, e -> true);
        audit(s, "VIEW_AUDIT", "-", null, "OK");
        return out;
    }
}
