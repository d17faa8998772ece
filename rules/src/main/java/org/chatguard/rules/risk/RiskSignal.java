package org.chatguard.rules.risk;

import java.util.List;

import org.chatguard.model.ChatMessage;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.risk.ConversationScorer.Concern;

/**
 * A conversation-level risk signal: reads every message of a conversation with its verdict, keeps its own state
 * for that conversation, and names the concerns staff should see. Signals only raise alerts (a block still needs a
 * span from a rule or a model); they never change a decision. A new signal is one class implementing this,
 * registered in {@link ConversationSignals#defaults()}; {@link RiskEngine} and the job's conversation stage both run
 * every registered signal, with the state {@link ConversationSignals} keeps per conversation.
 */
public interface RiskSignal {

    /** Stable name: the key of this signal's part of the conversation's signal state. */
    String name();

    /**
     * @param state this signal's state after the conversation's previous message, {@code null} if none
     * @return its new state ({@code null}: nothing to keep) and what it raises on this message
     */
    Step onMessage(byte[] state, ChatMessage m, Verdict v);

    record Step(byte[] state, List<Concern> concerns) {
    }
}
