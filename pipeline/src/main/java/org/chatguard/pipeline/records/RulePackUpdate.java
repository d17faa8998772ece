package org.chatguard.pipeline.records;

/**
 * A validated rule pack on its way to every moderating task. It carries the text, not the compiled
 * engine: the text is small and serialisable, so it can sit in broadcast state and be checkpointed;
 * each task compiles it once when it arrives (or after a restore).
 *
 * <p>A shadow run's candidate travels in the same record and channel: version {@link #SHADOW_PREFIX} + the
 * pack's version; {@link #DROP_SHADOW} (no content) ends the run. One record type keeps the broadcast state's
 * schema as it was, so a savepoint taken before shadow mode existed still restores.
 */
public record RulePackUpdate(String version, String source, String content) {

    public static final String SHADOW_PREFIX = "shadow:";
    public static final String DROP_SHADOW = "shadow-drop:";

    /** A candidate pack for a shadow run. */
    public static RulePackUpdate shadow(String packVersion, String source, String content) {
        return new RulePackUpdate(SHADOW_PREFIX + packVersion, source, content);
    }

    /** Ends the shadow run. */
    public static RulePackUpdate dropShadow(String source) {
        return new RulePackUpdate(DROP_SHADOW, source, null);
    }

    public boolean shadow() {
        return version != null && version.startsWith(SHADOW_PREFIX);
    }

    public boolean dropShadow() {
        return DROP_SHADOW.equals(version);
    }

    /** A live pack: neither a candidate nor the end of a shadow run. */
    public boolean live() {
        return !shadow() && !dropShadow();
    }
}
