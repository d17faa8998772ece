/**
 * Normalisation of chat text as a Lucene analysis chain, built so that evasions of a word list collapse
 * back onto the word while innocent words stay whole.
 *
 * <h2>Steps</h2>
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
 * <h2>One implementation, two drivers</h2>
 * Each rule exists once, as a static kernel on plain {@code char[]} in the class of its step, the way
 * Lucene's {@code ASCIIFoldingFilter} exposes {@code foldToASCII}: the tokenizer's character classes and
 * scan ({@code ChatTokenizer.tokenStart}, {@code scan}), the leet readings and their expansion
 * ({@code LeetspeakFilter.readings}, {@code applies}, {@code expand}), spelled-out joining
 * ({@code SpelledOutFilter.Run}), stretched-letter cutting and squeezing
 * ({@code RepeatedLetterFilter.repeats}, {@code cutToTwo}, {@code squeeze}). The character folding has
 * always been one implementation ({@code Folding}'s tables, read in place by both drivers).
 * <ul>
 *   <li>The Lucene classes are thin {@code final} drivers: they move a kernel's input and output in and
 *       out of attributes, buffer and stack tokens, and honour the TokenStream contract
 *       ({@code ChatAnalysisContractTest} runs them through Lucene's {@code BaseTokenStreamTestCase}).
 *       None takes parameters: the limits ({@code MAX_TOKEN_LENGTH}, {@code MAX_VARIANTS},
 *       {@code MIN_RUN}) are constants both drivers share.</li>
 *   <li>{@link org.chatguard.rules.analysis.FusedChatChain}, the moderation engine's driver, calls the
 *       same kernels in one loop and pushes tokens to a sink: no attributes, captured states or objects
 *       per token, which is what keeps the engine's analysis cheaper than a Lucene stream.</li>
 * </ul>
 * A rule is changed in its kernel and both drivers follow. {@code FusedChatChainTest} holds the two
 * drivers to the same tokens (the plumbing: order, positions, offsets), {@code AnalysisKernelsTest} pins
 * the kernels' own results, which a shared mistake would not show as a difference.
 *
 * <h2>Word boundaries</h2>
 * Matching is on whole tokens, never substrings, which is what keeps Scunthorpe, assassin, cocktail,
 * Dickens, classic, therapist, grass and Sussex clean: none of them is a token that a rule names.
 * Wildcards in rules ({@code fuck*}) are explicit and the rule pack carries an allow-list for the words
 * a wildcard would otherwise catch.
 *
 * <h2>Costs</h2>
 * The common path (a plain word) passes every step untouched: one table load per character in the
 * tokenizer, one pass each for the leet and repeated-letter checks; stacking and buffering happen only
 * for tokens that show an evasion.
 */
package org.chatguard.rules.analysis;
