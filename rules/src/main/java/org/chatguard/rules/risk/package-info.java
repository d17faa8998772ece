/**
 * Conversation and user risk over time, in plain Java: decaying per-category scores, grooming stages per
 * sender, targeted insults in a sliding window, a bounded masked evidence buffer, one open alert per
 * conversation and concern, staff blocks and mutes. The Flink job keeps these states in keyed state
 * (per user and per conversation) and calls the scorers; {@link org.chatguard.rules.risk.RiskEngine}
 * runs the same logic in memory for offline evaluation.
 */
package org.chatguard.rules.risk;
