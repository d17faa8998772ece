package org.chatguard.load.run;

/** Where the sender puts messages: a Kafka producer, or a fake in tests. {@code send} may block (back-pressure). */
public interface Transport extends AutoCloseable {

    void send(String topic, String key, byte[] value) throws InterruptedException;

    void flush();

    /** Sends the transport failed asynchronously (e.g. timed out in the producer). */
    long failures();

    @Override
    default void close() {
    }
}
