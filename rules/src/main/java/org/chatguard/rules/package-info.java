/**
 * ChatGuard's moderation rules: rule packs, matching and the per-message {@link org.chatguard.rules.Verdict}.
 *
 * <p>{@link org.chatguard.rules.RulePackLoader} parses and validates a YAML/JSON pack and compiles it into
 * an index; a pack is either loaded completely or rejected with a {@link org.chatguard.rules.RulePackException}
 * that names line, field and reason. {@link org.chatguard.rules.ModerationEngine} runs a message through the
 * analysis chain of {@link org.chatguard.rules.analysis}, looks every token up once, walks a trie of
 * phrases over word ids, pairs proximity parts, tries the few prefiltered pattern rules, and turns the
 * matches into a verdict: action, display text, masked evidence, alert tier and reason codes.
 *
 * <p>Why this shape: a children's site needs one decision per message in microseconds, whatever the size
 * of the pack, so the work per message depends on the message, not on the rules; and it needs to explain
 * every decision, so each match carries its rule, span and, for grooming, the stage it evidences, which the
 * stateful scorer in the Flink job combines across messages. The language of packs is documented in
 * {@code rules/README.md}.
 */
package org.chatguard.rules;
