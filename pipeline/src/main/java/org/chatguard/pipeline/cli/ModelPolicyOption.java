package org.chatguard.pipeline.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import org.chatguard.rules.ml.ModelPolicy;

/**
 * {@code --model-policy SPEC}: the site's policy for model flags, for {@code run}, {@code demo} and
 * {@code classify} (and, as {@code model-policy:}, their config file). Parsed by {@link ModelPolicy#parse}, the
 * parser {@code eval --model-policy} uses, at start-up: a bad spec stops the command with the parser's reason
 * before anything runs. The job applies it to the bundled model and to every model published at run time.
 */
public final class ModelPolicyOption {

    @Option(names = "--model-policy", paramLabel = "SPEC", converter = Parser.class,
            description = "Per-site policy for the model's flags, concern.key=value separated by commas, e.g. "
                    + "self-harm.threshold=0.4,bullying.tier=moderator,sexual.off=false; keys: threshold, tier "
                    + "(none = flag only), action, off, min-words (default: the model's thresholds, see rules/MODEL-CARD.md).")
    ModelPolicy policy = ModelPolicy.DEFAULT;

    public ModelPolicy policy() {
        return policy;
    }

    /** Picocli's converter: an invalid spec is a usage error naming the option, as any bad flag value is. */
    static final class Parser implements ITypeConverter<ModelPolicy> {
        @Override
        public ModelPolicy convert(String value) {
            try {
                return ModelPolicy.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
