package org.chatguard.rules.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Labelled JSONL rows ({@code id, text, flag, label, category}: the format of the shared {@code train/} and
 * {@code eval-dev/} sets) and how each row's labels become per-concern training labels.
 *
 * <p>Mapping (see MODEL-CARD.md for why):
 * <ul>
 *   <li>a row with a {@code category} (the {@code train/} sets): flag=false is a negative for every concern;
 *       flag=true with INSULT, HATE or VIOLENCE is a BULLYING positive, SELF_HARM / SEXUAL / GROOMING a positive
 *       of that concern, PROFANITY (untargeted swearing) a BULLYING negative; other concerns unknown;</li>
 *   <li>a row without one belongs to a file labelled for one concern ({@link #concernOfFile}, or given as
 *       {@code FILE:concern}): flag is that concern's label, the others are unknown, except the Davidson set,
 *       whose "offensive_language" class (mostly casual slurs and swearing) is unknown for bullying;</li>
 *   <li>SEXUAL has no human-labelled source: {@link Silver} labels it from the rule pack's SEXUAL matches.</li>
 * </ul>
 */
public final class LabelledData {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int C = Concern.values().length;

    private LabelledData() {}

    public record Row(String id, String text, boolean flag, String label, String category) {}

    /** Labels the rule pack supplies where no human label exists (SEXUAL); returns 1/0. */
    @FunctionalInterface
    public interface Silver {
        byte sexual(String text);
    }

    public static List<Row> read(Path p) throws IOException {
        List<Row> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode o;
                try {
                    o = JSON.readTree(line);
                } catch (IOException e) {
                    throw new IOException(p.getFileName() + " line " + n + ": not JSON");
                }
                if (o == null || !o.isObject() || !o.hasNonNull("text") || !o.has("flag") || !o.get("flag").isBoolean()) {
                    throw new IOException(p.getFileName() + " line " + n + ": needs text and a boolean flag");
                }
                out.add(new Row(o.hasNonNull("id") ? o.get("id").asText() : p.getFileName() + ":" + n, o.get("text").asText(),
                        o.get("flag").asBoolean(), o.hasNonNull("label") ? o.get("label").asText() : null,
                        o.hasNonNull("category") ? o.get("category").asText() : null));
            }
        }
        return out;
    }

    /** The concern a file without per-row categories is labelled for, from its name; null if unknown. */
    public static Concern concernOfFile(String fileName) {
        String f = fileName.toLowerCase(Locale.ROOT);
        if (f.contains("suicid") || f.contains("self_harm") || f.contains("self-harm")) {
            return Concern.SELF_HARM;
        }
        if (f.contains("formspring") || f.contains("bully") || f.contains("davidson")) {
            return Concern.BULLYING;
        }
        if (f.contains("pan12") || f.contains("groom")) {
            return Concern.GROOMING;
        }
        if (f.contains("sexual")) {
            return Concern.SEXUAL;
        }
        return null;
    }

    /** Per-concern labels ({@link Concern} order) of one row; {@code fileConcern} for rows without a category. */
    public static byte[] labels(Row r, Concern fileConcern, Silver silver) {
        byte[] l = new byte[C];
        java.util.Arrays.fill(l, Example.UNKNOWN);
        if (r.category() != null || (fileConcern == null && !r.flag())) {
            if (!r.flag()) {
                java.util.Arrays.fill(l, (byte) 0);
            } else {
                switch (r.category().toUpperCase(Locale.ROOT)) {
                    case "INSULT", "HATE", "VIOLENCE" -> l[Concern.BULLYING.ordinal()] = 1;
                    case "PROFANITY" -> l[Concern.BULLYING.ordinal()] = 0;
                    case "SELF_HARM" -> l[Concern.SELF_HARM.ordinal()] = 1;
                    case "SEXUAL" -> l[Concern.SEXUAL.ordinal()] = 1;
                    case "GROOMING" -> l[Concern.GROOMING.ordinal()] = 1;
                    default -> { }
                }
            }
        } else if (fileConcern != null) {
            boolean davidsonOffensive = "offensive_language".equals(r.label());
            if (!davidsonOffensive) {
                l[fileConcern.ordinal()] = (byte) (r.flag() ? 1 : 0);
            }
        }
        if (silver != null && l[Concern.SEXUAL.ordinal()] != 1) {
            l[Concern.SEXUAL.ordinal()] = silver.sexual(r.text());
        }
        return l;
    }
}
