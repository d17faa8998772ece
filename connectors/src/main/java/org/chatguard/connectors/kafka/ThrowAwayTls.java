package org.chatguard.connectors.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Key material for a TLS test broker, made at run time in a fresh temporary directory (nothing is
 * checked in): a throw-away CA, a PKCS12 truststore holding only that CA, and PKCS12 keystores whose
 * certificates the CA signed. Keys and signatures come from the JDK's own {@code keytool}
 * (genkeypair, certreq, gencert with a SubjectAlternativeName); the stores are assembled with the
 * JDK's {@link KeyStore} API, which saves a keytool JVM per step. Certificates are valid for two days.
 * {@link #close()} deletes the directory.
 */
final class ThrowAwayTls implements AutoCloseable {

    static final String STORE_TYPE = "PKCS12";

    /** A server certificate to issue: keystore name, subject CN, SAN in keytool syntax ({@code dns:a,ip:b}). */
    record Server(String name, String commonName, String san) {
    }

    private final Path dir;
    private final String password = UUID.randomUUID().toString();
    private final AtomicInteger keytoolRuns = new AtomicInteger();
    private final Path caKeystore;
    private final Path truststore;
    private final Map<String, Path> keystores = new LinkedHashMap<>();
    private X509Certificate caCert;

    private ThrowAwayTls(Path dir) {
        this.dir = dir;
        this.caKeystore = dir.resolve("ca.p12");
        this.truststore = dir.resolve("truststore.p12");
    }

    /** A new CA, a truststore that trusts only it, and one keystore per server (issued in parallel). */
    static ThrowAwayTls create(Server... servers) throws Exception {
        ThrowAwayTls tls = new ThrowAwayTls(Files.createTempDirectory("chatguard-tls-"));
        try {
            tls.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=ChatGuard throw-away test CA", "-ext", "bc:c", "-validity", "2",
                    "-keystore", tls.caKeystore.toString(), "-storetype", STORE_TYPE, "-storepass", tls.password);
            tls.caCert = (X509Certificate) tls.load(tls.caKeystore).getCertificate("ca");
            KeyStore trust = KeyStore.getInstance(STORE_TYPE);
            trust.load(null, null);
            trust.setCertificateEntry("ca", tls.caCert);
            tls.store(trust, tls.truststore);

            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, servers.length));
            try {
                List<Future<Path>> issued = new ArrayList<>();
                for (Server s : servers) {
                    issued.add(pool.submit(() -> tls.issue(s)));
                }
                for (int i = 0; i < servers.length; i++) {
                    tls.keystores.put(servers[i].name(), issued.get(i).get());
                }
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            } finally {
                pool.shutdownNow();
            }
        } catch (Exception e) {
            tls.close();
            throw e;
        }
        return tls;
    }

    private Path issue(Server server) throws Exception {
        String name = server.name();
        Path keystore = dir.resolve(name + ".p12");
        Path csr = dir.resolve(name + ".csr");
        Path signed = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + server.commonName(), "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", STORE_TYPE, "-storepass", password);
        keytool("-certreq", "-alias", name, "-keystore", keystore.toString(), "-storepass", password,
                "-file", csr.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", caKeystore.toString(), "-storepass", password,
                "-infile", csr.toString(), "-outfile", signed.toString(), "-validity", "2",
                "-ext", "SAN=" + server.san(), "-ext", "EKU=serverAuth");
        // replace the self-signed certificate by the chain: CA-signed certificate, then the CA
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(signed)) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore ks = load(keystore);
        if (!cert.getPublicKey().equals(ks.getCertificate(name).getPublicKey())) {
            throw new IllegalStateException("keytool signed a different key than " + name + "'s");
        }
        cert.verify(caCert.getPublicKey());
        PrivateKey key = (PrivateKey) ks.getKey(name, password.toCharArray());
        ks.setKeyEntry(name, key, password.toCharArray(), new Certificate[] {cert, caCert});
        store(ks, keystore);
        return keystore;
    }

    /** The keystore issued for {@code name} in {@link #create(Server...)}. */
    Path keystore(String name) {
        Path p = keystores.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no keystore issued for " + name);
        }
        return p;
    }

    Path truststore() {
        return truststore;
    }

    /** The password of every store made here (random per run). */
    String password() {
        return password;
    }

    private KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(STORE_TYPE);
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password.toCharArray());
        }
        return ks;
    }

    private void store(KeyStore ks, Path file) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password.toCharArray());
        }
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new IllegalStateException("keytool not found at " + keytool + ": the TLS test broker makes its "
                    + "certificates with the JDK's keytool; run on a full JDK (java.home=" + System.getProperty("java.home") + ")");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(keytool.toString());
        // keytool is a short-lived JVM: start it cheaply
        cmd.add("-J-XX:TieredStopAtLevel=1");
        cmd.add("-J-XX:+UseSerialGC");
        cmd.addAll(List.of(args));
        Path log = dir.resolve("keytool-" + keytoolRuns.incrementAndGet() + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("keytool " + args[0] + " did not finish within 2 minutes");
        }
        if (p.exitValue() != 0) {
            // keytool's output holds no secrets (passwords are arguments, never echoed)
            throw new IllegalStateException("keytool " + args[0] + " failed with exit code " + p.exitValue() + ": "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
