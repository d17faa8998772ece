package org.chatguard.pipeline.functions;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

import org.chatguard.connectors.kafka.RawRecord;

/**
 * Staff actions are applied when they arrive, not in event-time order, and the keyed stages they join
 * take the minimum watermark of their inputs: a staff-actions input without watermarks (or with staff
 * clocks) would hold the messages' event time back for ever. So this input declares itself done with
 * event time.
 */
public final class StaffActionWatermarks {

    private StaffActionWatermarks() {
    }

    public static WatermarkStrategy<RawRecord> strategy() {
        return ctx -> new WatermarkGenerator<>() {
            @Override
            public void onEvent(RawRecord event, long eventTimestamp, WatermarkOutput output) {
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.emitWatermark(new Watermark(Long.MAX_VALUE));
            }
        };
    }
}
