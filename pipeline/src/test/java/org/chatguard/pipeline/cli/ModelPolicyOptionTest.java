package org.chatguard.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.json.MessageParser;
import org.chatguard.model.Action;
import org.chatguard.model.Tier;
import org.chatguard.pipeline.JobConfig;
import org.chatguard.pipeline.ModelPolicyJobTest;
import org.chatguard.rules.ml.Concern;

/** {@code --model-policy} on run/demo (flag and config file) and classify: one parser, errors at start-up. */
class ModelPolicyOptionTest {

    private static RunCommand parseRun(String... args) {
        RunCommand cmd = new RunCommand();
        new CommandLine(cmd).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        cmd.config.apply();
        return cmd;
    }

    private static JobConfig config(RunCommand cmd) throws Exception {
        return cmd.job.toConfig(Topics.defaults(), new String[] {null, null});
    }

    @Test
    void theJobsConfigCarriesThePolicyFromTheFlagOrTheConfigFile(@TempDir Path tmp) throws Exception {
        assertEquals(Action.ALLOW, config(parseRun()).modelPolicy().action(Concern.SELF_HARM), "default: the model's own policy");
        assertTrue(config(parseRun()).modelPolicy().off(Concern.SEXUAL));

        JobConfig flag = config(parseRun("--model-policy", "self-harm.threshold=0.4,sexual.off=false"));
        assertEquals(0.4f, flag.modelPolicy().threshold(Concern.SELF_HARM, 0.9f));
        assertEquals(false, flag.modelPolicy().off(Concern.SEXUAL));

        Path yaml = tmp.resolve("site.yaml");
        Files.writeString(yaml, "bootstrap-servers: localhost:9092\nmodel-policy: \"bullying.tier=moderator,self-harm.action=hold\"\n");
        JobConfig file = config(parseRun("--config", yaml.toString()));
        assertEquals(Tier.MODERATOR, file.modelPolicy().tier(Concern.BULLYING));
        assertEquals(Action.HOLD, file.modelPolicy().action(Concern.SELF_HARM));
        JobConfig both = config(parseRun("--config", yaml.toString(), "--model-policy", "self-harm.action=mask"));
        assertEquals(Action.MASK, both.modelPolicy().action(Concern.SELF_HARM), "the flag wins over the file");

        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--model-policy", "grooming.min-words=10");
        assertEquals(10, demo.job.toConfig(Topics.defaults(), new String[] {null, null}).modelPolicy().minWords(Concern.GROOMING));
    }

    @Test
    void anInvalidPolicyStopsTheCommandAtStartUpWithTheReason(@TempDir Path tmp) throws Exception {
        var e = assertThrows(CommandLine.ParameterException.class, () -> parseRun("--model-policy", "self-harm.threshold=2"));
        assertTrue(e.getMessage().contains("--model-policy") && e.getMessage().contains("must be in (0, 1]"), e.getMessage());
        e = assertThrows(CommandLine.ParameterException.class, () -> parseRun("--model-policy", "selfharm.threshold=0.3"));
        assertTrue(e.getMessage().contains("--model-policy"), e.getMessage());

        Path yaml = tmp.resolve("bad.yaml");
        Files.writeString(yaml, "bootstrap-servers: localhost:9092\nmodel-policy: \"bullying.colour=red\"\n");
        e = assertThrows(CommandLine.ParameterException.class, () -> parseRun("--config", yaml.toString()));
        assertTrue(e.getMessage().contains("bad.yaml") && e.getMessage().contains("unknown key"), e.getMessage());

        for (String command : List.of("run", "demo", "classify")) {
            CommandLine cli = ChatGuardCli.commandLine();
            StringWriter err = new StringWriter();
            cli.setErr(new PrintWriter(err));
            cli.setOut(new PrintWriter(new StringWriter()));
            assertEquals(2, cli.execute(command, "--model-policy", "grooming.action=explode"), command);
            assertTrue(err.toString().contains("grooming.action: unknown value 'explode'"), command + ": " + err);
        }
    }

    @Test
    void classifyDecidesUnderThePolicy() throws Exception {
        String line = "{\"id\":\"d\",\"text\":\"" + ModelPolicyJobTest.DISTRESS + "\",\"sentAt\":\"2026-11-27T09:00:00Z\"}\n";
        float mid = ModelPolicyJobTest.midSelfHarm();
        List<JsonNode> plain = classify(line, "--model-policy", "self-harm.threshold=" + mid);
        List<JsonNode> held = classify(line, "--model-policy", "self-harm.threshold=" + mid + ",self-harm.action=hold");
        List<JsonNode> off = classify(line, "--model-policy", "self-harm.off=true");
        assertEquals("ALLOW", plain.get(0).get("action").asText(), plain.toString());
        assertTrue(plain.get(0).toString().contains("SELF_HARM"), plain.toString());
        assertEquals("HOLD", held.get(0).get("action").asText(), held.toString());
        assertTrue(!off.get(0).toString().contains("SELF_HARM"), off.toString());
    }

    private static List<JsonNode> classify(String input, String... args) throws Exception {
        ClassifyCommand cmd = new ClassifyCommand();
        new CommandLine(cmd).parseArgs(args);
        StringWriter out = new StringWriter();
        ClassifyCommand.classify(ClassifyCommandTest.in(input), out, java.io.Writer.nullWriter(), cmd.engine(),
                new MessageParser(), null);
        return ClassifyCommandTest.json(out.toString());
    }
}
