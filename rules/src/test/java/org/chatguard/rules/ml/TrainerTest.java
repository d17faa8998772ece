package org.chatguard.rules.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Determinism, calibration and the train command end to end, on small sets written here. */
class TrainerTest {

    private static final String[] FILLER = ("the a we they school game played today later lunch homework friends my your "
            + "and then it was really kind of so very").split(" ");

    /** Rows whose SELF_HARM probability is set by one marker word: "bleak" 80% positive, "sunny" 20%. */
    static List<Example> calibrationRows(int n, long seed) {
        Random r = new Random(seed);
        Featurizer f = new Featurizer(12);
        List<Example> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean bleak = r.nextBoolean();
            boolean pos = r.nextDouble() < (bleak ? 0.8 : 0.2);
            StringBuilder t = new StringBuilder(bleak ? "bleak" : "sunny");
            for (int k = 0; k < 4; k++) {
                t.append(' ').append(FILLER[r.nextInt(FILLER.length)]);
            }
            byte[] l = {(byte) (pos ? 1 : 0), -1, -1, -1};
            rows.add(Example.of(f.of(t.toString()), l));
        }
        return rows;
    }

    static Trainer.Params params(long seed) {
        Trainer.Params d = Trainer.Params.defaults(seed);
        return new Trainer.Params(12, 4, d.learningRate(), d.l2(), seed, d.wordsOnly());
    }

    @Test
    void probabilitiesMatchTheRatesTheyWereTrainedOn() {
        LinearModel m = new Trainer(params(1)).train(calibrationRows(6000, 7), List.of(Concern.values()), "t", Map.of());
        double bleak = 0;
        double sunny = 0;
        List<Example> test = calibrationRows(2000, 99);
        int nb = 0;
        int ns = 0;
        Featurizer f = new Featurizer(12);
        for (String s : new String[] {"bleak the game", "bleak my homework", "bleak and then"}) {
            double[] p = new double[4];
            m.score(f.of(s), p);
            bleak += p[0];
            nb++;
        }
        for (String s : new String[] {"sunny the game", "sunny my homework", "sunny and then"}) {
            double[] p = new double[4];
            m.score(f.of(s), p);
            sunny += p[0];
            ns++;
        }
        assertEquals(0.8, bleak / nb, 0.1, "P(self-harm | bleak)");
        assertEquals(0.2, sunny / ns, 0.1, "P(self-harm | sunny)");
        // and on average over a fresh sample, the mean probability is the positive rate
        double mean = 0;
        long pos = 0;
        for (Example e : test) {
            mean += m.score(e, 0);
            pos += e.labels()[0];
        }
        assertEquals((double) pos / test.size(), mean / test.size(), 0.03);
    }

    @Test
    void sameRowsAndSeedGiveTheSameBytesAnotherSeedDoesNot() {
        List<Example> rows = calibrationRows(1500, 3);
        byte[] a = ModelFile.write(new Trainer(params(5)).train(rows, List.of(Concern.values()), "t", Map.of()));
        byte[] b = ModelFile.write(new Trainer(params(5)).train(rows, List.of(Concern.values()), "t", Map.of()));
        byte[] c = ModelFile.write(new Trainer(params(6)).train(rows, List.of(Concern.values()), "t", Map.of()));
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c), "the seed orders the updates");
    }

    @Test
    void unknownLabelsLeaveAConcernUntrained() {
        LinearModel m = new Trainer(params(1)).train(calibrationRows(500, 1), List.of(Concern.values()), "t", Map.of());
        byte[] w = m.weights();
        for (int i = 1; i < w.length; i += 4) {
            assertEquals(0, w[i], "bullying had no labelled row");
        }
    }

    @Test
    void trainCommandIsDeterministicAndPrintsFoldFigures(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("selfharm_small.jsonl");
        Random r = new Random(11);
        StringBuilder sb = new StringBuilder();
        String[] pos = {"i want to die", "nobody would miss me", "i cant go on anymore", "i want to end it all", "i hate my life so much"};
        String[] neg = {"see you at lunch", "that game was great", "my dog is so cute", "homework is boring", "pizza tonight"};
        for (int i = 0; i < 120; i++) {
            boolean p = i % 2 == 0;
            String t = (p ? pos : neg)[r.nextInt(5)] + " " + FILLER[r.nextInt(FILLER.length)];
            sb.append("{\"id\":\"r").append(i).append("\",\"text\":\"").append(t).append("\",\"flag\":").append(p).append("}\n");
        }
        Files.writeString(data, sb.toString());
        Path m1 = dir.resolve("a.cgm");
        Path m2 = dir.resolve("b.cgm");
        String out1 = run("--dev", data + ":self-harm", "--out", m1.toString(), "--seed", "3", "--folds", "3", "--bits", "12");
        String out2 = run("--dev", data + ":self-harm", "--out", m2.toString(), "--seed", "3", "--folds", "3", "--bits", "12");
        assertArrayEquals(Files.readAllBytes(m1), Files.readAllBytes(m2), "same data and seed, same bytes");
        assertEquals(out1.replace("b.cgm", "a.cgm"), out2.replace("b.cgm", "a.cgm"));
        assertTrue(out1.contains("3-fold cross-validation"), out1);
        assertTrue(out1.contains("selfharm_small.jsonl (self-harm)"), out1);
        assertTrue(out1.contains("combined"), out1);
        LinearModel m = ModelFile.read(m1);
        assertTrue(m.version().startsWith("cgml-"), m.version());
    }

    @Test
    void trainCommandRejectsBadArguments() throws Exception {
        assertTrue(run().contains("at least one --train or --dev"));
        assertTrue(run("--train", "x.jsonl", "--folds", "1").contains("--folds must be"));
        assertTrue(run("--train", "/nonexistent/x.jsonl", "--folds", "0").contains("train: "));
    }

    private static String run(String... args) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        TrainCommand.run(List.of(args), new PrintStream(b, true, StandardCharsets.UTF_8));
        return b.toString(StandardCharsets.UTF_8);
    }
}
