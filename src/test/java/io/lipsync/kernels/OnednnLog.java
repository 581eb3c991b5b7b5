package io.lipsync.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads oneDNN's verbose log for convolutions that ran on channels-last (or other permuted) memory handed
 * in by the engine. oneDNN may pick such a layout itself for a kernel (its strided backward does); it then
 * reorders plain tensors into it first, so a channels-last convolution is ours only when no reorder into a
 * channels-last layout came since the previous convolution.
 */
final class OnednnLog {
    private static final Pattern TAG = Pattern.compile("(src|dst):[a-z0-9]+:[a-z]*:blocked:([A-Za-z0-9]+):");
    private static final Set<String> CHANNELS_LAST = Set.of("acb", "acdb", "acdeb");

    private OnednnLog() {}

    /** Each convolution fed channels-last memory by the engine, as "case: line". */
    static List<String> engineChannelsLast(List<String> lines) {
        List<String> out = new ArrayList<>();
        String currentCase = "?";
        boolean reorderedIntoChannelsLast = false;
        for (String line : lines) {
            if (line.startsWith("case ")) {
                currentCase = line.substring(5);
                continue;
            }
            if (!line.startsWith("onednn_verbose") || !line.contains(",exec,")) {
                continue;
            }
            if (line.contains(",reorder,")) {
                List<String> tags = tags(line);
                reorderedIntoChannelsLast |= tags.size() == 2 && CHANNELS_LAST.contains(tags.get(1));
            } else if (line.contains(",convolution,")) {
                boolean channelsLast = tags(line).stream().anyMatch(CHANNELS_LAST::contains);
                if (channelsLast && !reorderedIntoChannelsLast) {
                    out.add(currentCase + ": " + line);
                }
                reorderedIntoChannelsLast = false;
            }
        }
        return out;
    }

    /** The memory tags of a line's activations, in order (weights and bias left out). */
    static List<String> tags(String line) {
        List<String> tags = new ArrayList<>();
        Matcher m = TAG.matcher(line);
        while (m.find()) {
            tags.add(m.group(2));
        }
        return tags;
    }

    /** How many convolutions the log shows running. */
    static long convolutions(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("onednn_verbose") && l.contains(",exec,")
                && l.contains(",convolution,")).count();
    }
}
