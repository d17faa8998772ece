package org.chatguard.pipeline.records;

import org.apache.flink.api.common.typeinfo.TypeInfo;

import org.chatguard.model.ChatMessage;
import org.chatguard.model.StaffAction;

/**
 * What the per-sender stage reads: a parsed message (keyed by its sender) or a staff action on a user (keyed by
 * the user it names). They travel as one stream because that stage already has a second input, the broadcast
 * rule updates, and a keyed Flink function has at most two: one union keeps moderation, split words and user risk
 * behind a single keyBy, instead of a network exchange before each. Exactly one of the two fields is set.
 */
@TypeInfo(RecordTypes.SenderInputFactory.class)
public record SenderInput(ChatMessage message, StaffAction action) {

    public SenderInput {
        if ((message == null) == (action == null)) {
            throw new IllegalArgumentException("exactly one of message and action");
        }
    }

    public static SenderInput of(ChatMessage m) {
        return new SenderInput(m, null);
    }

    public static SenderInput of(StaffAction a) {
        return new SenderInput(null, a);
    }

    /** The user this input is about: the sender of a message, the user a staff action names. */
    public String userId() {
        return message != null ? message.senderId() : action.userId();
    }
}
