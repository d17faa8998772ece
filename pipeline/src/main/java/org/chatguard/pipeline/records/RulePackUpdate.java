package org.chatguard.pipeline.records;

/**
 * A validated rule pack on its way to every moderating task. It carries the text, not the compiled
 * engine: the text is small and serialisable, so it can sit in broadcast state and be checkpointed;
 * each task compiles it once when it arrives (or after a restore).
 *
 * @param role {@link #LIVE} (the pack decisions come from), {@link #SHADOW} (a candidate that runs beside the live
 *             pack without acting) or {@link #DROP_SHADOW} (end the shadow run; no content); {@code null} reads as live
 *             (updates and broadcast state written before shadow mode existed)
 */
public record RulePackUpdate(String version, String source, String content, String role) {

    public static final String LIVE = "live";
    public static final String SHADOW = "shadow";
    public static final String DROP_SHADOW = "drop-shadow";

    /** A live update. */
    public RulePackUpdate(String version, String source, String content) {
        this(version, source, content, LIVE);
    }

    public boolean live() {
        return role == null || LIVE.equals(role);
    }

    public boolean shadow() {
        return SHADOW.equals(role);
    }

    public boolean dropShadow() {
        return DROP_SHADOW.equals(role);
    }
}
