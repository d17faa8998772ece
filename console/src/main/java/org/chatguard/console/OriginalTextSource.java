package org.chatguard.console;

import java.time.Instant;
import java.util.Optional;

/** Finds the original, unmasked text of a message. Only the audited Safeguarding view calls it. */
public interface OriginalTextSource {

    Optional<String> find(String messageId, Instant sentAt);
}
