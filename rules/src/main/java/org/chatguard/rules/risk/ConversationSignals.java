package org.chatguard.rules.risk;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.chatguard.model.ChatMessage;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.ml.ConversationModel;
import org.chatguard.rules.risk.ConversationScorer.Concern;

/**
 * The registered {@link RiskSignal}s and their state per conversation: one value (its own key in the job's keyed
 * state and in {@link RiskEngine}), holding each signal's part under its name. Versioned as the other risk states
 * ({@link StateCodec}); a part whose signal is no longer registered is dropped, a new signal starts with none.
 */
public final class ConversationSignals {

    /** 1: a count, then per signal its name and its bytes. */
    private static final int VERSION = 1;

    private final List<RiskSignal> signals;

    public ConversationSignals(List<RiskSignal> signals) {
        this.signals = List.copyOf(signals);
    }

    /**
     * The one place signals are registered: the conversation model (trained on the corpus's dev split), credible
     * threats, goodbyes. Adding a signal is one class and one line here.
     */
    public static ConversationSignals defaults() {
        return new ConversationSignals(List.of(new ConversationModelSignal(ConversationModel.loadDefault()),
                new CredibleThreatSignal(), new GoodbyeSignal()));
    }

    /** The registered signals named in {@code csv} ({@code none}: no signal), e.g. for measuring one at a time. */
    public static ConversationSignals named(String csv) {
        if (csv.equals("none")) {
            return none();
        }
        if (csv.equals("default")) {
            return defaults();
        }
        List<RiskSignal> all = defaults().signals();
        List<RiskSignal> out = new ArrayList<>();
        for (String n : csv.split(",")) {
            RiskSignal s = all.stream().filter(x -> x.name().equals(n.trim())).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("unknown signal '" + n + "' (" + all.stream().map(RiskSignal::name).toList() + ")"));
            out.add(s);
        }
        return new ConversationSignals(out);
    }

    /** These signals with the conversation model replaced by {@code model}'s (same position), e.g. a model trained on some folds. */
    public ConversationSignals withModel(ConversationModel model) {
        List<RiskSignal> out = new ArrayList<>();
        for (RiskSignal s : signals) {
            out.add(s instanceof ConversationModelSignal ? new ConversationModelSignal(model) : s);
        }
        return new ConversationSignals(out);
    }

    public static ConversationSignals none() {
        return new ConversationSignals(List.of());
    }

    public boolean isEmpty() {
        return signals.isEmpty();
    }

    public List<RiskSignal> signals() {
        return signals;
    }

    /** @param state the conversation's new signal state, {@code null} when no signal keeps anything */
    public record Outcome(byte[] state, List<Concern> concerns) {
    }

    public Outcome onMessage(byte[] stored, ChatMessage m, Verdict v) {
        Map<String, byte[]> parts = decode(stored);
        Map<String, byte[]> next = new LinkedHashMap<>();
        List<Concern> concerns = new ArrayList<>(0);
        for (RiskSignal s : signals) {
            RiskSignal.Step step = s.onMessage(parts.get(s.name()), m, v);
            if (step.state() != null) {
                next.put(s.name(), step.state());
            }
            concerns.addAll(step.concerns());
        }
        return new Outcome(next.isEmpty() ? null : encode(next), concerns);
    }

    /** The scorer's concerns with what the signals raised, one per category ({@link ConversationScorer#merge}). */
    public static List<Concern> withConcerns(List<Concern> scorer, Outcome signals) {
        if (signals.concerns().isEmpty()) {
            return scorer;
        }
        List<Concern> all = new ArrayList<>(scorer);
        all.addAll(signals.concerns());
        return ConversationScorer.merge(all);
    }

    static byte[] encode(Map<String, byte[]> parts) {
        return StateCodec.encode(VERSION, out -> {
            out.writeByte(parts.size());
            for (var e : parts.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                out.write(e.getValue(), 0, e.getValue().length);
            }
        });
    }

    static Map<String, byte[]> decode(byte[] bytes) {
        if (bytes == null) {
            return Map.of();
        }
        return StateCodec.decode(bytes, VERSION, "conversation signals", (in, v) -> {
            Map<String, byte[]> parts = new LinkedHashMap<>();
            int n = in.readUnsignedByte();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                int len = in.readInt();
                if (len < 0) {
                    throw new IOException("negative length");
                }
                byte[] b = new byte[len];
                int at = in.position();
                in.skip(len);
                System.arraycopy(bytes, at, b, 0, len);
                parts.put(name, b);
            }
            return parts;
        });
    }
}
