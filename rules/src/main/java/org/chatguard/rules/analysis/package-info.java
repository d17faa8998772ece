/**
 * Normalisation of chat text as a Lucene analysis chain, built so that evasions of a word list collapse
 * back onto the word while innocent words stay whole.
 *
 * <h2>Design</h2>
 * <ol>
 *   <li>{@link org.chatguard.rules.analysis.ConfusableFoldingCharFilter} works on characters: case and
 *       accent folding (NFKD, marks removed), homoglyphs (Cyrillic/Greek/fullwidth/"math" letters to
 *       Latin), zero-width and other invisible characters removed. It keeps exact start and end offsets
 *       per output character so masks land on the original text, including surrogate pairs and
 *       combining marks.</li>
 *   <li>{@link org.chatguard.rules.analysis.ChatTokenizer} splits into words, keeping leet symbols that
 *       are part of a word ({@code $hit}, {@code b!tch}).</li>
 *   <li>{@link org.chatguard.rules.analysis.LeetspeakFilter} reads digits and symbols back as letters,
 *       stacking ambiguous readings.</li>
 *   <li>{@link org.chatguard.rules.analysis.SpelledOutFilter} joins {@code f u c k} / {@code f.u.c.k}
 *       into one token spanning the letters.</li>
 *   <li>{@link org.chatguard.rules.analysis.RepeatedLetterFilter} shortens stretched words and stacks a
 *       "squeezed" reading for comparison with squeezed dictionary words.</li>
 * </ol>
 *
 * <h2>Word boundaries</h2>
 * Matching is on whole tokens, never substrings, which is what keeps Scunthorpe, assassin, cocktail,
 * Dickens, classic, therapist, grass and Sussex clean: none of them is a token that a rule names.
 * Wildcards in rules ({@code fuck*}) are explicit and the rule pack carries an allow-list for the words
 * a wildcard would otherwise catch.
 *
 * <h2>Costs</h2>
 * The common path (a plain word) passes every filter untouched; stacking and buffering happen only for
 * tokens that show an evasion, so throughput stays close to a bare tokenizer. The moderation engine does
 * not run the filters as a Lucene stream: {@link org.chatguard.rules.analysis.FusedChatChain} computes
 * the same tokens in one loop (no attributes, no object per token) and {@code FusedChatChainTest} holds
 * the two to the same output, so a change to a filter must be made in both.
 */
package org.chatguard.rules.analysis;
