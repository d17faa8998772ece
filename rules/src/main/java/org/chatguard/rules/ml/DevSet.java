package org.chatguard.rules.ml;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.chatguard.model.Category;
import org.chatguard.rules.eval.FlagCriterion;

/**
 * A labelled development set and how it is scored: the concern its labels are about, what counts as "the
 * rules flagged it" (the same {@link FlagCriterion} the rules' README uses per set), and a ceiling on the
 * false-positive rate the threshold may buy (PAN12: 0.10).
 */
public record DevSet(String name, Concern concern, FlagCriterion.Mode mode, Set<Category> only, double maxFpr) {

    /** The scoring of a file, from its name (the shared sets), else by its concern with {@code --flag-on any}. */
    public static DevSet forFile(String fileName, Concern fallback) {
        String f = fileName.toLowerCase(Locale.ROOT);
        if (f.startsWith("suicid")) {
            return new DevSet(fileName, Concern.SELF_HARM, FlagCriterion.Mode.ALERT, EnumSet.of(Category.SELF_HARM), 1);
        }
        if (f.startsWith("formspring")) {
            return new DevSet(fileName, Concern.BULLYING, FlagCriterion.Mode.ANY,
                    EnumSet.of(Category.INSULT, Category.HATE, Category.VIOLENCE), 1);
        }
        if (f.startsWith("pan12")) {
            return new DevSet(fileName, Concern.GROOMING, FlagCriterion.Mode.ALERT, EnumSet.of(Category.GROOMING), 0.10);
        }
        if (f.startsWith("davidson")) {
            return new DevSet(fileName, Concern.BULLYING, FlagCriterion.Mode.ANY, null, 1);
        }
        Concern c = fallback != null ? fallback : LabelledData.concernOfFile(fileName);
        if (c == null) {
            throw new IllegalArgumentException("cannot tell which concern " + fileName + " is labelled for: give FILE:concern");
        }
        return new DevSet(fileName, c, FlagCriterion.Mode.ANY, EnumSet.of(c.category()), 1);
    }

    public String criterion() {
        return "--flag-on " + mode.name().toLowerCase(Locale.ROOT)
                + (only == null ? "" : " --only " + only.toString().toLowerCase(Locale.ROOT).replaceAll("[\\[\\] ]", ""))
                + (maxFpr < 1 ? ", FPR <= " + maxFpr : "");
    }
}
