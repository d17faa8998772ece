package org.chatguard.pipeline.records;

/**
 * A validated rule pack on its way to every moderating task. It carries the text, not the compiled
 * engine: the text is small and serialisable, so it can sit in broadcast state and be checkpointed;
 * each task compiles it once when it arrives (or after a restore).
 */
public record RulePackUpdate(String version, String source, String content) {
}
