package org.chatguard.pipeline.records;

import org.chatguard.model.ChatMessage;
import org.chatguard.rules.Verdict;

/**
 * A message with the rules engine's per-message verdict, before any conversation-level judgement.
 * The stateful stages turn it into the final decision (and alerts).
 */
public record Moderated(ChatMessage message, Verdict verdict) {
}
