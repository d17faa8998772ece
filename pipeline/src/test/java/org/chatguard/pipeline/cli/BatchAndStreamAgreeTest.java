package org.chatguard.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.Decision;
import org.chatguard.model.StaffAction;
import org.chatguard.model.StaffAlert;
import org.chatguard.pipeline.functions.ConversationRiskFunction;
import org.chatguard.pipeline.functions.ModerateFunction;
import org.chatguard.pipeline.functions.SenderRiskFunction;
import org.chatguard.pipeline.records.Assessed;
import org.chatguard.pipeline.records.RulePackUpdate;
import org.chatguard.pipeline.records.SenderInput;
import org.chatguard.rules.decide.Staffing;
import org.chatguard.rules.lang.LanguageRouter;
import org.chatguard.rules.risk.PileOn;
import org.chatguard.rules.risk.RiskConfig;
import org.chatguard.rules.risk.RiskEngine;
import org.chatguard.rules.risk.SplitWords;
import org.chatguard.rules.risk.TrustConfig;

/**
 * {@code classify --stateful} (the batch scorer, {@link ClassifyCommand#statefulEngine}) and the job's two keyed
 * stages (sender-risk, then conversation-risk, on RocksDB) give the same decisions and raise the same alerts on
 * the same messages, conversation-level signals included: what staff see must not depend on which one ran.
 */
class BatchAndStreamAgreeTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    static List<ChatMessage> script() {
        String[][] lines = {
                {"c-t", "u-a", "u-b", "you think youre so clever in class today"},
                {"c-t", "u-b", "u-a", "leave me alone"},
                {"c-t", "u-a", "u-b", "wait for me by the gates after school tomorrow, youll regret what you said, my brother has a blade"},
                {"c-g", "u-c", "u-d", "i've given my console and all my games to my brother"},
                {"c-g", "u-c", "u-d", "thanks for everything mate, you wont have to put up with me much longer"},
                {"c-f", "u-e", "u-f", "lol i'm going to kill you if you spoil the match again"},
                {"c-f", "u-f", "u-e", "haha try it, see you at practice"},
        };
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String[] l = lines[i];
            out.add(new ChatMessage("m" + i, ContentKind.CHAT, "general", l[0], l[1], List.of(l[2]), l[3], T0.plusSeconds(30L * i)));
        }
        return out;
    }

    record Seen(List<String> decisions, List<String> alerts) {
    }

    static String decision(Decision d) {
        return d.id() + " " + d.action() + " " + d.categories();
    }

    static String alert(StaffAlert a) {
        return a.conversationId() + " " + a.tier() + " " + a.category() + " " + a.subjectUserIds() + " " + a.reasonCodes();
    }

    static Seen batch(List<ChatMessage> messages) throws Exception {
        LanguageRouter engine = LanguageRouter.withEnglish(org.chatguard.rules.ModerationEngine.withDefaultModel(
                org.chatguard.rules.RulePackLoader.defaultPack()));
        RiskEngine risk = ClassifyCommand.statefulEngine(engine, RiskConfig.defaults(), Staffing.defaults(),
                TrustConfig.defaults().newAccountMessages());
        Seen s = new Seen(new ArrayList<>(), new ArrayList<>());
        for (ChatMessage m : messages) {
            RiskEngine.Outcome o = risk.process(m, engine.analyze(m.text(), e -> { }), m.sentAt());
            s.decisions().add(decision(o.decision()));
            o.alerts().forEach(a -> s.alerts().add(alert(a)));
        }
        risk.flushAll(messages.get(messages.size() - 1).sentAt().plusSeconds(3600)).forEach(a -> s.alerts().add(alert(a)));
        return s;
    }

    static Seen stream(List<ChatMessage> messages) throws Exception {
        var sender = new SenderRiskFunction(null, null, RiskConfig.defaults(), TrustConfig.defaults(), SplitWords.Config.defaults());
        var conversation = new ConversationRiskFunction(RiskConfig.defaults(), Staffing.defaults(), PileOn.Config.defaults());
        Seen s = new Seen(new ArrayList<>(), new ArrayList<>());
        try (var first = new KeyedBroadcastOperatorTestHarness<String, SenderInput, RulePackUpdate, Assessed>(
                new CoBroadcastWithKeyedOperator<>(sender, List.of(ModerateFunction.RULE_PACK)), SenderInput::userId, Types.STRING, 1, 1, 0);
             var second = new KeyedTwoInputStreamOperatorTestHarness<String, Assessed, StaffAction, Decision>(
                     new KeyedCoProcessOperator<>(conversation), (Assessed a) -> a.message().conversationId(),
                     StaffAction::conversationId, Types.STRING)) {
            first.setStateBackend(new EmbeddedRocksDBStateBackend());
            second.setStateBackend(new EmbeddedRocksDBStateBackend());
            first.open();
            second.open();
            for (ChatMessage m : messages) {
                second.setProcessingTime(m.sentAt().toEpochMilli());
                first.processElement(SenderInput.of(m), m.sentAt().toEpochMilli());
            }
            for (Assessed a : first.extractOutputValues()) {
                second.processElement1(new StreamRecord<>(a, a.message().sentAt().toEpochMilli()));
            }
            second.setProcessingTime(messages.get(messages.size() - 1).sentAt().plusSeconds(3600).toEpochMilli());
            second.extractOutputValues().forEach(d -> s.decisions().add(decision(d)));
            var alerts = second.getSideOutput(ConversationRiskFunction.ALERTS);
            if (alerts != null) {
                alerts.forEach(r -> s.alerts().add(alert(r.getValue())));
            }
        }
        return s;
    }

    @Test
    void classifyStatefulAndTheJobStagesRaiseTheSameAlerts() throws Exception {
        List<ChatMessage> messages = script();
        Seen batch = batch(messages);
        Seen stream = stream(messages);
        assertFalse(batch.alerts().isEmpty(), "the script raises alerts in classify --stateful");
        assertEquals(batch.decisions(), stream.decisions(), "decisions");
        assertEquals(batch.alerts().stream().sorted().toList(), stream.alerts().stream().sorted().toList(), "alerts");
    }
}
