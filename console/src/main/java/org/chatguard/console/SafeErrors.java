package org.chatguard.console;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * How the console logs an exception: class names of the cause chain and where each was thrown, never
 * the messages. Messages are where content leaks: a JSON parser quotes the token it choked on (part of
 * a request body or a record), a store error may name a key. Logging the throwable itself would print
 * them, so the console never passes one to the logger.
 */
public final class SafeErrors {

    private SafeErrors() {
    }

    public static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = e; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (b.length() > 0) {
                b.append(" <- caused by ");
            }
            b.append(t.getClass().getName());
            StackTraceElement[] st = t.getStackTrace();
            if (st.length > 0) {
                b.append(" at ").append(st[0].getClassName()).append('.').append(st[0].getMethodName())
                        .append(':').append(st[0].getLineNumber());
            }
        }
        return b.toString();
    }
}
