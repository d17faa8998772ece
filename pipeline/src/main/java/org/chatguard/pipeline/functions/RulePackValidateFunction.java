package org.chatguard.pipeline.functions;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.kafka.DeadLetters;
import org.chatguard.connectors.kafka.RawRecord;
import org.chatguard.pipeline.records.RulePackUpdate;
import org.chatguard.rules.RulePack;
import org.chatguard.rules.RulePackException;
import org.chatguard.rules.RulePackLoader;
import org.chatguard.rules.ml.LinearModel;
import org.chatguard.rules.ml.ModelFile;
import org.chatguard.rules.ml.ModelFileException;

/**
 * Checks every rule pack that arrives on the rules topic before anything uses it. A broken pack is
 * never half-applied: it goes to dead-letter with the loader's reason (source, line, field) and the
 * running pack stays in force. A model file (published with {@code chatguard publish-model}; recognised by
 * its magic bytes) is checked the same way: loaded whole by {@link ModelFile} (checksum, header, lengths) or
 * dead-lettered with the reason, the running model staying in force.
 * running pack stays in force. The record key says the pack's role: {@link Topics#SHADOW_PACK_KEY} is a shadow
 * run's candidate (a tombstone or empty record under it ends the run), any other key the live pack.
 */
public final class RulePackValidateFunction extends ProcessFunction<RawRecord, RulePackUpdate> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RulePackValidateFunction.class);

    private transient Counter accepted;
    private transient Counter rejected;

    @Override
    public void open(OpenContext openContext) {
        accepted = getRuntimeContext().getMetricGroup().counter("rulePacksAccepted");
        rejected = getRuntimeContext().getMetricGroup().counter("rulePacksRejected");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<RulePackUpdate> out) {
        String source = raw.topic() + "[" + raw.partition() + "]@" + raw.offset();
        boolean shadow = Topics.SHADOW_PACK_KEY.equals(raw.keyString());
        String reason;
        if (shadow && (raw.value() == null || raw.value().length == 0)) {
            accepted.inc();
            LOG.info("shadow run ended by {}", source);
            out.collect(RulePackUpdate.dropShadow(source));
            return;
        }
        if (raw.value() != null && isModelFile(raw.value())) {
            try {
                LinearModel m = ModelFile.read(raw.value(), source);
                accepted.inc();
                LOG.info("model {} accepted from {} ({} concerns)", m.version(), source, m.concerns().size());
                out.collect(RulePackUpdate.model(m.version(), source, raw.value()));
                return;
            } catch (ModelFileException e) {
                reason = "model rejected: " + e.getMessage();
            } catch (RuntimeException e) {
                reason = "model rejected: loader failure " + e.getClass().getSimpleName();
            }
        } else if (raw.value() == null || raw.value().length == 0) {
            reason = "rule pack rejected: empty record";
        } else if (raw.value().length > RulePackLoader.MAX_PACK_BYTES) {
            reason = "rule pack rejected: " + raw.value().length + " bytes (limit " + RulePackLoader.MAX_PACK_BYTES + ")";
        } else {
            try {
                String content = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(raw.value())).toString();
                RulePack pack = RulePackLoader.parse(source, content);
                accepted.inc();
                LOG.info("{} rule pack {} accepted from {} ({} rules)", shadow ? "shadow" : "live", pack.version(), source,
                        pack.rules().size());
                out.collect(shadow ? RulePackUpdate.shadow(pack.version(), source, content)
                        : new RulePackUpdate(pack.version(), source, content));
                return;
            } catch (CharacterCodingException e) {
                reason = "rule pack rejected: invalid UTF-8";
            } catch (RulePackException e) {
                reason = "rule pack rejected: " + e.getMessage();
            } catch (RuntimeException e) {
                reason = "rule pack rejected: loader failure " + e.getClass().getSimpleName();
            }
        }
        rejected.inc();
        LOG.warn("{} ({}); the current pack and model stay in force", reason, source);
        ctx.output(ParseFunction.DEAD_LETTERS, DeadLetters.of(raw, reason, Instant.now()));
    }

    /** A model file starts with "CGML"; no rule pack (YAML or JSON text) does. */
    static boolean isModelFile(byte[] b) {
        return b.length >= 4 && b[0] == 'C' && b[1] == 'G' && b[2] == 'M' && b[3] == 'L';
    }
}
