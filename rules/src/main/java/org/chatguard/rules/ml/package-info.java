/**
 * Learned message-level models beside the rules (issue #14): one calibrated linear model per
 * {@link org.chatguard.rules.ml.Concern} (self-harm, bullying, sexual, grooming), pure Java, nothing downloaded,
 * no service.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>Features</b> ({@link org.chatguard.rules.ml.Featurizer}): the analyzer's normalised tokens, the same
 *       stream the rules read ({@link org.chatguard.rules.analysis.FusedChatChain} over
 *       {@link org.chatguard.rules.analysis.ConfusableFoldingCharFilter}), so leetspeak, look-alikes, zero-width
 *       characters and split letters arrive folded and evasions cost the model nothing. Word unigrams and
 *       bigrams plus character 3-5-grams of each term, hashed into 2^18 buckets; the two groups are
 *       L2-normalised separately. In the engine the featurizer is a second sink of the one analysis pass.</li>
 *   <li><b>Model</b> ({@link org.chatguard.rules.ml.LinearModel}): logistic regression per concern, weights
 *       quantised to one signed byte (per-concern scale), bucket-major so one feature is one cache line for all
 *       concerns: 1 MiB for four concerns. Scoring is integer sums over the features and one sigmoid per concern.</li>
 *   <li><b>Training</b> ({@link org.chatguard.rules.ml.Trainer}): AdaGrad with L2, single-threaded with a seeded
 *       shuffle, so the same data and seed give the same bytes. Rows train only the concerns they are labelled
 *       for ({@link org.chatguard.rules.ml.LabelledData}). SEXUAL has no human-labelled set: its labels come from
 *       the rule pack and it uses word features only (character n-grams would learn "sex" inside "Essex").</li>
 *   <li><b>Protocol</b> ({@link org.chatguard.rules.ml.ModelTraining}): k-fold cross-validation per development
 *       set with thresholds chosen on a validation part of the training folds ({@link org.chatguard.rules.ml.Thresholds}),
 *       and a ceiling on flags among held-out ordinary messages so thresholds chosen on long texts (PAN12
 *       segments) do not fire on everyday lines.</li>
 *   <li><b>File</b> ({@link org.chatguard.rules.ml.ModelFile}): header, format version, concerns, thresholds,
 *       weights, SHA-256; loaded whole or rejected whole with the reason.</li>
 *   <li><b>Policy</b> ({@link org.chatguard.rules.ml.ModelDetector}, {@link org.chatguard.rules.ml.ModelPolicy}):
 *       the model is one {@link org.chatguard.rules.Detector} of the engine. A score at or above the site's
 *       threshold adds the concern's category, a reason code naming the top n-grams (and no other text), and
 *       an alert for self-harm and grooming; it never masks or blocks unless the site asks, and then only the
 *       spans of the n-grams that carried the score. Every verdict carries the per-concern probabilities
 *       ({@link org.chatguard.rules.Verdict#modelScores()}) for conversation and user risk.</li>
 * </ul>
 */
package org.chatguard.rules.ml;
