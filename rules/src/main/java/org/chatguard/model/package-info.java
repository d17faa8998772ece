/**
 * The event model of ChatGuard: what flows in from the site ({@link org.chatguard.model.ChatMessage})
 * and what flows out ({@link org.chatguard.model.Decision}, {@link org.chatguard.model.StaffAlert},
 * {@link org.chatguard.model.DeadLetter}). Plain immutable records with no Flink or Kafka types, so the
 * rules engine, the Flink job and the batch {@code classify} command share them. The JSON form is
 * defined by the serdes in the connectors module.
 */
package org.chatguard.model;
