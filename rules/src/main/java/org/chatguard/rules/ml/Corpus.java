package org.chatguard.rules.ml;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.chatguard.model.Category;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.Verdict;
import org.chatguard.rules.eval.FlagCriterion;

/**
 * The labelled rows of one training run, featurised once: training-only files, and development sets
 * (which are also cross-validated). Each development row also carries whether the rules alone flag it
 * under its set's criterion, so "combined" figures and thresholds need no second pass of the rules.
 */
public final class Corpus {

    /** Rows longer than this are cut for training (the C-SSRS rows are a user's whole history, up to 32k characters). */
    static final int MAX_TRAIN_CHARS = 4000;

    public static final class Dev {
        public final DevSet set;
        final List<Example> examples = new ArrayList<>();
        final List<boolean[]> flags = new ArrayList<>(); // [gold, rules]

        Dev(DevSet set) {
            this.set = set;
        }

        public int size() {
            return examples.size();
        }

        boolean gold(int i) {
            return flags.get(i)[0];
        }

        boolean rules(int i) {
            return flags.get(i)[1];
        }
    }

    final List<Example> train = new ArrayList<>();
    final List<Dev> dev = new ArrayList<>();
    final int bits;

    private Corpus(int bits) {
        this.bits = bits;
    }

    /** A file argument: a path, optionally followed by {@code :concern} for files labelled for one concern. */
    public record Source(Path path, Concern concern) {
        public static Source parse(String arg) {
            int c = arg.lastIndexOf(':');
            if (c > 0 && c < arg.length() - 1 && !arg.substring(c + 1).contains("/")) {
                try {
                    return new Source(Path.of(arg.substring(0, c)), Concern.parse(arg.substring(c + 1)));
                } catch (IllegalArgumentException e) {
                    // not a concern: a path with a colon
                }
            }
            return new Source(Path.of(arg), null);
        }

        String fileName() {
            return path.getFileName().toString();
        }
    }

    public static Corpus load(List<Source> trainFiles, List<Source> devFiles, ModerationEngine rules, int bits) throws IOException {
        Corpus c = new Corpus(bits);
        Featurizer f = new Featurizer(bits);
        FlagCriterion sexual = FlagCriterion.of(FlagCriterion.Mode.ANY, EnumSet.of(Category.SEXUAL), rules.pack());
        LabelledData.Silver silver = text -> (byte) (sexual.flagged(rules.analyze(text)) ? 1 : 0);
        for (Source s : trainFiles) {
            Concern fc = s.concern() != null ? s.concern() : LabelledData.concernOfFile(s.fileName());
            for (LabelledData.Row r : LabelledData.read(s.path())) {
                c.train.add(Example.of(f.of(cut(r.text())), LabelledData.labels(r, fc, silver)));
            }
        }
        for (Source s : devFiles) {
            DevSet set = DevSet.forFile(s.fileName(), s.concern());
            FlagCriterion crit = FlagCriterion.of(set.mode(), set.only(), rules.pack());
            Dev d = new Dev(set);
            for (LabelledData.Row r : LabelledData.read(s.path())) {
                Verdict v = rules.analyze(r.text());
                d.examples.add(Example.of(f.of(cut(r.text())), LabelledData.labels(r, set.concern(), silver)));
                d.flags.add(new boolean[] {r.flag(), crit.flagged(v)});
            }
            c.dev.add(d);
        }
        return c;
    }

    static String cut(String text) {
        return text.length() <= MAX_TRAIN_CHARS ? text : text.substring(0, MAX_TRAIN_CHARS);
    }

    public List<Dev> dev() {
        return dev;
    }

    public int trainSize() {
        return train.size();
    }
}
