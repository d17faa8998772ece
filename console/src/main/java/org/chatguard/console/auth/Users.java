package org.chatguard.console.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.chatguard.console.Role;

/**
 * Staff accounts and API tokens from a config file, one per line ({@code #} comments):
 * <pre>
 * user  &lt;name&gt; &lt;ROLE&gt; pbkdf2-sha256$&lt;iterations&gt;$&lt;salt&gt;$&lt;hash&gt;
 * token &lt;name&gt; &lt;ROLE&gt; &lt;sha256 hex of the token&gt;
 * </pre>
 * Hashes come from {@code bin/chatguard-console hash-password}; the file holds no plain secret.
 */
public final class Users {

    public record Account(String name, Role role) {
    }

    private record Entry(Account account, String hash) {
    }

    private final Map<String, Entry> users = new HashMap<>();
    private final Map<String, Account> tokens = new HashMap<>();
    /**
     * Verified in place of an unknown user's hash, so a login with a name that does not exist costs the
     * same PBKDF2 work as one that does (no user enumeration by timing): made after parsing with the
     * highest iteration count in the file, the default when the file has no users.
     */
    private String dummyHash;

    public static Users parse(List<String> lines) {
        Users u = new Users();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length != 4) {
                throw new IllegalArgumentException("users file line " + n + ": expected 4 fields: user|token NAME ROLE HASH");
            }
            Role role;
            try {
                role = Role.valueOf(f[2].toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("users file line " + n + ": unknown role " + f[2]);
            }
            switch (f[0]) {
                case "user" -> u.users.put(f[1], new Entry(new Account(f[1], role), f[3]));
                case "token" -> u.tokens.put(f[3].toLowerCase(Locale.ROOT), new Account(f[1], role));
                default -> throw new IllegalArgumentException("users file line " + n + ": expected 'user' or 'token'");
            }
        }
        int iterations = u.users.values().stream().mapToInt(e -> Passwords.iterations(e.hash())).max().orElse(Passwords.DEFAULT_ITERATIONS);
        u.dummyHash = Passwords.hash("not-a-password".toCharArray(), Math.max(1, iterations));
        return u;
    }

    public static Users load(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    public Optional<Account> authenticate(String name, char[] password) {
        Entry e = name == null ? null : users.get(name);
        boolean ok = Passwords.verify(password, e == null ? dummyHash : e.hash());
        return ok && e != null ? Optional.of(e.account()) : Optional.empty();
    }

    public Optional<Account> byToken(String token) {
        String h = Passwords.sha256(token);
        for (Map.Entry<String, Account> t : tokens.entrySet()) {
            if (MessageDigest.isEqual(t.getKey().getBytes(StandardCharsets.US_ASCII), h.getBytes(StandardCharsets.US_ASCII))) {
                return Optional.of(t.getValue());
            }
        }
        return Optional.empty();
    }
}
