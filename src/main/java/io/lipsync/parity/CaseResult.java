package io.lipsync.parity;

import java.util.List;

/** The outcome of one parity case. */
public record CaseResult(String name, String kind, Status status, List<Comparison> comparisons, String message) {
    /** PASS and FAIL compare numbers; NOT_IMPLEMENTED and ERROR count as failed. */
    public enum Status { PASS, FAIL, NOT_IMPLEMENTED, ERROR }

    public boolean passed() {
        return status == Status.PASS;
    }

    public double maxAbs() {
        return comparisons.stream().mapToDouble(Comparison::maxAbs).max().orElse(Double.NaN);
    }

    public double maxRel() {
        return comparisons.stream().mapToDouble(Comparison::maxRel).max().orElse(Double.NaN);
    }

    /** One line: name, max abs error, max rel error, verdict (and why, when it did not pass). */
    public String line() {
        String verdict = switch (status) {
            case PASS -> "PASS";
            case FAIL -> "FAIL";
            case NOT_IMPLEMENTED -> "FAIL (not implemented)";
            case ERROR -> "FAIL (error)";
        };
        StringBuilder sb = new StringBuilder(String.format("%-32s %-22s abs %-10s rel %-10s %s", name, kind,
                fmt(maxAbs()), fmt(maxRel()), verdict));
        comparisons.stream().filter(c -> !c.pass()).forEach(c -> sb.append("\n    ").append(c.output())
                .append(c.problem() != null ? ": " + c.problem()
                        : String.format(": max abs %s, max rel %s", fmt(c.maxAbs()), fmt(c.maxRel()))));
        if (message != null) {
            sb.append("\n    ").append(message);
        }
        return sb.toString();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.3g", v);
    }
}
