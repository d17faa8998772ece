package org.chatguard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.json.EventJson;
import org.chatguard.connectors.kafka.EmbeddedKafka;
import org.chatguard.connectors.kafka.KafkaSettings;
import org.chatguard.console.auth.Passwords;
import org.chatguard.console.auth.Users;
import org.chatguard.console.store.AlertRecord;
import org.chatguard.console.store.RetentionPolicy;
import org.chatguard.model.Category;
import org.chatguard.model.StaffAction;
import org.chatguard.model.Tier;
import org.chatguard.pipeline.ChatGuardJob;
import org.chatguard.pipeline.JobConfig;
import org.chatguard.pipeline.ScoringConfig;

/**
 * The whole staff loop in headless Chromium: a child's message goes through the real broker and the real
 * ChatGuard job (Flink MiniCluster), the job raises a self-harm alert, the console ingests it, a
 * counsellor logs in, sees it in the queue (screenshot saved), resolves it with a note, and the staff
 * action arrives on its topic; a moderator is refused the same alert.
 *
 * <p>The job runs in this JVM with the hashmap state backend: this test classpath carries the console's
 * plain rocksdbjni and deliberately not Flink's frocksdbjni (see the console pom), so the two never meet.
 *
 * <p>Needs Debian's chromium and chromium-driver; skips (with a message) when no chromium binary exists.
 */
class ConsoleBrowserEndToEndTest {

    static final String CHROMIUM = firstExisting("/usr/bin/chromium", "/usr/bin/chromium-browser");
    static final String CHROMEDRIVER = firstExisting("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    @TempDir
    Path tmp;

    @Test
    @Timeout(180)
    void counsellorResolvesPipelineAlertInBrowserModeratorIsRefused() throws Exception {
        Assumptions.assumeTrue(CHROMIUM != null && CHROMEDRIVER != null,
                "SKIPPED: no chromium/chromedriver binary (apt-get install -y chromium chromium-driver); browser test not run");
        String prefix = "e2e.";
        Topics topics = Topics.withPrefix(prefix);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(topics, 1);
            Properties props = kafka.clientProperties();
            JobClient job = startJob(props, topics, prefix);
            List<String> users = List.of(
                    "user carol COUNSELLOR " + Passwords.hash("carol-pw-123".toCharArray(), 5000),
                    "user mike MODERATOR " + Passwords.hash("mike-pw-123".toCharArray(), 5000));
            ConsoleApp.Settings settings = new ConsoleApp.Settings(props, topics, "console-e2e", tmp.resolve("store"),
                    Users.parse(users), new InetSocketAddress("127.0.0.1", 0), RetentionPolicy.defaults(), Duration.ofHours(24),
                    Duration.ofMinutes(30));
            try (ConsoleApp console = ConsoleApp.start(settings);
                 KafkaProducer<String, byte[]> site = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
                String text = "sometimes i want to kill myself";
                site.send(new ProducerRecord<>(topics.chatMessages(), "bubble-7", ("{\"id\":\"e2e-sh-1\",\"kind\":\"CHAT\","
                        + "\"channel\":\"bubble\",\"conversationId\":\"bubble-7\",\"senderId\":\"u-ivy\",\"recipientIds\":[\"u-hana\"],"
                        + "\"text\":\"" + text + "\",\"sentAt\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8))).get();

                AlertRecord alert = awaitAlert(console, Duration.ofSeconds(90));
                assertEquals(Category.SELF_HARM, alert.alert().category());
                String alertId = alert.alert().alertId();

                WebDriver browser = chromium();
                try {
                    String base = "http://localhost:" + console.port();
                    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                    login(browser, wait, base, "carol", "carol-pw-123");
                    try {
                        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("queue")));
                    } catch (org.openqa.selenium.TimeoutException e) {
                        screenshot(browser, "failure.png");
                        throw new AssertionError("no queue page after login; at " + browser.getCurrentUrl() + ": "
                                + browser.findElement(By.tagName("body")).getText(), e);
                    }
                    assertTrue(browser.getCurrentUrl().endsWith("/queue?tier=COUNSELLOR"), browser.getCurrentUrl());
                    String queue = browser.findElement(By.id("queue")).getText();
                    assertTrue(queue.contains(alertId) && queue.contains("SELF_HARM"), queue);
                    assertFalse(browser.getPageSource().contains(text), "no original text in the queue");
                    screenshot(browser, "console-queue-counsellor.png");

                    browser.findElement(By.linkText(alertId)).click();
                    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("evidence")));
                    String evidence = browser.findElement(By.id("evidence")).getText();
                    assertTrue(evidence.contains("e2e-sh-1") && evidence.contains(text), "the counsellor reads the words: " + evidence);
                    browser.findElement(By.id("note-RESOLVE_ALERT")).sendKeys("Talked with the child in bubble chat; safety plan agreed.");
                    browser.findElement(By.id("do-RESOLVE_ALERT")).click();
                    wait.until(ExpectedConditions.textToBe(By.id("status"), "RESOLVED"));
                    assertTrue(browser.findElement(By.id("notes")).getText().contains("safety plan agreed"));
                    screenshot(browser, "console-alert-resolved.png");

                    StaffAction action = awaitStaffAction(props, topics, alertId, Duration.ofSeconds(30));
                    assertEquals(StaffAction.Type.RESOLVE_ALERT, action.type());
                    assertEquals("carol", action.staffId());
                    assertEquals("bubble-7", action.conversationId());
                    assertEquals(Category.SELF_HARM, action.category());

                    browser.findElement(By.cssSelector("form[action='/logout'] button")).click();
                    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
                    login(browser, wait, base, "mike", "mike-pw-123");
                    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("who")));
                    browser.get(base + "/alerts/" + alertId);
                    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("error")));
                    assertTrue(browser.getTitle().contains("403"), browser.getTitle());
                    assertFalse(browser.getPageSource().contains("e2e-sh-1"));
                    assertEquals(1, console.store().auditLog(100, e -> "mike".equals(e.user()) && "VIEW_ALERT".equals(e.action())
                            && "DENIED".equals(e.outcome()) && alertId.equals(e.target())).size());
                } finally {
                    browser.quit();
                }
            } finally {
                job.cancel().get();
            }
        }
    }

    private static JobClient startJob(Properties props, Topics topics, String prefix) throws Exception {
        KafkaSettings settings = new KafkaSettings(props.getProperty("bootstrap.servers"), prefix + "job");
        // hashmap, not the default rocksdb: frocksdbjni must not meet the console's rocksdbjni in this JVM
        JobConfig cfg = JobConfig.defaults().withTopics(topics).withCheckpointInterval(Duration.ofMillis(500))
                .withTransactionalIdPrefix(prefix + "tx").withScoring(ScoringConfig.defaults().withState("hashmap", null));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        env.configure(conf);
        env.setParallelism(1);
        env.enableCheckpointing(cfg.checkpointInterval().toMillis());
        ChatGuardJob.buildKafka(env, settings, cfg);
        return env.executeAsync("chatguard-console-e2e");
    }

    private static AlertRecord awaitAlert(ConsoleApp console, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            List<AlertRecord> q = console.store().alerts(Tier.COUNSELLOR, null);
            if (!q.isEmpty()) {
                return q.get(0);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no COUNSELLOR alert reached the console within " + timeout);
    }

    private static StaffAction awaitStaffAction(Properties props, Topics topics, String alertId, Duration timeout) throws Exception {
        Properties p = new Properties();
        p.putAll(props);
        p.put("isolation.level", "read_committed");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topics.staffActions(), 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < end) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(300))) {
                    StaffAction a = EventJson.mapper().readValue(r.value(), StaffAction.class);
                    if (alertId.equals(a.alertId())) {
                        assertEquals("bubble-7", r.key(), "alert actions are keyed by conversation");
                        return a;
                    }
                }
            }
        }
        throw new AssertionError("no staff action for " + alertId + " on " + topics.staffActions());
    }

    private static void login(WebDriver b, WebDriverWait wait, String base, String user, String password) {
        b.get(base + "/login");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        b.findElement(By.id("username")).sendKeys(user);
        b.findElement(By.id("password")).sendKeys(password);
        b.findElement(By.id("login")).click();
    }

    private WebDriver chromium() {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM);
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + tmp.resolve("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, o);
    }

    private static void screenshot(WebDriver b, String name) throws Exception {
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        File f = ((TakesScreenshot) b).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), out.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String firstExisting(String... paths) {
        for (String p : paths) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return null;
    }
}
