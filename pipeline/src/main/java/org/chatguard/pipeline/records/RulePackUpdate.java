package org.chatguard.pipeline.records;

import java.util.Base64;

/**
 * A validated rule pack (or model) on its way to every moderating task. It carries the text, not the
 * compiled engine: the text is small and serialisable, so it can sit in broadcast state and be
 * checkpointed; each task compiles it once when it arrives (or after a restore).
 *
 * <p>A model file travels in the same record and the same broadcast channel ({@link #model}): version
 * {@code "model:" + the model's version}, content the file's bytes in Base64. One record type keeps the
 * broadcast state's schema as it was (a savepoint taken before models existed still restores) and lets a
 * model be published on the rule-updates topic like a pack.
 *
 * <p>A shadow run's candidate travels in the same record and channel: version {@link #SHADOW_PREFIX} + the
 * pack's version; {@link #DROP_SHADOW} (no content) ends the run.
 */
public record RulePackUpdate(String version, String source, String content) {

    public static final String MODEL_PREFIX = "model:";

    /** A validated model file. */
    public static RulePackUpdate model(String modelVersion, String source, byte[] file) {
        return new RulePackUpdate(MODEL_PREFIX + modelVersion, source, Base64.getEncoder().encodeToString(file));
    }

    public boolean isModel() {
        return version != null && version.startsWith(MODEL_PREFIX);
    }

    /** The model file's bytes of a {@link #model} update. */
    public byte[] modelBytes() {
        return Base64.getDecoder().decode(content);
    }


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

    /** A live pack: neither a model, a candidate nor the end of a shadow run. */
    public boolean live() {
        return !isModel() && !shadow() && !dropShadow();
    }
}
