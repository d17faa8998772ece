package org.chatguard.rules.risk;

/**
 * Grooming stages as rule packs name them in {@link org.chatguard.model.RuleMatch#stage()}. The high-risk
 * ones rarely have an innocent reading once they come on top of others from the same sender.
 */
public enum GroomingStage {
    TRUST("trust", false),
    PERSONAL_DETAILS("personal-details", false),
    SECRECY("secrecy", true),
    ISOLATION("isolation", true),
    OFF_PLATFORM("off-platform", true),
    PHOTOS("photos", true),
    MEETING("meeting", true),
    // appended, never inserted: stage bits are stored in conversation state
    /** Finding out when the child is alone or unsupervised (parents out, asleep, at work). */
    ACCESS("access", true),
    /** Talking the age difference away ("age is just a number", "I could get in trouble for this"). */
    AGE_GAP("age-gap", true);

    private final String code;
    private final boolean highRisk;

    GroomingStage(String code, boolean highRisk) {
        this.code = code;
        this.highRisk = highRisk;
    }

    public String code() {
        return code;
    }

    public boolean highRisk() {
        return highRisk;
    }

    public int bit() {
        return 1 << ordinal();
    }

    /** {@code null} for an unknown or absent stage: packs may name stages this version does not track. */
    public static GroomingStage of(String code) {
        if (code == null) {
            return null;
        }
        for (GroomingStage s : values()) {
            if (s.code.equals(code)) {
                return s;
            }
        }
        return null;
    }

    public static int count(int mask) {
        return Integer.bitCount(mask & ((1 << values().length) - 1));
    }

    public static int countHighRisk(int mask) {
        int n = 0;
        for (GroomingStage s : values()) {
            if (s.highRisk && (mask & s.bit()) != 0) {
                n++;
            }
        }
        return n;
    }

    /** Stage codes in stage order, e.g. {@code trust, personal-details, secrecy}. */
    public static String describe(int mask) {
        StringBuilder sb = new StringBuilder();
        for (GroomingStage s : values()) {
            if ((mask & s.bit()) != 0) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(s.code);
            }
        }
        return sb.toString();
    }
}
