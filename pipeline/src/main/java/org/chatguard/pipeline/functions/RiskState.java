package org.chatguard.pipeline.functions;

import java.time.Duration;

import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;

/**
 * State descriptors of the risk stages. Values are the risk classes' own compact binary form (a byte
 * array: RocksDB stores it as is, no Kryo, one read and at most one write per message) with a TTL
 * refreshed on every write, so a conversation or user that goes quiet is forgotten after the TTL.
 */
final class RiskState {

    private RiskState() {
    }

    static ValueStateDescriptor<byte[]> bytes(String name, Duration ttl) {
        ValueStateDescriptor<byte[]> d = new ValueStateDescriptor<>(name, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        d.enableTimeToLive(ttl(ttl));
        return d;
    }

    /** A map of compact values by string key (e.g. per target within a conversation), each entry with its own TTL. */
    static MapStateDescriptor<String, byte[]> map(String name, Duration ttl) {
        MapStateDescriptor<String, byte[]> d = new MapStateDescriptor<>(name, BasicTypeInfo.STRING_TYPE_INFO,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        d.enableTimeToLive(ttl(ttl));
        return d;
    }

    private static StateTtlConfig ttl(Duration ttl) {
        return StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                // expired risk must not come back to block or alert, even before compaction removes it
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build();
    }
}
