package org.chatguard.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ChatGuardCliTest {

    private static String[] run(String... args) {
        CommandLine cli = ChatGuardCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void helpListsEverySubcommand() {
        String[] r = run("--help");
        assertEquals("0", r[0]);
        for (String sub : new String[] {"demo", "run", "classify"}) {
            assertTrue(r[1].contains(sub), r[1]);
        }
    }

    @Test
    void runDocumentsItsOptions() {
        String[] r = run("run", "--help");
        assertEquals("0", r[0]);
        for (String opt : new String[] {"--bootstrap-servers", "--group-id", "--topic-prefix", "--kafka-property",
                "--decisions-delivery", "--alerts-delivery", "--checkpoint-interval", "--rule-pack"}) {
            assertTrue(r[1].contains(opt), opt + " missing from:\n" + r[1]);
        }
    }

    @Test
    void unknownOptionsAreRejectedWithUsage() {
        String[] r = run("run", "--no-such-option");
        assertNotEquals("0", r[0]);
        assertTrue(r[2].contains("Unknown option"), r[2]);
    }

    @Test
    void brokenRulePackIsRejectedBeforeAnythingStarts(@TempDir Path tmp) throws Exception {
        Path pack = tmp.resolve("broken.yaml");
        Files.writeString(pack, "version: x\nrules:\n  - id: r1\n    category: not-a-category\n    terms: [a]\n");
        String[] r = run("run", "--bootstrap-servers", "localhost:1", "--rule-pack", pack.toString());
        assertNotEquals("0", r[0]);
        assertTrue(r[2].contains("broken.yaml"), r[2]);
    }

    @Test
    void secretValuesComeFromEnvironmentOrFiles(@TempDir Path tmp) throws Exception {
        Path secret = tmp.resolve("pw");
        Files.writeString(secret, "s3cret\n");
        assertEquals("s3cret", SecretValues.resolve("${file:" + secret + "}"));
        assertEquals(System.getenv("PATH"), SecretValues.resolve("${env:PATH}"));
        assertEquals("plain", SecretValues.resolve("plain"));
    }
}
