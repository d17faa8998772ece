package org.chatguard.load.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.chatguard.load.latency.IntervalSample;
import org.chatguard.load.run.RunResult;

/** A self-contained HTML page: summary tables and two inline SVG charts (throughput, latency over time). */
public final class HtmlReport {

    private static final int W = 920;
    private static final int H = 300;
    private static final int ML = 70;
    private static final int MR = 150;
    private static final int MT = 20;
    private static final int MB = 40;

    private HtmlReport() {
    }

    public static String render(LoadReport r) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ChatGuard load report: ")
                .append(esc(r.command())).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0 20px}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right;font-size:13px}th{background:#f3f3f3}")
                .append("td:first-child,th:first-child{text-align:left}.note{color:#555;font-size:13px}svg{display:block;margin:8px 0 24px}")
                .append("</style></head><body>\n");
        sb.append("<h1>ChatGuard load report: ").append(esc(r.command())).append("</h1>\n");
        sb.append("<p class=\"note\">started ").append(esc(r.startedAt())).append(", ")
                .append(fmt(r.seconds())).append(" s; machine ").append(esc(String.valueOf(r.machine()))).append("</p>\n");
        if (r.maxRate() != null) {
            sb.append("<p><b>Max sustainable rate: ").append(fmt(r.maxRate())).append(" msgs/s</b></p>\n");
        }
        sb.append("<h2>Runs</h2>\n<table><tr><th>run</th><th>target/s</th><th>sent</th><th>sent/s</th><th>decided</th>")
                .append("<th>decided/s</th><th>missing</th><th>dup</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th>")
                .append("<th>p99.9 ms</th><th>max ms</th><th>naive p99 ms</th></tr>\n");
        for (RunResult x : r.runs()) {
            sb.append("<tr><td>").append(esc(x.name())).append("</td><td>").append(fmt(x.targetRate()))
                    .append("</td><td>").append(x.sent()).append("</td><td>").append(fmt(x.sentRate()))
                    .append("</td><td>").append(x.decided()).append("</td><td>").append(fmt(x.decidedRate()))
                    .append("</td><td>").append(x.missing()).append("</td><td>").append(x.duplicates())
                    .append("</td><td>").append(fmt(x.latency().p50Ms())).append("</td><td>").append(fmt(x.latency().p90Ms()))
                    .append("</td><td>").append(fmt(x.latency().p99Ms())).append("</td><td>").append(fmt(x.latency().p999Ms()))
                    .append("</td><td>").append(fmt(x.latency().maxMs())).append("</td><td>").append(fmt(x.naiveLatency().p99Ms()))
                    .append("</td></tr>\n");
        }
        sb.append("</table>\n<p class=\"note\">Latency is measured from each message's <i>intended</i> send time on the open-loop ")
                .append("schedule to its decision on the decisions topic (no coordinated omission). \"naive p99\" is measured from the ")
                .append("actual send, shown only for comparison.</p>\n");

        List<IntervalSample> s = r.series();
        sb.append("<h2>Throughput (msgs/s)</h2>\n");
        sb.append(chart(s, false, List.of(
                new Line("target", "#999", true, IntervalSample::targetRate),
                new Line("sent", "#1f77b4", false, IntervalSample::sentRate),
                new Line("decided", "#2ca02c", false, IntervalSample::decidedRate))));
        sb.append("<h2>Latency per second (ms, log scale)</h2>\n");
        sb.append(chart(s, true, List.of(
                new Line("p50", "#2ca02c", false, IntervalSample::p50Ms),
                new Line("p99", "#ff7f0e", false, IntervalSample::p99Ms),
                new Line("max", "#d62728", false, IntervalSample::maxMs))));

        sb.append("<h2>Settings</h2>\n<table>");
        for (Map.Entry<String, Object> e : r.settings().entrySet()) {
            sb.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(esc(String.valueOf(e.getValue()))).append("</td></tr>");
        }
        sb.append("</table>\n");
        if (!r.notes().isEmpty()) {
            sb.append("<h2>Notes</h2>\n<ul>");
            r.notes().forEach(n -> sb.append("<li>").append(esc(n)).append("</li>"));
            sb.append("</ul>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    record Line(String label, String color, boolean dashed, ToDoubleFunction<IntervalSample> value) {
    }

    static String chart(List<IntervalSample> s, boolean log, List<Line> lines) {
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" font-size=\"11\">\n");
        int pw = W - ML - MR;
        int ph = H - MT - MB;
        sb.append("<rect x=\"").append(ML).append("\" y=\"").append(MT).append("\" width=\"").append(pw)
                .append("\" height=\"").append(ph).append("\" fill=\"#fff\" stroke=\"#bbb\"/>\n");
        if (s.isEmpty()) {
            return sb.append("<text x=\"").append(ML + 10).append("\" y=\"").append(MT + 20).append("\">no samples</text></svg>\n").toString();
        }
        double tMax = Math.max(1, s.get(s.size() - 1).t());
        double tMin = Math.min(tMax - 1, s.get(0).t() - 1);
        double vMax = 0;
        double vMinPos = Double.MAX_VALUE;
        for (IntervalSample x : s) {
            for (Line l : lines) {
                double v = l.value().applyAsDouble(x);
                vMax = Math.max(vMax, v);
                if (v > 0) {
                    vMinPos = Math.min(vMinPos, v);
                }
            }
        }
        double lo;
        double hi;
        if (log) {
            lo = Math.floor(Math.log10(vMinPos == Double.MAX_VALUE ? 0.1 : Math.max(0.01, vMinPos)));
            hi = Math.ceil(Math.log10(Math.max(vMax, Math.pow(10, lo + 1))));
            if (hi <= lo) {
                hi = lo + 1;
            }
        } else {
            lo = 0;
            hi = niceCeil(Math.max(1, vMax * 1.05));
        }
        // y grid
        List<Double> ticks = new ArrayList<>();
        if (log) {
            for (double e = lo; e <= hi; e++) {
                ticks.add(e);
            }
        } else {
            for (int i = 0; i <= 5; i++) {
                ticks.add(hi * i / 5);
            }
        }
        for (double tk : ticks) {
            double y = MT + ph - (tk - lo) / (hi - lo) * ph;
            sb.append("<line x1=\"").append(ML).append("\" x2=\"").append(ML + pw).append("\" y1=\"").append(f1(y)).append("\" y2=\"")
                    .append(f1(y)).append("\" stroke=\"#eee\"/><text x=\"").append(ML - 6).append("\" y=\"").append(f1(y + 4))
                    .append("\" text-anchor=\"end\">").append(log ? fmt(Math.pow(10, tk)) : fmt(tk)).append("</text>\n");
        }
        // x ticks
        for (int i = 0; i <= 8; i++) {
            double t = tMin + (tMax - tMin) * i / 8;
            double x = ML + (t - tMin) / (tMax - tMin) * pw;
            sb.append("<text x=\"").append(f1(x)).append("\" y=\"").append(MT + ph + 16).append("\" text-anchor=\"middle\">")
                    .append(fmt(t)).append("</text>\n");
        }
        sb.append("<text x=\"").append(ML + pw / 2).append("\" y=\"").append(H - 6).append("\" text-anchor=\"middle\">seconds</text>\n");
        int legendY = MT + 14;
        for (Line l : lines) {
            StringBuilder pts = new StringBuilder();
            for (IntervalSample x : s) {
                double v = l.value().applyAsDouble(x);
                double px = ML + (x.t() - tMin) / (tMax - tMin) * pw;
                double norm = log ? (Math.log10(Math.max(v, Math.pow(10, lo))) - lo) / (hi - lo) : (v - lo) / (hi - lo);
                double py = MT + ph - Math.max(0, Math.min(1, norm)) * ph;
                pts.append(f1(px)).append(',').append(f1(py)).append(' ');
            }
            sb.append("<polyline fill=\"none\" stroke=\"").append(l.color()).append("\" stroke-width=\"1.6\"")
                    .append(l.dashed() ? " stroke-dasharray=\"5,4\"" : "").append(" points=\"").append(pts).append("\"/>\n");
            sb.append("<line x1=\"").append(ML + pw + 12).append("\" x2=\"").append(ML + pw + 36).append("\" y1=\"").append(legendY - 4)
                    .append("\" y2=\"").append(legendY - 4).append("\" stroke=\"").append(l.color()).append("\" stroke-width=\"2\"")
                    .append(l.dashed() ? " stroke-dasharray=\"5,4\"" : "").append("/><text x=\"").append(ML + pw + 42)
                    .append("\" y=\"").append(legendY).append("\">").append(esc(l.label())).append("</text>\n");
            legendY += 18;
        }
        return sb.append("</svg>\n").toString();
    }

    static double niceCeil(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return Long.toString((long) v);
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : Math.abs(v) >= 1 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
