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
    /** A problem's input and output channels: {@code mb4_ic32oc64_ih8...} (g2ic... when grouped). */
    private static final Pattern CHANNELS = Pattern.compile("_(?:g\\d+)?ic(\\d+)oc(\\d+)[_,]");

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

    /**
     * Each convolution whose channels fill part of a block (see {@link Convolutions}): more than 16 input
     * channels but not a multiple of 32, or output channels not a multiple of 16. Read from the problem's
     * shape, which the engine chose, not from the layout oneDNN chose for this CPU.
     */
    static List<String> partBlocks(List<String> lines) {
        List<String> found = new ArrayList<>();
        String currentCase = "?";
        for (String line : lines) {
            if (line.startsWith("case ")) {
                currentCase = line.substring(5);
                continue;
            }
            if (!line.startsWith("onednn_verbose") || !line.contains(",exec,") || !line.contains(",convolution,")) {
                continue;
            }
            Matcher m = CHANNELS.matcher(line);
            if (!m.find()) {
                found.add(currentCase + ": no channel counts in " + line);
                continue;
            }
            long in = Long.parseLong(m.group(1));
            long out = Long.parseLong(m.group(2));
            if (in > Convolutions.OUTPUT_BLOCK && in % Convolutions.INPUT_BLOCK != 0 || out % Convolutions.OUTPUT_BLOCK != 0) {
                found.add(currentCase + ": " + line);
            }
        }
        return found;
    }

    /** How many convolutions the log shows running. */
    static long convolutions(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("onednn_verbose") && l.contains(",exec,")
                && l.contains(",convolution,")).count();
    }
}
