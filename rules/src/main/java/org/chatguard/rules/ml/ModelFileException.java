package org.chatguard.rules.ml;

/** A model file that cannot be loaded; the message names the source and the reason. Nothing of it is used. */
public final class ModelFileException extends Exception {

    private static final long serialVersionUID = 1L;

    public ModelFileException(String source, String reason) {
        super((source == null ? "<model>" : source) + ": " + reason);
    }

    public ModelFileException(String source, String reason, Throwable cause) {
        super((source == null ? "<model>" : source) + ": " + reason, cause);
    }
}
