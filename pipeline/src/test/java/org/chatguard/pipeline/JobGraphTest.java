package org.chatguard.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

import org.chatguard.connectors.kafka.RawRecord;
import org.chatguard.pipeline.records.RecordTypes;

/** The job graph as built, without running it: settings and types that only show up as performance. */
class JobGraphTest {

    private static StreamExecutionEnvironment build(Long bufferTimeout) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (bufferTimeout != null) {
            env.setBufferTimeout(bufferTimeout);
        }
        DataGeneratorSource<RawRecord> source = new DataGeneratorSource<>(i -> null, 1, TypeInformation.of(RawRecord.class));
        ChatGuardJob.build(env, source, new JobSinks(new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>()),
                JobConfig.defaults());
        return env;
    }

    @Test
    void aShortBufferTimeoutUnlessTheEnvironmentSetsOne() {
        assertEquals(ChatGuardJob.DEFAULT_BUFFER_TIMEOUT.toMillis(), build(null).getBufferTimeout());
        assertEquals(100L, build(100L).getBufferTimeout());
    }

    @Test
    void recordsCrossingExchangesUseTheHandWrittenSerializers() {
        StreamExecutionEnvironment env = build(null);
        List<String> types = new ArrayList<>();
        for (Transformation<?> t : env.getTransformations()) {
            collect(t, types);
        }
        assertTrue(types.contains("parse: " + RecordTypes.CHAT_MESSAGE), types.toString());
        assertTrue(types.contains("messages-by-sender: WireFormat<SenderInput>"), types.toString());
        assertTrue(types.contains("sender-risk: WireFormat<Assessed>"), types.toString());
    }

    /**
     * Every exchange serialises and deserialises each message and puts the next operator on another thread: a message
     * crosses exactly two (keyBy sender, keyBy conversation). Source, parse and event time are one chained task,
     * moderation, split words and user risk another, conversation risk and the sinks the third.
     */
    @Test
    void aMessageCrossesTwoExchanges() {
        JobGraph graph = build(null).getStreamGraph().getJobGraph();
        List<String> path = new ArrayList<>();
        for (JobVertex v : graph.getVerticesSortedTopologicallyFromSources()) {
            if (v.getName().contains("kafka-input") || v.getName().contains("sender-risk") || v.getName().contains("conversation-risk")) {
                path.add(v.getName());
            }
        }
        assertEquals(3, path.size(), path.toString());
        assertTrue(path.get(0).contains("parse") && path.get(0).contains("event-time") && path.get(0).contains("messages-by-sender"),
                "chained to the source: " + path.get(0));
        assertTrue(path.get(1).startsWith("sender-risk"), path.toString());
        assertTrue(path.get(2).startsWith("conversation-risk") && path.get(2).contains("decisions-sink"), path.toString());
    }

    /** Kryo is the slow, unversioned fallback: no record of the job, at any depth, may end up there. */
    @Test
    void noTypeFallsBackToKryo() {
        List<Transformation<?>> all = new ArrayList<>();
        build(null).getTransformations().forEach(t -> flatten(t, all));
        for (Transformation<?> t : all) {
            assertNoGeneric(t.getName(), t.getOutputType());
        }
    }

    private static void flatten(Transformation<?> t, List<Transformation<?>> into) {
        into.add(t);
        t.getInputs().forEach(in -> flatten(in, into));
    }

    private static void assertNoGeneric(String where, TypeInformation<?> type) {
        assertFalse(type instanceof GenericTypeInfo, where + ": " + type);
        if (type instanceof PojoTypeInfo<?> pojo) {
            for (int i = 0; i < pojo.getArity(); i++) {
                assertNoGeneric(where + "." + pojo.getPojoFieldAt(i).getField().getName(), pojo.getPojoFieldAt(i).getTypeInformation());
            }
        }
        for (TypeInformation<?> p : type.getGenericParameters().values()) {
            assertNoGeneric(where + "<>", p);
        }
    }

    private static void collect(Transformation<?> t, List<String> into) {
        into.add(t.getName() + ": " + t.getOutputType());
        for (Transformation<?> in : t.getInputs()) {
            collect(in, into);
        }
    }
}
