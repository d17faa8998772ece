package org.chatguard.pipeline.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Option;

import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.RulePackException;
import org.chatguard.rules.RulePackLoader;
import org.chatguard.rules.ml.ModelDetector;
import org.chatguard.rules.ml.ModelPolicy;

/** {@code --rule-pack FILE}: the rule pack to moderate with instead of the bundled default. */
public final class RulePackOption {

    @Option(names = "--rule-pack", paramLabel = "FILE",
            description = "Rule pack (YAML or JSON) to use instead of the bundled default English pack.")
    Path rulePack;

    /** The pack's name and text, validated here so a broken file fails before anything starts. */
    public String[] sourceAndContent() throws IOException, RulePackException {
        if (rulePack == null) {
            return new String[] {null, null};
        }
        String content = Files.readString(rulePack, StandardCharsets.UTF_8);
        RulePackLoader.parse(rulePack.toString(), content);
        return new String[] {rulePack.toString(), content};
    }

    public ModerationEngine engine() throws IOException, RulePackException {
        return engine(ModelPolicy.DEFAULT);
    }

    /** The pack's rules and the bundled model under the site's {@code policy}. */
    public ModerationEngine engine(ModelPolicy policy) throws IOException, RulePackException {
        return ModerationEngine.withModel(rulePack == null ? RulePackLoader.defaultPack() : RulePackLoader.load(rulePack),
                ModelDetector.defaultModel(), policy);
    }
}
