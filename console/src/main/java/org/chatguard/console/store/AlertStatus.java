package org.chatguard.console.store;

/** Where an alert is in the staff workflow. */
public enum AlertStatus {
    OPEN, ACKNOWLEDGED, RESOLVED, DISMISSED;

    public boolean closed() {
        return this == RESOLVED || this == DISMISSED;
    }
}
