package org.chatguard.pipeline.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resolves {@code ${env:NAME}} and {@code ${file:PATH}} so secrets never need to be typed on a command line. */
final class SecretValues {

    private SecretValues() {
    }

    static String resolve(String value) {
        if (value == null) {
            return null;
        }
        if (value.startsWith("${env:") && value.endsWith("}")) {
            String name = value.substring(6, value.length() - 1);
            String v = System.getenv(name);
            if (v == null) {
                throw new IllegalArgumentException("environment variable " + name + " is not set");
            }
            return v;
        }
        if (value.startsWith("${file:") && value.endsWith("}")) {
            Path p = Path.of(value.substring(7, value.length() - 1));
            try {
                return Files.readString(p, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read secret file " + p + ": " + e.getClass().getSimpleName());
            }
        }
        return value;
    }
}
