package org.chatguard.pipeline.records;

import org.apache.flink.api.common.typeinfo.TypeInfo;

import org.chatguard.model.ChatMessage;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.risk.UserSignal;

/**
 * A moderated message with what the per-user stage knows about its sender (blocked by staff, distress
 * across conversations), on its way to the per-conversation stage: the message whole (the conversation-level
 * signals read its text) and the verdict in the compact form of {@link Moderated#of}.
 */
@TypeInfo(RecordTypes.AssessedFactory.class)
public record Assessed(ChatMessage message, Verdict verdict, UserSignal sender) {
}
