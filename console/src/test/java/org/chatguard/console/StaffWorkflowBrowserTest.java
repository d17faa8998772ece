package org.chatguard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.chatguard.connectors.Topics;
import org.chatguard.connectors.json.EventJson;
import org.chatguard.connectors.kafka.EmbeddedKafka;
import org.chatguard.console.auth.Passwords;
import org.chatguard.console.auth.Users;
import org.chatguard.console.store.RetentionPolicy;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.Decision;
import org.chatguard.model.StaffAlert;
import org.chatguard.rules.ModerationEngine;
import org.chatguard.rules.decide.StaffedHours;
import org.chatguard.rules.decide.Staffing;
import org.chatguard.rules.risk.RiskConfig;
import org.chatguard.rules.risk.RiskEngine;

/**
 * Issue 13's pages and actions in headless Chromium, per role. A morning of chat is scored by the job's own
 * stateful scorers ({@link RiskEngine}, the default pack, every hour staffed so the test does not depend on
 * the time of day); its decisions and alerts go through a real broker into the console, exactly as the job
 * writes them. Then: a moderator reads the words of an insult alert and is refused the private
 * conversation's context; a counsellor reads a private conversation around a self-harm alert and claims it;
 * the Safeguarding Team's combined queue puts overdue alerts first, and a claim takes one out of the overdue
 * group (and reaches {@code staff-actions} as an acknowledgement); an admin sees no context. Screenshots in
 * {@code console/target/screenshots/staff-*.png}.
 */
class StaffWorkflowBrowserTest {

    static final String CHROMIUM = firstExisting("/usr/bin/chromium", "/usr/bin/chromium-browser");
    static final String CHROMEDRIVER = firstExisting("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    @TempDir
    Path tmp;

    /** Messages in file order; times are offsets from three hours ago. */
    record Line(String conv, String channel, String from, String to, String text, Duration at) {
    }

    static final String INSULT = "you are such an idiot";
    static final String DISCLOSURE = "my dad hits me when he is drunk and i am scared to go home";

    static List<Line> morning() {
        List<Line> l = new ArrayList<>();
        l.add(new Line("bubble-7", "bubble", "u-ivy", "u-hana", "sometimes i want to kill myself", Duration.ZERO));
        l.add(new Line("bubble-7", "bubble", "u-hana", "u-ivy", "oh no ivy, please talk to someone", Duration.ofMinutes(1)));
        l.add(new Line("pm-1", "private", "u-bob", "u-vic", "hi vic", Duration.ofMinutes(2)));
        l.add(new Line("pm-1", "private", "u-vic", "u-bob", "hey", Duration.ofMinutes(3)));
        l.add(new Line("pm-1", "private", "u-bob", "u-vic", INSULT, Duration.ofMinutes(4)));
        l.add(new Line("pm-1", "private", "u-bob", "u-vic", "you stupid loser", Duration.ofMinutes(4).plusSeconds(10)));
        l.add(new Line("pm-1", "private", "u-bob", "u-vic", "nobody likes you idiot", Duration.ofMinutes(4).plusSeconds(20)));
        l.add(new Line("pm-1", "private", "u-vic", "u-bob", "leave me alone", Duration.ofMinutes(5)));
        l.add(new Line("pm-6", "private", "u-ann", "u-tom", "can i tell you something", Duration.ofMinutes(9)));
        l.add(new Line("pm-6", "private", "u-ann", "u-tom", DISCLOSURE, Duration.ofMinutes(10)));
        l.add(new Line("general-1", "general", "u-max", null, "anyone want to play later", Duration.ofMinutes(30)));
        l.add(new Line("general-1", "general", "u-max", null, "text me my number is 07700 900123", Duration.ofMinutes(31)));
        l.add(new Line("pm-3", "private", "u-kim", "u-lee", DISCLOSURE, Duration.ofMinutes(170)));
        l.add(new Line("pm-4", "private", "u-zoe", "u-amy", "i had the worst day", Duration.ofMinutes(174)));
        l.add(new Line("pm-4", "private", "u-zoe", "u-amy", "i want to die", Duration.ofMinutes(175)));
        l.add(new Line("pm-4", "private", "u-amy", "u-zoe", "zoe what happened", Duration.ofMinutes(176)));
        return l;
    }

    @Test
    @Timeout(240)
    void eachRoleWalksEvidenceContextClaimAndTheOverdueQueue() throws Exception {
        Assumptions.assumeTrue(CHROMIUM != null && CHROMEDRIVER != null,
                "SKIPPED: no chromium/chromedriver binary (apt-get install -y chromium chromium-driver); browser test not run");
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(3));
        Staffing always = Staffing.defaults().withHours(StaffedHours.parse("00:00-24:00", "Europe/London"));
        RiskEngine engine = new RiskEngine(RiskConfig.defaults(), always);
        ModerationEngine rules = ModerationEngine.defaultEngine();
        List<Decision> decisions = new ArrayList<>();
        Map<String, StaffAlert> alerts = new LinkedHashMap<>();
        int n = 0;
        for (Line x : morning()) {
            Instant at = base.plus(x.at());
            ChatMessage m = new ChatMessage("w-" + (++n), ContentKind.CHAT, x.channel(), x.conv(), x.from(),
                    x.to() == null ? List.of() : List.of(x.to()), x.text(), at);
            RiskEngine.Outcome o = engine.process(m, rules.analyze(x.text()), at);
            decisions.add(o.decision());
            o.alerts().forEach(a -> alerts.put(a.alertId(), a));
        }
        engine.flushAll(base.plus(Duration.ofMinutes(176))).forEach(a -> alerts.put(a.alertId(), a));
        Map<String, String> byConv = new LinkedHashMap<>();
        alerts.values().forEach(a -> byConv.put(a.conversationId(), a.alertId()));
        assertEquals("SAFEGUARDING", alerts.get(byConv.get("bubble-7")).tier().name(), "escalated: nobody acknowledged in 30 minutes");

        String prefix = "staff.";
        Topics topics = Topics.withPrefix(prefix);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(topics, 1);
            Properties props = kafka.clientProperties();
            try (KafkaProducer<String, byte[]> job = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
                for (Decision d : decisions) {
                    job.send(new ProducerRecord<>(topics.decisions(), d.conversationId(), EventJson.toBytes(d))).get();
                }
                for (StaffAlert a : alerts.values()) {
                    job.send(new ProducerRecord<>(topics.staffAlerts(), a.alertId(), EventJson.toBytes(a))).get();
                }
            }
            List<String> users = List.of(
                    "user mike MODERATOR " + Passwords.hash("mike-pw-123".toCharArray(), 5000),
                    "user carol COUNSELLOR " + Passwords.hash("carol-pw-123".toCharArray(), 5000),
                    "user sam SAFEGUARDING " + Passwords.hash("sam-pw-123".toCharArray(), 5000),
                    "user ada ADMIN " + Passwords.hash("ada-pw-123".toCharArray(), 5000));
            ConsoleApp.Settings settings = new ConsoleApp.Settings(props, topics, "console-staff", tmp.resolve("store"),
                    Users.parse(users), new InetSocketAddress("127.0.0.1", 0), RetentionPolicy.defaults(), Duration.ofHours(24),
                    Duration.ofMinutes(30));
            try (ConsoleApp console = ConsoleApp.start(settings)) {
                Fixtures.await(() -> alerts.keySet().stream().allMatch(id -> console.store().alert(id).isPresent())
                        && console.store().conversation("pm-4").size() == 3, "the console took in every alert and decision");
                WebDriver browser = chromium();
                try {
                    walk(browser, "http://localhost:" + console.port(), byConv, props, topics, console);
                } finally {
                    browser.quit();
                }
            }
        }
    }

    private void walk(WebDriver b, String base, Map<String, String> byConv, Properties props, Topics topics, ConsoleApp console)
            throws Exception {
        WebDriverWait wait = new WebDriverWait(b, Duration.ofSeconds(20));

        // ---- moderator: readable evidence of its own tier; a private conversation's context is refused
        login(b, wait, base, "mike", "mike-pw-123");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("queue")));
        String bullying = byConv.get("pm-1");
        b.get(base + "/alerts/" + bullying);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("evidence")));
        String evidence = b.findElement(By.id("evidence")).getText();
        assertTrue(evidence.contains(INSULT) && evidence.contains("you stupid loser"), "the moderator reads the insults: " + evidence);
        assertTrue(b.findElement(By.id("deadline")).getText().startsWith("due in"), b.findElement(By.id("deadline")).getText());
        assertTrue(b.getPageSource().contains("id=\"context-private\""), "told why there is no context link");
        screenshot(b, "staff-moderator-alert-evidence.png");
        b.get(base + "/alerts/" + bullying + "/context");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("error")));
        assertTrue(b.getTitle().contains("403"), b.getTitle());
        assertFalse(b.getPageSource().contains("leave me alone"), "nothing of the private conversation");
        screenshot(b, "staff-moderator-context-refused.png");
        String shared = byConv.get("general-1");
        b.get(base + "/alerts/" + shared);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("evidence")));
        evidence = b.findElement(By.id("evidence")).getText();
        assertTrue(evidence.contains("text me my number is") && !evidence.contains("900123"), "the number itself is masked: " + evidence);
        b.findElement(By.id("context-link")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("context")));
        assertTrue(b.findElement(By.id("context")).getText().contains("anyone want to play later"), "a public conversation's context");
        logout(b, wait);

        // ---- counsellor: a private conversation around a self-harm alert, then claim it
        login(b, wait, base, "carol", "carol-pw-123");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("queue")));
        String selfHarm = byConv.get("pm-4");
        b.findElement(By.linkText(selfHarm)).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("evidence")));
        assertTrue(b.findElement(By.id("evidence")).getText().contains("i want to die"));
        b.findElement(By.id("context-link")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("context")));
        List<WebElement> rows = b.findElements(By.cssSelector("#context tr[data-message]"));
        assertEquals(3, rows.size(), "the whole short conversation");
        assertEquals(List.of("context", "evidence", "context"), rows.stream().map(r -> r.getAttribute("class")).toList());
        assertTrue(rows.get(0).getText().contains("u-zoe") && rows.get(0).getText().contains("i had the worst day"));
        assertTrue(rows.get(2).getText().contains("u-amy") && rows.get(2).getText().contains("zoe what happened"));
        screenshot(b, "staff-counsellor-context.png");
        b.get(base + "/alerts/" + selfHarm);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("do-claim"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("claimed"), "carol (COUNSELLOR)"));
        assertEquals("ACKNOWLEDGED", b.findElement(By.id("status")).getText());
        screenshot(b, "staff-counsellor-claimed.png");
        logout(b, wait);

        // ---- safeguarding: every queue, highest tier first, overdue first; a claim takes one out of the overdue group
        login(b, wait, base, "sam", "sam-pw-123");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("queue")));
        b.get(base + "/queue?tier=ALL");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("queue")));
        String oldDisclosure = byConv.get("pm-6");
        String escalated = byConv.get("bubble-7");
        String newDisclosure = byConv.get("pm-3");
        List<String> order = queueOrder(b);
        assertEquals(List.of(oldDisclosure, escalated, newDisclosure), order.subList(0, 3), "overdue first, most overdue first");
        assertEquals(List.of(true, true, false), overdue(b).subList(0, 3));
        assertTrue(order.indexOf(selfHarm) > 2 && order.indexOf(bullying) > order.indexOf(selfHarm), "then counsellor, then moderator");
        String rowText = b.findElement(By.cssSelector("tr[data-alert='" + escalated + "']")).getText();
        assertTrue(rowText.contains("overdue by") && rowText.contains("unacknowledged"), rowText);
        screenshot(b, "staff-queue-overdue-first.png");

        b.get(base + "/alerts/" + oldDisclosure);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("evidence")));
        assertTrue(b.findElement(By.id("evidence")).getText().contains(DISCLOSURE), "safeguarding reads the disclosure");
        assertTrue(b.getPageSource().contains("Show exactly what was said"), "the audited original-text request stays");
        assertTrue(b.findElement(By.id("deadline")).getText().startsWith("overdue by"));
        b.findElement(By.id("do-claim")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("claimed"), "sam (SAFEGUARDING)"));
        b.get(base + "/queue?tier=ALL");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("queue")));
        assertEquals(List.of(escalated, oldDisclosure, newDisclosure), queueOrder(b).subList(0, 3),
                "claimed: no longer overdue, behind the one nobody has picked up");
        assertTrue(b.findElement(By.cssSelector("tr[data-alert='" + oldDisclosure + "']")).getText().contains("sam (SAFEGUARDING)"));
        screenshot(b, "staff-queue-after-claim.png");
        JsonNode ack = awaitAcknowledgement(props, topics, oldDisclosure);
        assertEquals("SAFEGUARDING", ack.get("staffRole").asText(), "the job stops this tier's clock");
        b.get(base + "/alerts/" + oldDisclosure + "/context");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("context")));
        assertTrue(b.findElement(By.id("context")).getText().contains("can i tell you something"), "the private context, for safeguarding");
        screenshot(b, "staff-safeguarding-context.png");
        logout(b, wait);

        // ---- admin: no care tier, no context
        login(b, wait, base, "ada", "ada-pw-123");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("who")));
        b.get(base + "/alerts/" + shared + "/context");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("error")));
        assertTrue(b.getTitle().contains("403"));

        for (String who : List.of("mike", "carol", "sam")) {
            assertFalse(console.store().auditLog(1000, e -> who.equals(e.user()) && "VIEW_CONTEXT".equals(e.action())).isEmpty(),
                    who + "'s context views are audited");
        }
        assertEquals(1, console.store().auditLog(1000, e -> "mike".equals(e.user()) && "VIEW_CONTEXT".equals(e.action())
                && "DENIED".equals(e.outcome())).size());
        assertEquals(1, console.store().auditLog(1000, e -> "ada".equals(e.user()) && "VIEW_CONTEXT".equals(e.action())
                && "DENIED".equals(e.outcome())).size());
    }

    private static List<String> queueOrder(WebDriver b) {
        return b.findElements(By.cssSelector("#queue tr[data-alert]")).stream().map(r -> r.getAttribute("data-alert")).toList();
    }

    private static List<Boolean> overdue(WebDriver b) {
        return b.findElements(By.cssSelector("#queue tr[data-alert]")).stream()
                .map(r -> r.getAttribute("class").contains("overdue")).toList();
    }

    private static JsonNode awaitAcknowledgement(Properties props, Topics topics, String alertId) throws Exception {
        Properties p = new Properties();
        p.putAll(props);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topics.staffActions(), 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < end) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(300))) {
                    JsonNode a = EventJson.mapper().readTree(r.value());
                    if (alertId.equals(a.path("alertId").asText()) && "ACKNOWLEDGE_ALERT".equals(a.path("type").asText())) {
                        return a;
                    }
                }
            }
        }
        throw new AssertionError("no acknowledgement of " + alertId + " on " + topics.staffActions());
    }

    private static void login(WebDriver b, WebDriverWait wait, String base, String user, String password) {
        b.get(base + "/login");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        b.findElement(By.id("username")).sendKeys(user);
        b.findElement(By.id("password")).sendKeys(password);
        b.findElement(By.id("login")).click();
    }

    private static void logout(WebDriver b, WebDriverWait wait) {
        b.findElement(By.cssSelector("form[action='/logout'] button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
    }

    private WebDriver chromium() {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM);
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + tmp.resolve("chromium-profile"));
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
