package org.chatguard.connectors.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.chatguard.model.Category;
import org.chatguard.model.StaffAction;
import org.chatguard.model.Tier;

/** The {@code staff-actions} contract: {@code staffRole} and {@code until}, and records written before them. */
class StaffActionJsonTest {

    static StaffAction read(String json) throws IOException {
        return EventJson.staffAction(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void roleAndMuteEndRoundTripUnderTheirContractNames() throws IOException {
        StaffAction a = new StaffAction("sa-1", StaffAction.Type.MUTE_CONVERSATION, null, "c1", null, Category.INSULT, "s-7",
                null, Instant.parse("2026-11-20T10:01:00Z"), null, Tier.COUNSELLOR, Instant.parse("2026-11-20T12:00:00Z"));
        JsonNode tree = EventJson.mapper().readTree(EventJson.toBytes(a));
        assertEquals("COUNSELLOR", tree.get("staffRole").asText());
        assertEquals("2026-11-20T12:00:00Z", tree.get("until").asText());
        assertEquals(a, EventJson.staffAction(EventJson.toBytes(a)));
    }

    @Test
    void anOldRecordReadsWithTheLeastTrustedRoleAndNoEnd() throws IOException {
        StaffAction a = read("{\"actionId\":\"sa1\",\"type\":\"MUTE_CONVERSATION\",\"conversationId\":\"c1\","
                + "\"staffId\":\"s-mod\",\"at\":\"2026-11-20T10:01:00Z\"}");
        assertNull(a.staffRole());
        assertEquals(Tier.MODERATOR, a.role());
        assertNull(a.until());
        assertEquals("c1", a.conversationId());
    }

    @Test
    void anUnknownOrMistypedRoleCountsAsAModerator() throws IOException {
        for (String role : new String[] {"\"ADMIN\"", "\"safeguarding \"", "3", "{}", "null"}) {
            StaffAction a = read("{\"actionId\":\"sa1\",\"type\":\"DISMISS_ALERT\",\"conversationId\":\"c1\",\"alertId\":\"al-1\","
                    + "\"staffRole\":" + role + "}");
            assertEquals(Tier.MODERATOR, a.role(), role);
        }
        assertEquals(Tier.SAFEGUARDING, read("{\"actionId\":\"x\",\"type\":\"DISMISS_ALERT\",\"staffRole\":\"SAFEGUARDING\"}").role());
    }

    @Test
    void somethingThatIsNotAnObjectIsAnError() {
        assertThrows(IOException.class, () -> read("[1,2]"));
        assertThrows(IOException.class, () -> read("{\"type\":\"NOT_A_TYPE\"}"));
    }
}
