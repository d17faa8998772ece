/**
 * Detection-quality evaluation ({@code chatguard eval}): runs a rule pack over labelled JSONL files and
 * reports precision, recall, F1 and false-positive rate, per group, per category and per rule, and recall
 * on evasion-perturbed copies of the flagged lines. Reports never contain unmasked message text.
 */
package org.chatguard.rules.eval;
