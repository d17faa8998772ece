package org.chatguard.rules.ml;

/**
 * One training row after featurisation: its feature buckets ({@link Featurizer#snapshot}) and a label per
 * concern: 1 positive, 0 negative, -1 unknown (the source does not say; the row does not train that concern).
 */
record Example(int[] features, int wordCount, int charCount, byte[] labels) {

    static final byte UNKNOWN = -1;

    double wordValue() {
        return wordCount == 0 ? 0 : 1 / Math.sqrt(wordCount);
    }

    double charValue() {
        return charCount == 0 ? 0 : 1 / Math.sqrt(charCount);
    }

    static Example of(Featurizer f, byte[] labels) {
        return new Example(f.snapshot(), f.wordCount, f.charCount, labels);
    }
}
