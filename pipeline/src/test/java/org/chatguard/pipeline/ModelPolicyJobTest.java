package org.chatguard.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.chatguard.model.Action;
import org.chatguard.model.Category;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.pipeline.functions.ModerateFunction;
import org.chatguard.pipeline.records.Moderated;
import org.chatguard.pipeline.records.RulePackUpdate;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.ml.Concern;
import org.chatguard.rules.ml.LinearModel;
import org.chatguard.rules.ml.ModelFile;
import org.chatguard.rules.ml.ModelPolicy;

/** The site's {@code --model-policy} holds in the job's moderate stage, for the bundled model and for a published one. */
public class ModelPolicyJobTest {

    public static final String DISTRESS = "nobody would even notice if i wasnt here anymore";

    private static ChatMessage msg(String id, String text) {
        return new ChatMessage(id, ContentKind.CHAT, "general", "c1", "u1", List.of(), text, Instant.EPOCH);
    }

    /** Halfway between an everyday line and the distress line: the test is of the policy, not of the shipped threshold. */
    public static float midSelfHarm() {
        ModerationEngine plain = ModerationEngine.defaultEngine();
        return (float) ((plain.analyze(DISTRESS).modelScores().score(Concern.SELF_HARM)
                + plain.analyze("see you at lunch").modelScores().score(Concern.SELF_HARM)) / 2);
    }

    private static List<Moderated> run(ModerateFunction f, RulePackUpdate publish, String... texts) throws Exception {
        try (BroadcastOperatorTestHarness<ChatMessage, RulePackUpdate, Moderated> h =
                     ProcessFunctionTestHarnesses.forBroadcastProcessFunction(f, ModerateFunction.RULE_PACK)) {
            int t = 1;
            h.processElement(msg("bundled", DISTRESS), t++);
            if (publish != null) {
                h.processBroadcastElement(publish, t++);
            }
            for (int i = 0; i < texts.length; i++) {
                h.processElement(msg("m" + i, texts[i]), t++);
            }
            return h.extractOutputValues();
        }
    }

    @Test
    void theSitesPolicyChangesWhatTheBundledAndAPublishedModelDo(@TempDir Path dir) throws Exception {
        byte[] tiny = LiveModelUpdateTest.trainTinyModel(dir);
        LinearModel tinyModel = ModelFile.read(tiny, "tiny");
        RulePackUpdate publish = RulePackUpdate.model(tinyModel.version(), "test", tiny);

        List<Moderated> plain = run(new ModerateFunction(null, null), publish, "wibblesnatch again");
        assertEquals(Action.ALLOW, plain.get(0).verdict().action(), "by default a model flag never changes what the child sees");
        assertTrue(plain.get(1).verdict().categories().contains(Category.SELF_HARM), plain.get(1).verdict().categories().toString());
        assertEquals(Action.ALLOW, plain.get(1).verdict().action());

        ModelPolicy site = ModelPolicy.parse("self-harm.threshold=" + midSelfHarm() + ",self-harm.action=hold");
        List<Moderated> held = run(new ModerateFunction(null, null, site), publish, "wibblesnatch again");
        assertEquals(Action.HOLD, held.get(0).verdict().action(), "the bundled model under the site's policy");
        assertEquals(Action.HOLD, held.get(1).verdict().action(), "the published model under the same policy");
        assertEquals(tinyModel.version(), held.get(1).verdict().modelVersion());

        List<Moderated> off = run(new ModerateFunction(null, null, ModelPolicy.parse("self-harm.off=true")), publish,
                "wibblesnatch again");
        assertTrue(!off.get(1).verdict().categories().contains(Category.SELF_HARM), "self-harm.off holds for the published model too");
    }
}
