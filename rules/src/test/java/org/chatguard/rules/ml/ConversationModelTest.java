package org.chatguard.rules.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.Tier;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.eval.ConversationEval;
import org.chatguard.rules.risk.ConversationModelSignal;
import org.chatguard.rules.risk.RiskSignal;

/** The conversation model: run-time running sums give the training features' score; the file format; the cues. */
class ConversationModelTest {

    static final ModerationEngine ENGINE = ModerationEngine.defaultEngine();

    static final String[][] GROOMING = {
            {"u2", "Hi Lily, I saw your drawing in the art room, it was genuinely brilliant. You're very mature for your age"},
            {"u1", "omg ty"},
            {"u2", "How old are you, 13? Which school do you go to?"},
            {"u1", "yeah 13, st marys"},
            {"u2", "Which nights are you on your own after school? Keep our chats between us, the others would get jealous"},
            {"u1", "tuesdays mum works late"},
            {"u2", "Add me on snap, it's easier. Don't mention it to your dad, it's a surprise"},
    };

    @Test
    void runningSumsScoreAsTheTrainingFeaturesDo() {
        ConversationModel model = ConversationModel.loadDefault();
        List<ConversationTraining.Message> msgs = new ArrayList<>();
        Featurizer fz = new Featurizer(model.bits());
        for (int i = 0; i < GROOMING.length; i++) {
            String text = GROOMING[i][1];
            msgs.add(new ConversationTraining.Message("m" + i, GROOMING[i][0], text, ENGINE.analyze(text),
                    ConversationModel.vector(fz.of(text))));
        }
        ConversationTraining.Conversation conv = new ConversationTraining.Conversation("c", "x",
                new ConversationEval.Label("c", "dev", false, null, null, null, "x"), List.of(), msgs);
        List<ConversationTraining.Example> examples = ConversationTraining.examples(List.of(conv), model.bits(), true);

        ConversationModelSignal signal = new ConversationModelSignal(model);
        byte[] state = null;
        int e = 0;
        for (int i = 0; i < GROOMING.length; i++) {
            String text = GROOMING[i][1];
            ChatMessage m = new ChatMessage("m" + i, ContentKind.CHAT, "private", "c", GROOMING[i][0], List.of(), text,
                    java.time.Instant.EPOCH.plusSeconds(i));
            RiskSignal.Step s = signal.onMessage(state, m, ENGINE.analyze(text));
            state = s.state();
            Map<String, double[]> p = signal.probabilities(state);
            while (e < examples.size() && examples.get(e).at() == i) {
                ConversationTraining.Example x = examples.get(e++);
                for (int h = 0; h < model.heads().size(); h++) {
                    assertEquals(ConversationTraining.score(model, h, x), p.get(x.sender())[h], 1e-4,
                            "message " + i + ", sender " + x.sender() + ", head " + model.heads().get(h).code());
                }
            }
        }
        assertEquals(examples.size(), e);
    }

    @Test
    void theFileRoundTripsAndABrokenOneIsRefused() throws IOException {
        ConversationModel model = ConversationModel.loadDefault();
        byte[] bytes = model.write();
        ConversationModel back = ConversationModel.read(new ByteArrayInputStream(bytes));
        assertEquals(model.version(), back.version());
        assertEquals(model.heads(), back.heads());
        assertArrayEquals(bytes, back.write());
        assertThrows(IOException.class, () -> ConversationModel.read(new ByteArrayInputStream(new byte[] {1, 2, 3})));
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length / 2);
        assertThrows(IOException.class, () -> ConversationModel.read(new ByteArrayInputStream(cut)));
        assertTrue(model.heads().contains(new ConversationModel.Head(org.chatguard.model.Category.GROOMING, Tier.SAFEGUARDING)));
    }

    @Test
    void aStateFromAnotherModelVersionStartsAfresh() {
        ConversationModel model = ConversationModel.loadDefault();
        ChatMessage m = new ChatMessage("m1", ContentKind.CHAT, "private", "c", "u1", List.of(), "hello there",
                java.time.Instant.EPOCH);
        Verdict v = ENGINE.analyze(m.text());
        byte[] state = new ConversationModelSignal(model).onMessage(null, m, v).state();
        ConversationModel other = new ConversationModel("other", model.bits(), model.heads(),
                new float[model.heads().size()], zeros(model), thresholds(model));
        ConversationModelSignal s = new ConversationModelSignal(other);
        byte[] next = s.onMessage(state, m, v).state();
        assertEquals(1, s.probabilities(next).size());
    }

    static float[][] zeros(ConversationModel m) {
        return new float[m.heads().size()][ConversationModel.width(m.bits())];
    }

    static float[] thresholds(ConversationModel m) {
        float[] t = new float[m.heads().size()];
        java.util.Arrays.fill(t, 0.5f);
        return t;
    }

    @Test
    void cuesReadShapesNotSpellings() {
        int c = Cue.of("Which nights are you on your own? Don't mention it to your dad");
        assertTrue((c & Cue.ALONE_QUESTION.bit()) != 0);
        assertTrue((c & Cue.SECRECY.bit()) != 0);
        assertTrue(Cue.credibleThreat(Cue.of("tmrw 3.15 at the gates ur getting battered")));
        assertEquals(0, Cue.of("Getting it wrong is part of learning") & Cue.THREAT.bit());
    }
}
