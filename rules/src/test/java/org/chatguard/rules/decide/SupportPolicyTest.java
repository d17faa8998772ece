package org.chatguard.rules.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.chatguard.model.Action;
import org.chatguard.model.ChatMessage;
import org.chatguard.model.ContentKind;
import org.chatguard.model.Decision;
import org.chatguard.model.Support;
import org.chatguard.rules.ModerationEngine;

class SupportPolicyTest {

    static final ModerationEngine RULES = ModerationEngine.defaultEngine();
    static final Instant DAY = Instant.parse("2026-11-20T10:00:00Z");
    static final Instant NIGHT = Instant.parse("2026-11-20T23:00:00Z");

    static Decision decide(String text, Instant at) {
        ChatMessage m = new ChatMessage("m1", ContentKind.CHAT, "private", "c1", "u-ivy", List.of("u-hana"), text, at);
        return Decider.decide(m, RULES.analyze(text), at, Staffing.defaults()).decision();
    }

    @Test
    void aChildAskingForHelpIsToldWhereToFindItAndTheMessageIsDelivered() {
        Decision d = decide("i want to kill myself tonight", DAY);
        Support s = d.support();
        assertEquals("SELF_HARM", s.category());
        assertEquals(Action.ALLOW, d.action(), "never punished for asking for help");
        assertEquals("i want to kill myself tonight", d.displayText());
        assertEquals(new Support.Resource("Childline", "0800 1111", "https://www.childline.org.uk"), s.resources().get(0));
        assertFalse(s.message().contains("not here"), s.message());
    }

    @Test
    void aFigureOfSpeechGetsNone() {
        assertNull(decide("this homework is killing me", DAY).support());
        assertNull(decide("hello everyone", DAY).support());
    }

    @Test
    void aDisclosureIsAnsweredAsOne() {
        Decision d = decide("my dad hits me when he is drunk and i am scared to go home", DAY);
        assertEquals("ABUSE_DISCLOSURE", d.support().category());
    }

    @Test
    void outsideStaffedHoursTheMessageSaysStaffAreNotThere() {
        Support night = decide("i want to kill myself tonight", NIGHT).support();
        Support day = decide("i want to kill myself tonight", DAY).support();
        assertNotEquals(day.message(), night.message());
        assertTrue(night.message().contains("not here at the moment"), night.message());
        assertTrue(night.message().contains("8am to 8pm (Europe/London)"), night.message());
    }

    @Test
    void aSitesOwnPolicyIsReadAndABrokenOneIsRefusedByField() throws Exception {
        String yaml = """
                messages:
                  self_harm: "We hear you."
                  abuse_disclosure: "Thank you for telling us."
                out-of-hours: "We are back {hours}."
                resources:
                  - {name: "Kids Help Phone", phone: "1-800-668-6868", url: "https://kidshelpphone.ca"}
                """;
        SupportPolicy p = SupportPolicy.parse(yaml.getBytes(StandardCharsets.UTF_8), "site.yaml");
        Support s = p.supportFor(List.of(org.chatguard.model.Category.SELF_HARM), NIGHT, StaffedHours.defaults());
        assertEquals("We hear you. We are back 8am to 8pm (Europe/London).", s.message());
        assertEquals("Kids Help Phone", s.resources().get(0).name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SupportPolicy.parse(
                yaml.replace("  abuse_disclosure: \"Thank you for telling us.\"\n", "").getBytes(StandardCharsets.UTF_8), "site.yaml"));
        assertTrue(e.getMessage().contains("messages.abuse_disclosure"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SupportPolicy.parse(
                yaml.replace("https://kidshelpphone.ca", "http://x").getBytes(StandardCharsets.UTF_8), "site.yaml"));
        assertTrue(e.getMessage().contains("resources[0].url"), e.getMessage());
    }

    @Test
    void staffedHoursCountStaffedTimeAcrossNightsAndClockChanges() {
        StaffedHours h = StaffedHours.defaults();
        assertTrue(h.staffed(DAY));
        assertFalse(h.staffed(NIGHT));
        assertEquals(Instant.parse("2026-11-21T12:00:00Z"), h.addStaffed(Instant.parse("2026-11-20T16:00:00Z"), Duration.ofHours(8)));
        // summer: London is UTC+1, so 8am is 07:00Z
        assertEquals(Instant.parse("2026-07-01T07:15:00Z"), h.addStaffed(Instant.parse("2026-07-01T02:00:00Z"), Duration.ofMinutes(15)));
        StaffedHours always = StaffedHours.parse("00:00-24:00", "Europe/London");
        assertTrue(always.staffed(NIGHT));
        assertEquals(NIGHT.plusSeconds(60), always.addStaffed(NIGHT, Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class, () -> StaffedHours.parse("20:00-08:00", "Europe/London"));
        assertThrows(IllegalArgumentException.class, () -> StaffedHours.parse("8-20", "Mars/Base"));
    }
}
