package org.chatguard.load.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The load tool sends traffic to this machine only: a guard against pointing it at a shared cluster. */
public final class Localhost {

    private Localhost() {
    }

    /** @throws IllegalArgumentException unless every bootstrap server resolves to a loopback address */
    public static String require(String bootstrapServers) {
        for (String hp : bootstrapServers.split(",")) {
            String s = hp.trim();
            String host;
            if (s.startsWith("[")) {
                host = s.substring(1, s.indexOf(']'));
            } else {
                int colon = s.lastIndexOf(':');
                host = colon < 0 ? s : s.substring(0, colon);
            }
            if (host.contains("://")) {
                host = host.substring(host.indexOf("://") + 3);
            }
            boolean loopback;
            try {
                loopback = InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                loopback = false;
            }
            if (!loopback) {
                throw new IllegalArgumentException("refusing to send load to '" + s + "': the load tool talks to localhost only");
            }
        }
        return bootstrapServers;
    }
}
