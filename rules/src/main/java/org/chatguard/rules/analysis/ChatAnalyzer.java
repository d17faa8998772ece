package org.chatguard.rules.analysis;

import java.io.Reader;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;

/**
 * The ChatGuard normalisation chain as a plain Lucene {@link Analyzer}:
 * {@link ConfusableFoldingCharFilter} → {@link ChatTokenizer} → {@link LeetspeakFilter} →
 * {@link SpelledOutFilter} → {@link RepeatedLetterFilter}. Useful on its own (indexing chat logs,
 * debugging what the matcher sees); the moderation engine builds the same chain per thread and keeps a
 * handle on the char filter so it can also run patterns over the folded text.
 */
public final class ChatAnalyzer extends Analyzer {

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer tokenizer = new ChatTokenizer();
        return new TokenStreamComponents(tokenizer, chain(tokenizer));
    }

    /** The token filters of the chain over a tokenizer. */
    public static TokenStream chain(Tokenizer tokenizer) {
        return new RepeatedLetterFilter(new SpelledOutFilter(new LeetspeakFilter(tokenizer)));
    }

    @Override
    protected Reader initReader(String fieldName, Reader reader) {
        return new ConfusableFoldingCharFilter(reader);
    }
}
